package io.xaccount.operator.reconciler.grant;

import io.xaccount.operator.aws.AccountClients;
import io.xaccount.operator.iam.GrantPack;
import io.xaccount.operator.iam.SlotBudget;
import io.xaccount.operator.iam.SlotBudget.Held;
import io.xaccount.operator.reconciler.ReconcileFailure;
import io.xaccount.operator.reconciler.account.AccountGuardrails;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Holds the grants of one namespace to the account's {@code maxGrantSlotsPerPrincipal} whenever a
 * placement would create pack slots ({@link SlotBudget}); a placement into slots that exist is
 * never asked, so a converged grant makes no call for it.
 *
 * <p>What a namespace holds on a principal is counted from four sources: the grant informer's cache
 * (the slot each grant's status names: no call), the slots of the grant's own pack as listed, the
 * slots this process created that no status names yet (a concurrent grant's status may not be in
 * the cache yet; one namespace's placements that create slots are checked one at a time), and IAM
 * ({@link RetainedSlots}): the slots left holding only Retained statements, which no grant names
 * any more; without them a namespace could retain its way past the budget.
 */
@ApplicationScoped
public class SlotBudgets {
  /**
   * How long a slot this process created counts at most before a grant's status names it (a status
   * write lost, or a create that failed half-way: then nothing in the cluster names the slot).
   */
  static final Duration RESERVED = Duration.ofMinutes(10);

  private final RetainedSlots retained;
  private final Clock clock;
  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Reserved>> reserved = new ConcurrentHashMap<>();

  private record Reserved(Set<String> members, String uid, Instant at) {}

  /** The lease this thread holds, if any. */
  private final ThreadLocal<Lease> current = new ThreadLocal<>();

  public SlotBudgets(RetainedSlots retained, Clock clock) {
    this.retained = retained;
    this.clock = clock;
  }

  /**
   * What the grant informer's cache tells of one account's slots.
   *
   * @param held the slots the namespace's grants hold, with their principals
   * @param named every slot some grant's status names, whatever its namespace
   * @param live the uids of the grants in the cache
   * @param placedHere how many grants' statuses name a slot in this account, whatever their
   *     namespace: the resyncs a bulk read of the account would serve
   */
  public record Known(List<Held> held, Set<String> named, Set<String> live, int placedHere) {}

  /**
   * The budget a grant's placement is held to.
   *
   * @param account the AwsAccount's name, for the message
   * @param namespace the grant's namespace
   * @param limit the account's maxGrantSlotsPerPrincipal
   * @param principals the grant's principals as its spec names them, kind to names
   * @param known what the cache tells, asked only when slots are to be created
   */
  public record Budget(
      String account,
      String namespace,
      int limit,
      Map<String, List<String>> principals,
      Supplier<Known> known) {}

  /** One namespace's budget while a placement that creates slots is checked and written. */
  public final class Lease implements AutoCloseable {
    private final ReentrantLock lock;
    private final Budget budget;
    private final String key;
    private final Map<String, Set<String>> byMember;
    private final List<Runnable> afterRelease = new ArrayList<>();

    private Lease(ReentrantLock lock, Budget budget, String key, Map<String, Set<String>> held) {
      this.lock = lock;
      this.budget = budget;
      this.key = key;
      this.byMember = held;
    }

    /** How many slots the placement may create. */
    public int room() {
      return SlotBudget.room(byMember, budget.limit());
    }

    /** The Forbidden refusal of a placement that needs {@code needed} slots more. */
    public ReconcileFailure refusal(int needed) {
      return AccountGuardrails.refusal(
          budget.account(),
          SlotBudget.refusals(byMember, needed, budget.limit(), budget.namespace()));
    }

    /**
     * Counts the slots the grant {@code uid} is about to create until a grant's status names them
     * (or the grant is gone: its slot is then deleted, or found in IAM holding what it retained).
     */
    public void reserve(Collection<String> arns, String uid) {
      Reserved r = new Reserved(GrantPack.members(budget.principals()), uid, Instant.now(clock));
      arns.forEach(
          arn -> reserved.computeIfAbsent(key, k -> new ConcurrentHashMap<>()).put(arn, r));
    }

    /** Forgets a reservation: the slot's name was someone else's, nothing was created. */
    public void release(String arn) {
      reserved.getOrDefault(key, new ConcurrentHashMap<>()).remove(arn);
    }

    @Override
    public void close() {
      current.remove();
      lock.unlock();
      afterRelease.forEach(Runnable::run);
    }
  }

  /**
   * Runs {@code action} now, or once this thread's lease is released when it holds one: the
   * Kubernetes Event of a slot created is recorded after the namespace's other grants may go on
   * (under load an Event's create takes a second, and a break-glass grant of the namespace may be
   * waiting for the lease), still before the reconcile returns.
   */
  void afterLease(Runnable action) {
    Lease lease = current.get();
    if (lease == null) {
      action.run();
    } else {
      lease.afterRelease.add(action);
    }
  }

  /**
   * Takes the namespace's lock and counts what it holds on the grant's principals.
   *
   * @param listed the slots of the grant's pack as listed (they count whoever they are attached to)
   */
  Lease lease(Budget budget, AccountClients clients, String accountId, Collection<String> listed) {
    String key = accountId + "/" + budget.namespace();
    ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
    lock.lock();
    try {
      Lease lease = new Lease(lock, budget, key, held(budget, clients, accountId, listed));
      current.set(lease);
      return lease;
    } catch (RuntimeException e) {
      lock.unlock();
      throw e;
    }
  }

  /** The slots held on each of the grant's principals, without the lock (for a plan). */
  Map<String, Set<String>> held(
      Budget budget, AccountClients clients, String accountId, Collection<String> listed) {
    Known known = budget.known().get();
    Set<String> members = GrantPack.members(budget.principals());
    List<Held> held = new ArrayList<>(known.held());
    listed.forEach(arn -> held.add(new Held(arn, members)));
    Instant oldest = Instant.now(clock).minus(RESERVED);
    Map<String, Reserved> mine = reserved.get(accountId + "/" + budget.namespace());
    if (mine != null) {
      // Once a grant's status names the slot, the cache tells; once the grant that created it is
      // gone, the slot is gone too or IAM shows it holding what was retained.
      mine.entrySet()
          .removeIf(
              e ->
                  known.named().contains(e.getKey())
                      || !known.live().contains(e.getValue().uid())
                      || e.getValue().at().isBefore(oldest));
      mine.forEach((arn, r) -> held.add(new Held(arn, r.members())));
    }
    held.addAll(retained.unnamed(clients, budget.namespace(), budget.principals(), known.named()));
    return SlotBudget.byMember(held, members);
  }

  /** Forgets a slot the operator deleted. */
  void forget(String slotArn) {
    reserved.values().forEach(m -> m.remove(slotArn));
  }
}
