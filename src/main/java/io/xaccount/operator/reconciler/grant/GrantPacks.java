package io.xaccount.operator.reconciler.grant;

import static io.xaccount.operator.reconciler.AwsFailures.deleteClearingConflicts;
import static io.xaccount.operator.reconciler.AwsFailures.ignoringMissing;

import com.fasterxml.jackson.databind.JsonNode;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrantStatus;
import io.xaccount.operator.aws.AccountClients;
import io.xaccount.operator.aws.AwsFailure;
import io.xaccount.operator.aws.IamPolicies;
import io.xaccount.operator.aws.IamPolicies.Entities;
import io.xaccount.operator.aws.IamPolicies.EntityKind;
import io.xaccount.operator.aws.IamPolicies.PolicyHead;
import io.xaccount.operator.aws.IamPolicies.PolicyListing;
import io.xaccount.operator.aws.IamTurn;
import io.xaccount.operator.iam.AccountRoles;
import io.xaccount.operator.iam.GrantPack;
import io.xaccount.operator.iam.GrantPackPlanner;
import io.xaccount.operator.iam.GrantPackPlanner.Batch;
import io.xaccount.operator.iam.GrantPackPlanner.Placement;
import io.xaccount.operator.iam.GrantPackPlanner.SlotState;
import io.xaccount.operator.iam.ObservedSlot;
import io.xaccount.operator.iam.PolicyDocument;
import io.xaccount.operator.iam.PolicyVersionChange;
import io.xaccount.operator.iam.PolicyVersionChange.PolicyVersion;
import io.xaccount.operator.iam.PolicyVersionPlanner;
import io.xaccount.operator.iam.Validated;
import io.xaccount.operator.reconciler.AwsFailures;
import io.xaccount.operator.reconciler.EventRecorder;
import io.xaccount.operator.reconciler.OperatorMetrics;
import io.xaccount.operator.reconciler.OperatorSettings;
import io.xaccount.operator.reconciler.Ownership;
import io.xaccount.operator.reconciler.Reason;
import io.xaccount.operator.reconciler.ReconcileFailure;
import io.xaccount.operator.reconciler.account.VerifiedAccount;
import io.xaccount.operator.reconciler.role.RoleSnapshots;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Puts a grant's statement into its {@link GrantPack} and takes it out again. One pack is changed
 * by one reconcile at a time (a lock per account and pack), so statements of concurrent grants are
 * never lost to each other.
 *
 * <p>Calls: a converged grant's resync is served from the account's shared bulk read when that read
 * is trusted about its slot (no call of its own); otherwise it reads its slot only (GetPolicy, plus
 * GetPolicyVersion when the default version is not one already known), and ListEntitiesForPolicy
 * for its attachments. Only when its statement is not where its status says does it list the pack
 * (ListPolicies with the pack's path, GetPolicy of each slot for its tags; neither when this
 * process listed and wrote the pack itself within {@link PackMemory#WINDOW}) and write:
 * CreatePolicyVersion (ListPolicyVersions first, DeletePolicyVersion at IAM's limit of five),
 * CreatePolicy for a new slot, and for a slot left empty the detachments, version deletions and
 * DeletePolicy. A new slot's name found taken is read before another is tried: GetPolicy at its
 * ARN, and when nothing is there, ListPolicies over the whole account for the name elsewhere. A
 * placement that creates a slot is first held to the namespace's budget on the grant's principals
 * ({@link SlotBudgets}: ListAttached…Policies of each principal, GetPolicy once of a slot no grant
 * names).
 */
@ApplicationScoped
public class GrantPacks {
  private static final Logger LOG = Logger.getLogger(GrantPacks.class);

  private final IamPolicies policies;
  private final Ownership ownership;
  private final EventRecorder events;
  private final PackMemory memory;
  private final GrantAttachments attachments;
  private final OperatorMetrics metrics;
  private final SlotBudgets budgets;
  private final RoleSnapshots snapshots;
  private final int conflictRetries;
  private final int bulkMinGrants;

  /** Per account ID: the grants whose statements this process placed or checked there, by uid. */
  private final Map<String, Set<String>> checkedIn = new ConcurrentHashMap<>();

  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  /** Per pack: statements of grants waiting for its lock, by Sid (written with the next batch). */
  private final Map<String, Map<String, JsonNode>> waiting = new ConcurrentHashMap<>();

  /** Per slot: statements of deleted grants waiting to be taken out, by Sid (to a Retained Sid). */
  private final Map<String, Map<String, Optional<String>>> leaving = new ConcurrentHashMap<>();

  /** Per grant Sid: the pack whose {@link #waiting} holds its statement. */
  private final Map<String, String> waitingIn = new ConcurrentHashMap<>();

  /**
   * Per pack: where a batch put statements of grants still waiting, by Sid, with the statement it
   * put there. Only read and written inside the pack's lock.
   */
  private final Map<String, Map<String, PlacedFor>> placedForOthers = new ConcurrentHashMap<>();

  private record PlacedFor(String arn, JsonNode statement) {}

  /**
   * How long a grant waits for its pack's lock before it is put off ({@link PackBusy}): a thread
   * waiting for a lock another grant holds while it waits its turn at IAM serves nobody, and a pool
   * of such threads would leave a break-glass grant of another pack without one.
   */
  static final java.time.Duration LOCK_WAIT = java.time.Duration.ofMillis(200);

  /** When a grant put off for its pack's lock comes back (plus up to as much again). */
  static final java.time.Duration BUSY_DEFERRAL = java.time.Duration.ofSeconds(1);

  /**
   * A grant put off because another grant holds its pack's lock: its statement stays waiting, so
   * that the batch under way writes it, and the grant comes back after {@link #after()} to find
   * where. Nothing was read or written for it.
   */
  public static final class PackBusy extends RuntimeException {
    private final java.time.Duration after;

    PackBusy(java.time.Duration after) {
      super("pack busy; put off for " + after, null, false, false);
      this.after = after;
    }

    public java.time.Duration after() {
      return after;
    }
  }

  /**
   * Per slot: who it was attached to when a grant last attached it, and when; the grants of a batch
   * that follow, and the next batches written within {@link PackMemory#WINDOW} of it, use it
   * instead of ListEntitiesForPolicy. Only read and written inside the pack's lock.
   */
  private final Map<String, Attached> attachedBy = new ConcurrentHashMap<>();

  private record Attached(Entities entities, long atNanos) {}

  /**
   * Per slot: its last direct read, when it began, and who it was attached to. Forgotten when the
   * operator writes to the slot. Only read and written inside the pack's lock.
   */
  private final Map<String, Seen> seen = new ConcurrentHashMap<>();

  /** Per grant uid: when its statement was last checked in place. */
  private final Map<String, Long> lastChecked = new ConcurrentHashMap<>();

  /**
   * The slot this process last placed each grant's statement in (by uid): newer than the grant's
   * status when the status write that followed was lost (a 409, a crash of the write), so that the
   * next placement, should it land elsewhere (another grant's batch, made from a listing that did
   * not show the slot yet), takes the statement out of this one.
   */
  private final Map<String, String> lastPlaced = new ConcurrentHashMap<>();

  private record Seen(Slot slot, Entities entities, long startedNanos) {}

  /**
   * Per slot ARN: the policy ID this process found carrying this cluster's pack tags (read with
   * GetPolicy, or created). The account's bulk read carries no tags; a slot it shows is taken for
   * ours only under this ID (a policy deleted and made again by someone else has another).
   */
  private final Map<String, String> verifiedIds = new ConcurrentHashMap<>();

  /**
   * Per slot ARN: the policy ID a converged grant's status reported and the bulk read confirmed.
   * Enough to trust a read about the slot, never to skip the tag read a write starts from.
   */
  private final Map<String, String> reportedIds = new ConcurrentHashMap<>();

  /**
   * Forgets what a process that just started does not know: every slot ID found ours, which grants
   * were checked here and when, and the slots read directly.
   */
  void forgetAsRestarted() {
    verifiedIds.clear();
    reportedIds.clear();
    checkedIn.clear();
    lastChecked.clear();
    seen.clear();
  }

  /**
   * The ID of the slot at {@code arn} for the grant's status: the one this process found ours, else
   * the one the status already reports for that slot (the operator writes it only once found).
   */
  String policyId(AssumeRoleGrant grant, String arn) {
    String known = verifiedIds.get(arn);
    if (known != null) {
      return known;
    }
    AssumeRoleGrantStatus status = grant.getStatus();
    return status != null && arn.equals(status.getPolicyArn()) ? status.getPolicyId() : null;
  }

  public GrantPacks(
      IamPolicies policies,
      Ownership ownership,
      EventRecorder events,
      PackMemory memory,
      GrantAttachments attachments,
      OperatorMetrics metrics,
      SlotBudgets budgets,
      RoleSnapshots snapshots,
      OperatorSettings settings) {
    this.policies = policies;
    this.ownership = ownership;
    this.events = events;
    this.memory = memory;
    this.attachments = attachments;
    this.metrics = metrics;
    this.budgets = budgets;
    this.snapshots = snapshots;
    this.conflictRetries = settings.deleteConflictRetries();
    this.bulkMinGrants = settings.bulkObservationMinRoles();
  }

  /**
   * Where the grant's statement is now.
   *
   * @param arn the slot that holds it
   * @param entities who that slot is attached to (nobody when it was just created)
   */
  public record Placed(String arn, Entities entities) {}

  /**
   * Where the grant's statement is, and how attaching that slot went.
   *
   * @param arn the slot that holds the statement
   * @param outcome the slot's attachments to the grant's principals
   */
  public record Converged(String arn, GrantAttachments.Outcome outcome) {}

  /** A slot as read. */
  record Slot(int number, String arn, String policyId, String versionId, PolicyDocument document) {
    SlotState state() {
      return new SlotState(number, document);
    }
  }

  /** A slot name another policy took (CreatePolicy said it exists, but it is not in our path). */
  private static final class NameTaken extends RuntimeException {
    final int number;

    NameTaken(int number) {
      super(null, null, false, false);
      this.number = number;
    }
  }

  /**
   * Makes {@code statement} present in exactly one slot of {@code pack}, and that slot attached to
   * the grant's principals (inside the pack's lock, so that grants written together do not attach
   * it twice).
   *
   * @param previous the slot the grant's status names, if any (read first: the usual case)
   * @param keep whether another statement found in a slot stays (by Sid), asked anew inside the
   *     pack's lock: a statement written before the lock was taken belongs to a grant already known
   * @param budget what the grant's namespace may hold on its principals, asked only when a slot is
   *     to be created
   * @throws ReconcileFailure LimitExceeded when the pack is full, Forbidden past the budget, or
   *     what IAM refused
   */
  public Converged place(
      AssumeRoleGrant grant,
      VerifiedAccount account,
      GrantPack pack,
      String previous,
      JsonNode statement,
      Supplier<Predicate<String>> keep,
      SlotBudgets.Budget budget) {
    AccountClients clients = account.clients();
    String partition = account.partition();
    String accountId = account.accountId();
    String key = key(accountId, pack);
    String sid = statement.get("Sid").asText();
    checkedIn
        .computeIfAbsent(accountId, id -> ConcurrentHashMap.newKeySet())
        .add(grant.getMetadata().getUid());
    String waitedIn = waitingIn.put(sid, key);
    if (waitedIn != null && !waitedIn.equals(key)) {
      // Put off before, for another pack (its principals changed since): not written there.
      withdraw(sid, waitedIn, grant.getMetadata().getUid());
    }
    waiting.computeIfAbsent(key, k -> new ConcurrentHashMap<>()).put(sid, statement);
    return lockedOrPutOff(
        key,
        () -> {
          try {
            long checked = System.nanoTime();
            Placed placed = placed(grant, account, pack, key, previous, statement, keep, budget);
            lastPlaced.put(grant.getMetadata().getUid(), placed.arn());
            // The statement is where it should be as of now: a read of the slot another grant
            // makes from here on is newer than this check.
            lastChecked.merge(grant.getMetadata().getUid(), checked, Math::max);
            GrantAttachments.Outcome outcome =
                attachments.sync(grant, clients, placed.arn(), placed.entities());
            if (outcome.wrote()) {
              wrote(placed.arn());
            }
            attachedBy.put(placed.arn(), new Attached(entities(outcome), System.nanoTime()));
            seen.computeIfPresent(
                placed.arn(),
                (arn, read) -> new Seen(read.slot(), entities(outcome), read.startedNanos()));
            return new Converged(placed.arn(), outcome);
          } catch (AwsFailure f) {
            throw failure(grant, f);
          } finally {
            waiting.get(key).remove(sid);
            waitingIn.remove(sid, key);
          }
        });
  }

  /**
   * Takes back the statement of a grant that was put off ({@link PackBusy}) and is not placing it
   * now (it failed, ended, or is being deleted): no batch writes it from here on. Waits for a batch
   * under way that took it, so that where that batch put it is known ({@link #previous}) before the
   * grant goes on. Nothing when the grant's statement is not waiting.
   */
  public void withdraw(AssumeRoleGrant grant) {
    String sid = GrantPackPlanner.sid(grant.getMetadata().getUid());
    String key = waitingIn.remove(sid);
    if (key != null) {
      withdraw(sid, key, grant.getMetadata().getUid());
    }
  }

  /** The same, only when the statement waits in another pack than {@code pack}. */
  public void withdrawElsewhere(AssumeRoleGrant grant, String accountId, GrantPack pack) {
    String sid = GrantPackPlanner.sid(grant.getMetadata().getUid());
    String key = waitingIn.get(sid);
    if (key != null && !key.equals(key(accountId, pack)) && waitingIn.remove(sid, key)) {
      withdraw(sid, key, grant.getMetadata().getUid());
    }
  }

  /** The key of a pack's lock and of what waits for it. */
  private static String key(String accountId, GrantPack pack) {
    return accountId + "/" + pack.hash();
  }

  private void withdraw(String sid, String key, String uid) {
    locked(
        key,
        () -> {
          waiting.getOrDefault(key, Map.of()).remove(sid);
          PlacedFor placed = placedForOthers.getOrDefault(key, new HashMap<>()).remove(sid);
          if (placed != null) {
            lastPlaced.put(uid, placed.arn());
          }
          return null;
        });
  }

  /**
   * Where the grant's statement was last placed: the slot this process put it in, else the policy
   * its status names.
   */
  public String previous(AssumeRoleGrant grant) {
    String status = grant.getStatus() == null ? null : grant.getStatus().getPolicyArn();
    return lastPlaced.getOrDefault(grant.getMetadata().getUid(), status);
  }

  /**
   * Where the statement is after this reconcile: where a batch of another grant put it, else where
   * the status says when it is there as desired (GetPolicy, GetPolicyVersion when not known), else
   * wherever {@link #placeInPack} puts it.
   */
  private Placed placed(
      AssumeRoleGrant grant,
      VerifiedAccount account,
      GrantPack pack,
      String key,
      String previous,
      JsonNode statement,
      Supplier<Predicate<String>> keep,
      SlotBudgets.Budget budget) {
    AccountClients clients = account.clients();
    String sid = statement.get("Sid").asText();
    PlacedFor placedFor = placedForOthers.computeIfAbsent(key, k -> new HashMap<>()).remove(sid);
    String placed = placedFor == null ? null : placedFor.arn();
    if (placedFor != null && !placedFor.statement().equals(statement)) {
      // Written there as it was when the grant was put off; its spec changed since.
      previous = placedFor.arn();
      placed = null;
    }
    if (placed != null) {
      // Written by the grant that held the lock before, with its own statement, which attached
      // the slot just now: who it is attached to is known.
      changed(grant, "PolicyUpdated", "Wrote this grant's statement into " + placed);
      return new Placed(placed, attachedTo(clients, placed));
    }
    Predicate<String> kept = keep.get();
    Optional<Placed> unchanged =
        inPlace(grant, account, pack, key, previous, statement, kept, budget);
    if (unchanged.isPresent()) {
      return unchanged.get();
    }
    return placeInPack(
        grant,
        clients,
        account.partition(),
        account.accountId(),
        pack,
        key,
        statement,
        keep,
        budget);
  }

  /**
   * Takes the grant's statement out of the slot {@code slotArn} (kept under a Retained Sid with
   * {@code retain}); a slot left empty is deleted. Nothing happens to a policy that is not one of
   * this cluster's packs.
   */
  public void remove(
      AssumeRoleGrant grant,
      AccountClients clients,
      String slotArn,
      boolean retain,
      Supplier<Predicate<String>> keep) {
    Optional<GrantPack.Slot> slot = GrantPack.slot(slotArn);
    if (slot.isEmpty()) {
      return;
    }
    String uid = grant.getMetadata().getUid();
    String sid = GrantPackPlanner.sid(uid);
    lastChecked.remove(uid);
    checkedIn.computeIfPresent(
        slot.get().accountId(),
        (id, uids) -> {
          uids.remove(uid);
          return uids;
        });
    Map<String, Optional<String>> removals =
        leaving.computeIfAbsent(slotArn, k -> new ConcurrentHashMap<>());
    removals.put(sid, retain ? Optional.of(GrantPackPlanner.retainedSid(uid)) : Optional.empty());
    locked(
        slot.get().accountId() + "/" + slot.get().hash(),
        () -> {
          try {
            if (!removals.containsKey(sid)) {
              // Taken out by the grant that held the lock before, with its own.
              changed(grant, "PolicyUpdated", "Took this grant's statement out of " + slotArn);
              return null;
            }
            Optional<PolicyHead> head = policies.getPolicy(clients, slotArn);
            if (head.isEmpty() || !ownership.ownsPack(head.get().tags())) {
              return null;
            }
            Slot read = read(clients, slot.get().number(), head.get());
            Map<String, Optional<String>> batch = Map.copyOf(removals);
            Placement removal =
                GrantPackPlanner.removeAll(List.of(read.state()), batch, keep.get());
            apply(
                grant,
                clients,
                null,
                Map.of(read.number(), read),
                removal.writes(),
                removal.deletes(),
                null,
                null);
            batch.keySet().forEach(removals::remove);
            lastPlaced.remove(uid, slotArn);
            return null;
          } catch (AwsFailure f) {
            throw failure(grant, f);
          } finally {
            removals.remove(sid);
          }
        });
  }

  /** Every slot of {@code pack} that holds the grant's statement (for a cleanup without status). */
  public List<String> slotsHolding(AssumeRoleGrant grant, AccountClients clients, GrantPack pack) {
    String sid = GrantPackPlanner.sid(grant.getMetadata().getUid());
    try {
      List<String> holding = new ArrayList<>();
      for (Slot slot : list(clients, pack, new HashSet<>()).values()) {
        if (GrantPackPlanner.holds(slot.document(), sid)) {
          holding.add(slot.arn());
        }
      }
      return holding;
    } catch (AwsFailure f) {
      throw failure(grant, f);
    }
  }

  /**
   * The converged case: the statement is in the slot the status names, and the slot is ours. The
   * slot is taken from the account's bulk read when this is a resync and the read is trusted about
   * it ({@link #fromBulk}), else from another grant's read of the same slot made after this grant's
   * previous check with nothing written to it since ({@link #seen}), else read (GetPolicy,
   * GetPolicyVersion when not known, ListEntitiesForPolicy); any write starts from a direct read.
   */
  private Optional<Placed> inPlace(
      AssumeRoleGrant grant,
      VerifiedAccount account,
      GrantPack pack,
      String key,
      String previous,
      JsonNode statement,
      Predicate<String> keep,
      SlotBudgets.Budget budget) {
    Optional<Integer> number = pack.slotOf(previous);
    if (number.isEmpty()
        || !GrantPack.slot(previous)
            .map(s -> s.accountId().equals(account.accountId()))
            .orElse(false)) {
      return Optional.empty();
    }
    long now = System.nanoTime();
    Long lastCheck = lastChecked.put(grant.getMetadata().getUid(), now);
    Bulk bulk = fromBulk(grant, account, number.get(), previous, now, budget);
    Seen shared = seen.get(previous);
    // A bulk read that shows the slot otherwise is newer than any shared read: read directly.
    boolean reuse =
        bulk.unavailable()
            && shared != null
            && lastCheck != null
            && shared.startedNanos() > lastCheck;
    boolean secondHand = reuse || bulk.seen() != null;
    Seen read =
        bulk.seen() != null
            ? bulk.seen()
            : reuse ? shared : readSlot(account.clients(), number.get(), previous, now);
    if (read == null) {
      return doubted(previous);
    }
    Slot slot = read.slot();
    if (!GrantPackPlanner.holds(slot.document(), statement.get("Sid").asText())) {
      return doubted(previous);
    }
    Validated<Placement> placement =
        GrantPackPlanner.place(List.of(slot.state()), Set.of(), statement, keep);
    if (!placement.isValid()
        || placement.get().slot() != slot.number()
        || !placement.get().deletes().isEmpty()) {
      return doubted(previous);
    }
    if (placement.get().writes().isEmpty()) {
      metrics.resync(grant, secondHand ? "bulk" : "direct");
      return Optional.of(new Placed(previous, read.entities()));
    }
    if (secondHand || waiting.get(key).size() > 1) {
      // A write starts from a direct read; and when others wait to write into this pack too,
      // one batch writes them all.
      return doubted(previous);
    }
    apply(
        grant,
        account.clients(),
        pack,
        Map.of(slot.number(), slot),
        placement.get().writes(),
        Set.of(),
        null,
        null);
    return Optional.of(new Placed(previous, read.entities()));
  }

  /**
   * The slot as the account's shared bulk read shows it, when this reconcile is a resync (the grant
   * converged for its current generation on this slot) and the read is trusted about the slot: it
   * began once this operator's last write to the slot had settled, it shows the policy under the ID
   * this process found ours, and its default version is not older than one the operator just set. A
   * slot whose ID is not known yet (after a restart) is asked for its tags once (GetPolicy). No
   * call of its own otherwise.
   */
  private Bulk fromBulk(
      AssumeRoleGrant grant,
      VerifiedAccount account,
      int number,
      String arn,
      long startedNanos,
      SlotBudgets.Budget budget) {
    AssumeRoleGrantStatus status = grant.getStatus();
    if (!OperatorMetrics.wasConverged(status, grant.getMetadata().getGeneration())
        || !arn.equals(status.getPolicyArn())) {
      return Bulk.UNAVAILABLE;
    }
    snapshots.renewIfBlindToSlot(account, arn);
    Optional<ObservedSlot> observed =
        bulkRead(account, budget).flatMap(read -> snapshots.slot(read, account.accountId(), arn));
    if (observed.isEmpty()) {
      return Bulk.UNAVAILABLE;
    }
    ObservedSlot slot = observed.get();
    if (!ours(account.clients(), slot, status.getPolicyId())
        || !memory
            .believedDefault(slot.policyId(), slot.defaultVersionId())
            .equals(slot.defaultVersionId())
        || !attachedAsSpecified(grant, slot)) {
      // Not the slot this process knows as ours, a read that may be stale about a version the
      // operator just set, or attachments to change: all decided after a direct read.
      return Bulk.CONTRADICTED;
    }
    memory.read(slot.policyId(), slot.defaultVersionId(), slot.document());
    return new Bulk(
        new Seen(
            new Slot(number, arn, slot.policyId(), slot.defaultVersionId(), slot.document()),
            new Entities(
                new TreeSet<>(slot.users()),
                new TreeSet<>(slot.groups()),
                new TreeSet<>(slot.roles())),
            startedNanos),
        false);
  }

  /**
   * What the account's bulk read says of a slot: {@code seen} when it confirms the slot as this
   * grant needs it; otherwise whether no trusted read showed the slot at all ({@code unavailable})
   * or one did and showed it otherwise.
   */
  private record Bulk(Seen seen, boolean unavailable) {
    static final Bulk UNAVAILABLE = new Bulk(null, true);
    static final Bulk CONTRADICTED = new Bulk(null, false);
  }

  /**
   * The account's shared bulk read: one already made (no call), else a new one when at least {@code
   * xaccount.operator.bulk-observation-min-roles} grants of the account were checked here or, as
   * after a restart, have a slot there by the informer's cache, and the last read took no more
   * calls than the direct reads of the slots known here (two each).
   */
  private Optional<AccountRoles> bulkRead(VerifiedAccount account, SlotBudgets.Budget budget) {
    Optional<AccountRoles> recent = snapshots.recent(account);
    if (recent.isPresent()) {
      return recent;
    }
    if (checkedIn.getOrDefault(account.accountId(), Set.of()).size() < bulkMinGrants
        && budget.known().get().placedHere() < bulkMinGrants) {
      return Optional.empty();
    }
    OptionalInt calls = snapshots.lastCalls(account.account().getMetadata().getName());
    String prefix = "arn:" + account.partition() + ":iam::" + account.accountId() + ":";
    long known =
        java.util.stream.Stream.concat(verifiedIds.keySet().stream(), reportedIds.keySet().stream())
            .filter(a -> a.startsWith(prefix))
            .distinct()
            .count();
    if (calls.isPresent() && calls.getAsInt() > 2 * Math.max(1, known)) {
      return Optional.empty();
    }
    return snapshots.forResync(account);
  }

  /**
   * Whether the read shows the slot attached to exactly the grant's principals (names compared
   * without regard to case, as IAM does).
   */
  private static boolean attachedAsSpecified(AssumeRoleGrant grant, ObservedSlot slot) {
    Map<String, List<String>> desired = CachedSlots.principals(grant.getSpec().getPrincipals());
    return sameNames(desired.get("user"), slot.users())
        && sameNames(desired.get("group"), slot.groups())
        && sameNames(desired.get("role"), slot.roles());
  }

  private static boolean sameNames(List<String> desired, Set<String> observed) {
    Set<String> a = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    a.addAll(desired);
    Set<String> b = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    b.addAll(observed);
    return a.equals(b);
  }

  /**
   * Whether the slot is this cluster's: the ID this process found ours; else, after a restart, the
   * ID the converged grant's status reports for it (found ours by an earlier process, and written
   * by the operator only: tenants are not given the status subresource); else asked with GetPolicy.
   * A read trusted this way only spares a call: any write starts from a direct read of the tags.
   */
  private boolean ours(AccountClients clients, ObservedSlot slot, String reported) {
    String known = verifiedIds.get(slot.arn());
    if (known != null) {
      return known.equals(slot.policyId());
    }
    if (reported != null && reported.equals(slot.policyId())) {
      // Not kept with the IDs found ours: those also spare the tag reads before a write.
      reportedIds.put(slot.arn(), reported);
      return true;
    }
    Optional<PolicyHead> head = policies.getPolicy(clients, slot.arn());
    if (head.isEmpty() || !ownership.ownsPack(head.get().tags())) {
      return false;
    }
    verifiedIds.put(slot.arn(), head.get().policyId());
    return head.get().policyId().equals(slot.policyId());
  }

  /** Records a write to a slot: the account's bulk read is not trusted about it for a while. */
  private void wrote(String arn) {
    GrantPack.slot(arn).ifPresent(s -> snapshots.slotWritten(s.accountId(), arn));
  }

  /** GetPolicy, the document, ListEntitiesForPolicy; shared as {@link #seen}. Null: not ours. */
  private Seen readSlot(AccountClients clients, int number, String arn, long startedNanos) {
    Optional<PolicyHead> head = policies.getPolicy(clients, arn);
    if (head.isEmpty() || !ownership.ownsPack(head.get().tags())) {
      seen.remove(arn);
      verifiedIds.remove(arn);
      reportedIds.remove(arn);
      return null;
    }
    verifiedIds.put(arn, head.get().policyId());
    Seen read =
        new Seen(
            read(clients, number, head.get()), policies.entitiesFor(clients, arn), startedNanos);
    seen.put(arn, read);
    return read;
  }

  /**
   * A read showed the slot otherwise than as desired: what the operator remembers of its pack and
   * its attachments may be out of date (someone else changed it), so the batch that follows lists
   * the pack and who the slot is attached to.
   */
  private Optional<Placed> doubted(String slotArn) {
    memory.forgetPack(PackMemory.packOf(slotArn));
    attachedBy.remove(slotArn);
    return Optional.empty();
  }

  /**
   * Places the statement, together with those of the grants waiting for the pack's lock (one write
   * per slot for all of them), starting from the pack as the operator last left it when it can; a
   * slot someone else deleted since is found by the write, and the pack is listed again.
   */
  private Placed placeInPack(
      AssumeRoleGrant grant,
      AccountClients clients,
      String partition,
      String accountId,
      GrantPack pack,
      String key,
      JsonNode statement,
      Supplier<Predicate<String>> keep,
      SlotBudgets.Budget budget) {
    String packArn = PackMemory.packOf(pack.slotArn(partition, accountId, 0));
    for (int attempt = 0; ; attempt++) {
      boolean remembered = memory.pack(packArn).isPresent();
      try {
        return placeBatch(
            grant, clients, partition, accountId, pack, key, statement, keep, budget, packArn);
      } catch (AwsFailure f) {
        // Someone else may have changed the pack since the listing the batch started from. A
        // slot deleted since: IAM answers NoSuchEntity, or AccessDenied where the operator's
        // permissions require the pack's tags on the policy written (a policy that is gone has
        // none). Either is checked against a fresh listing once before it is reported.
        memory.forgetPack(packArn);
        if (attempt > 0
            || !remembered
            || !(f.is(AwsFailure.Kind.NOT_FOUND) || f.is(AwsFailure.Kind.ACCESS_DENIED))) {
          throw f;
        }
        LOG.infof(
            "A slot of pack %s is gone since the operator's last write (%s); listing it again",
            packArn, f.getMessage());
      } catch (RuntimeException e) {
        memory.forgetPack(packArn);
        throw e;
      }
    }
  }

  /**
   * Lists the pack ({@link #listForBatch}), waits for this grant's turn at the account's IAM pace,
   * and only then takes the statements of the grants waiting for the pack's lock: those that
   * arrived meanwhile are written with it instead of in a batch of their own.
   */
  private Placed placeBatch(
      AssumeRoleGrant grant,
      AccountClients clients,
      String partition,
      String accountId,
      GrantPack pack,
      String key,
      JsonNode statement,
      Supplier<Predicate<String>> keep,
      SlotBudgets.Budget budget,
      String packArn) {
    String sid = statement.get("Sid").asText();
    Set<Integer> unavailable = new TreeSet<>();
    Map<Integer, Slot> slots = listForBatch(clients, pack, packArn, unavailable);
    try (IamTurn turn = clients.awaitIamTurn()) {
      // Which statements stay is asked once the batch is taken: a grant whose statement waits
      // here is in the cache (its reconcile put it here) unless it is gone since, and a statement
      // of a grant that is gone is dropped, never written.
      Predicate<String> live = keep.get();
      Map<String, JsonNode> batch = new LinkedHashMap<>();
      batch.put(sid, statement);
      waiting
          .get(key)
          .forEach(
              (other, waited) -> {
                if (live.test(other)) {
                  batch.putIfAbsent(other, waited);
                }
              });
      Predicate<String> kept = other -> other.equals(sid) || live.test(other);
      for (int attempt = 0; attempt <= GrantPack.MAX_SLOTS; attempt++) {
        List<SlotState> states = slots.values().stream().map(Slot::state).toList();
        Batch placement =
            GrantPackPlanner.placeAll(states, unavailable, List.copyOf(batch.values()), kept);
        if (!placement.slots().containsKey(sid)) {
          Validated<Placement> alone = GrantPackPlanner.place(states, unavailable, statement, kept);
          throw new ReconcileFailure(
              Reason.LimitExceeded,
              alone.isValid() ? "the pack " + pack.path() + " has no room" : alone.message());
        }
        try {
          Batch alone = GrantPackPlanner.placeAll(states, unavailable, List.of(statement), kept);
          placement =
              write(grant, clients, partition, accountId, pack, slots, placement, alone, budget);
        } catch (NameTaken taken) {
          memory.forgetPack(packArn);
          takenSlot(clients, pack, partition, accountId, taken.number)
              .ifPresentOrElse(
                  slot -> slots.put(taken.number, slot), () -> unavailable.add(taken.number));
          continue;
        }
        placement
            .slots()
            .forEach(
                (other, n) -> {
                  if (!other.equals(sid)) {
                    placedForOthers
                        .get(key)
                        .put(
                            other,
                            new PlacedFor(pack.slotArn(partition, accountId, n), batch.get(other)));
                  }
                });
        int target = placement.slots().get(sid);
        String arn = pack.slotArn(partition, accountId, target);
        Entities entities =
            slots.containsKey(target)
                ? attachedTo(clients, arn)
                : new Entities(new TreeSet<>(), new TreeSet<>(), new TreeSet<>());
        return new Placed(arn, entities);
      }
      throw new ReconcileFailure(
          Reason.LimitExceeded,
          "every policy name of the pack %s is taken by a policy the operator does not own"
              .formatted(pack.path()));
    }
  }

  /**
   * Writes the batch's placement. One that creates slots is held to the namespace's budget (under
   * its lock, so that its concurrent grants count each other's new slots): past it, this grant's
   * statement is placed {@code alone} when that needs fewer new slots, else refused Forbidden
   * before any write.
   *
   * @return the placement written
   */
  private Batch write(
      AssumeRoleGrant grant,
      AccountClients clients,
      String partition,
      String accountId,
      GrantPack pack,
      Map<Integer, Slot> slots,
      Batch batch,
      Batch alone,
      SlotBudgets.Budget budget) {
    if (created(batch, slots).isEmpty()) {
      apply(grant, clients, pack, slots, batch.writes(), batch.deletes(), partition, accountId);
      return batch;
    }
    List<String> listed = slots.values().stream().map(Slot::arn).toList();
    try (SlotBudgets.Lease lease = budgets.lease(budget, clients, accountId, listed)) {
      Batch placement = created(batch, slots).size() <= lease.room() ? batch : alone;
      Set<Integer> created = created(placement, slots);
      if (created.size() > lease.room()) {
        throw lease.refusal(created.size());
      }
      lease.reserve(
          created.stream().map(n -> pack.slotArn(partition, accountId, n)).toList(),
          grant.getMetadata().getUid());
      try {
        apply(
            grant,
            clients,
            pack,
            slots,
            placement.writes(),
            placement.deletes(),
            partition,
            accountId);
      } catch (NameTaken taken) {
        lease.release(pack.slotArn(partition, accountId, taken.number));
        throw taken;
      }
      return placement;
    }
  }

  /** The slots a placement creates. */
  private static Set<Integer> created(Batch placement, Map<Integer, Slot> slots) {
    Set<Integer> created = new TreeSet<>(placement.writes().keySet());
    created.removeAll(slots.keySet());
    return created;
  }

  /**
   * A slot whose name CreatePolicy found taken. Ours (a create whose answer was lost, then retried
   * by the SDK, or one the listing did not show yet): the slot with what it holds, so its
   * statements are not written into another slot too. Empty when a policy the operator does not own
   * holds the name: at the slot's ARN, or anywhere else in the account (policy names are unique per
   * account whatever the path, and regardless of case). Fails, to be retried, while IAM shows
   * neither.
   */
  private Optional<Slot> takenSlot(
      AccountClients clients, GrantPack pack, String partition, String accountId, int number) {
    String arn = pack.slotArn(partition, accountId, number);
    Optional<PolicyHead> head = policies.getPolicy(clients, arn);
    if (head.isPresent()) {
      return ownership.ownsPack(head.get().tags())
          ? Optional.of(read(clients, number, head.get()))
          : Optional.empty();
    }
    String name = pack.slotName(number);
    boolean heldElsewhere =
        policies.listPolicies(clients, "/").stream()
            .anyMatch(p -> p.name().equalsIgnoreCase(name) && !p.arn().equals(arn));
    if (heldElsewhere) {
      return Optional.empty();
    }
    throw new ReconcileFailure(
        Reason.AwsError,
        "the policy name %s is taken but IAM does not show the policy holding it yet; trying again"
            .formatted(name));
  }

  /**
   * The pack's slots (ListPolicies, then GetPolicy for the tags of each one this process has not
   * found ours under the ID listed); a slot whose tags are not this cluster's pack is put in {@code
   * unavailable} and never touched.
   */
  Map<Integer, Slot> list(AccountClients clients, GrantPack pack, Set<Integer> unavailable) {
    return slots(clients, pack, policies.listPolicies(clients, pack.path()), unavailable);
  }

  /**
   * The pack's slots for a batch: as the operator last listed and then changed them itself within
   * {@link PackMemory#WINDOW} (no ListPolicies), else as {@link #list} finds them.
   */
  private Map<Integer, Slot> listForBatch(
      AccountClients clients, GrantPack pack, String packArn, Set<Integer> unavailable) {
    Optional<List<PolicyListing>> known = memory.pack(packArn);
    if (known.isPresent()) {
      return slots(clients, pack, known.get(), unavailable);
    }
    List<PolicyListing> listed = policies.listPolicies(clients, pack.path());
    memory.listed(packArn, listed);
    return slots(clients, pack, listed, unavailable);
  }

  /**
   * Who the slot is attached to: as the operator's last attachment of it left it, within {@link
   * PackMemory#WINDOW}, else ListEntitiesForPolicy.
   */
  private Entities attachedTo(AccountClients clients, String arn) {
    Attached attached = attachedBy.get(arn);
    boolean fresh =
        attached != null && System.nanoTime() - attached.atNanos() < PackMemory.WINDOW.toNanos();
    return fresh ? attached.entities() : policies.entitiesFor(clients, arn);
  }

  private Map<Integer, Slot> slots(
      AccountClients clients,
      GrantPack pack,
      List<PolicyListing> listing,
      Set<Integer> unavailable) {
    Map<Integer, Slot> slots = new TreeMap<>();
    for (PolicyListing listed : listing) {
      Optional<Integer> number = pack.slotOf(listed.arn());
      if (number.isEmpty()) {
        continue;
      }
      if (listed.policyId() != null && listed.policyId().equals(verifiedIds.get(listed.arn()))) {
        // This process found the policy under this ID tagged ours; IDs are never reused, and the
        // listing carries the default version.
        slots.put(
            number.get(),
            read(
                clients,
                number.get(),
                new PolicyHead(
                    listed.arn(), listed.defaultVersionId(), Map.of(), listed.policyId())));
        continue;
      }
      Optional<PolicyHead> head = policies.getPolicy(clients, listed.arn());
      if (head.isEmpty()) {
        continue;
      }
      if (!ownership.ownsPack(head.get().tags())) {
        unavailable.add(number.get());
        continue;
      }
      slots.put(number.get(), read(clients, number.get(), head.get()));
    }
    return slots;
  }

  /** A slot's default document, from memory when that version is known. */
  private Slot read(AccountClients clients, int number, PolicyHead head) {
    verifiedIds.put(head.arn(), head.policyId());
    String version = memory.believedDefault(head.policyId(), head.defaultVersionId());
    PolicyDocument document =
        memory
            .document(head.policyId(), version)
            .orElseGet(
                () -> {
                  PolicyDocument read = policies.document(clients, head.arn(), version);
                  memory.read(head.policyId(), version, read);
                  return read;
                });
    return new Slot(number, head.arn(), head.policyId(), version, document);
  }

  /**
   * Writes a placement: new documents first (a statement is added before any is taken away), then
   * the deletion of slots left empty.
   *
   * @param partition where slots are created; null when the placement creates none
   */
  private void apply(
      AssumeRoleGrant grant,
      AccountClients clients,
      GrantPack pack,
      Map<Integer, Slot> slots,
      Map<Integer, PolicyDocument> writes,
      Set<Integer> deletes,
      String partition,
      String accountId) {
    for (var write : writes.entrySet()) {
      Slot slot = slots.get(write.getKey());
      if (slot != null) {
        update(grant, clients, slot, write.getValue());
      } else if (partition != null) {
        create(grant, clients, pack, write.getKey(), partition, accountId, write.getValue());
      }
    }
    for (int number : deletes) {
      delete(grant, clients, slots.get(number));
    }
  }

  private void update(
      AssumeRoleGrant grant, AccountClients clients, Slot slot, PolicyDocument doc) {
    wrote(slot.arn());
    Optional<List<PolicyVersion>> remembered = memory.versions(slot.policyId(), slot.versionId());
    try {
      writeVersion(
          clients, slot, doc, remembered.orElseGet(() -> policies.versions(clients, slot.arn())));
    } catch (AwsFailure f) {
      memory.forgetVersions(slot.policyId());
      if (remembered.isEmpty() || !versionsChangedBySomeoneElse(f)) {
        throw f;
      }
      // Someone else made, removed or set a version since the operator's last write: list them.
      LOG.infof(
          "Versions of %s changed by someone else (%s); listing them again",
          slot.arn(), f.errorCode());
      writeVersion(clients, slot, doc, policies.versions(clients, slot.arn()));
    }
    changed(
        grant,
        "PolicyUpdated",
        "Updated %s: it carries %d grant statements"
            .formatted(slot.arn(), GrantPackPlanner.statements(doc).size()));
  }

  /**
   * How IAM refuses a version write planned from versions that are no longer so: one more than its
   * five (LimitExceeded), one already gone (NoSuchEntity), one now the default (DeleteConflict).
   * Anything else (throttling, access) is not retried here.
   */
  private static boolean versionsChangedBySomeoneElse(AwsFailure f) {
    return f.is(AwsFailure.Kind.LIMIT_EXCEEDED)
        || f.is(AwsFailure.Kind.NOT_FOUND)
        || f.is(AwsFailure.Kind.DELETE_CONFLICT);
  }

  /**
   * Makes {@code doc} the slot's default version, starting from {@code versions} (deleting the
   * oldest non-default one at IAM's five), and remembers the versions as they are then. Forgets
   * them when a call fails.
   */
  private void writeVersion(
      AccountClients clients, Slot slot, PolicyDocument doc, List<PolicyVersion> versions) {
    List<PolicyVersion> after = new ArrayList<>(versions);
    try {
      for (PolicyVersionChange change : PolicyVersionPlanner.plan(doc, slot.document(), versions)) {
        if (change instanceof PolicyVersionChange.DeletePolicyVersion d) {
          policies.deletePolicyVersion(clients, slot.arn(), d.versionId());
          after.removeIf(v -> v.versionId().equals(d.versionId()));
        } else if (change instanceof PolicyVersionChange.CreatePolicyVersion c) {
          String version = policies.createPolicyVersion(clients, slot.arn(), c.document(), true);
          memory.wrote(slot.policyId(), version, c.document());
          memory.slotWritten(
              slot.arn(),
              new PolicyListing(
                  slot.arn(),
                  slot.arn().substring(slot.arn().lastIndexOf('/') + 1),
                  version,
                  slot.policyId()));
          after.replaceAll(v -> new PolicyVersion(v.versionId(), false, v.createDate()));
          after.add(new PolicyVersion(version, true, Instant.now()));
        }
      }
    } catch (RuntimeException e) {
      memory.forgetVersions(slot.policyId());
      throw e;
    }
    memory.versions(slot.policyId(), after);
  }

  private void create(
      AssumeRoleGrant grant,
      AccountClients clients,
      GrantPack pack,
      int number,
      String partition,
      String accountId,
      PolicyDocument doc) {
    String description =
        "sts:AssumeRole grants of xaccount-operator (cluster %s) to %s"
            .formatted(ownership.cluster(), pack.principals());
    if (description.length() > 1000) {
      description = description.substring(0, 1000);
    }
    try {
      seen.remove(pack.slotArn(partition, accountId, number));
      wrote(pack.slotArn(partition, accountId, number));
      PolicyHead created =
          policies.createPolicy(
              clients,
              pack.path(),
              pack.slotName(number),
              description,
              doc,
              ownership.tagsForPack(pack.principals(), pack.namespace()));
      memory.wrote(created.policyId(), created.defaultVersionId(), doc);
      memory.versions(
          created.policyId(),
          List.of(new PolicyVersion(created.defaultVersionId(), true, Instant.now())));
      verifiedIds.put(created.arn(), created.policyId());
      memory.slotWritten(
          created.arn(),
          new PolicyListing(
              created.arn(),
              pack.slotName(number),
              created.defaultVersionId(),
              created.policyId()));
      changed(grant, "PolicyCreated", "Created policy " + created.arn());
    } catch (AwsFailure f) {
      if (f.is(AwsFailure.Kind.ALREADY_EXISTS)) {
        LOG.infof(
            "Policy name %s of pack %s in %s is taken; reading who holds it",
            pack.slotName(number), pack.path(), pack.slotArn(partition, accountId, number));
        throw new NameTaken(number);
      }
      throw f;
    }
  }

  /** Detaches the slot from everyone, deletes its other versions, then the slot. */
  private void delete(AssumeRoleGrant grant, AccountClients clients, Slot slot) {
    seen.remove(slot.arn());
    verifiedIds.remove(slot.arn());
    reportedIds.remove(slot.arn());
    attachedBy.remove(slot.arn());
    memory.slotWritten(slot.arn(), null);
    wrote(slot.arn());
    budgets.forget(slot.arn());
    boolean deleted =
        deleteClearingConflicts(
            conflictRetries,
            attempt -> {
              Entities entities = policies.entitiesFor(clients, slot.arn());
              for (EntityKind kind : EntityKind.values()) {
                for (String name : entities.of(kind)) {
                  ignoringMissing(() -> policies.detach(clients, kind, name, slot.arn()));
                }
              }
              for (PolicyVersion version : policies.versions(clients, slot.arn())) {
                if (!version.isDefault()) {
                  ignoringMissing(
                      () -> policies.deletePolicyVersion(clients, slot.arn(), version.versionId()));
                }
              }
            },
            () -> policies.deletePolicy(clients, slot.arn()));
    memory.forget(slot.policyId());
    if (deleted) {
      changed(grant, "PolicyDeleted", "Deleted policy " + slot.arn() + ": no grant is left in it");
    }
  }

  /** The principals an outcome says the slot is attached to, as ListEntitiesForPolicy would. */
  private static Entities entities(GrantAttachments.Outcome outcome) {
    var attached = outcome.attached();
    return new Entities(
        names(attached.getUsers()), names(attached.getGroups()), names(attached.getRoles()));
  }

  private static Set<String> names(List<String> names) {
    return names == null ? new TreeSet<>() : new TreeSet<>(names);
  }

  /** Runs {@code work} holding the lock of the pack {@code accountId/hash}. */
  /**
   * Runs {@code work} holding the lock of the pack {@code accountId/hash} when it is free within
   * {@link #LOCK_WAIT}; otherwise puts the grant off ({@link PackBusy}).
   */
  private <T> T lockedOrPutOff(String key, Supplier<T> work) {
    ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
    try {
      if (!lock.tryLock(LOCK_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
        long jitter =
            java.util.concurrent.ThreadLocalRandom.current().nextLong(BUSY_DEFERRAL.toMillis());
        throw new PackBusy(BUSY_DEFERRAL.plusMillis(jitter));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PackBusy(BUSY_DEFERRAL);
    }
    try {
      return work.get();
    } finally {
      lock.unlock();
    }
  }

  private <T> T locked(String key, Supplier<T> work) {
    ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
    lock.lock();
    try {
      return work.get();
    } finally {
      lock.unlock();
    }
  }

  private void changed(AssumeRoleGrant grant, String reason, String message) {
    LOG.infof(
        "Applied IAM change: namespace=%s name=%s change=%s",
        grant.getMetadata().getNamespace(), grant.getMetadata().getName(), message);
    budgets.afterLease(() -> events.normal(grant, reason, message));
  }

  private ReconcileFailure failure(AssumeRoleGrant grant, AwsFailure f) {
    ReconcileFailure failure = AwsFailures.toReconcileFailure(f);
    events.warning(grant, failure.reason().name(), failure.getMessage());
    return failure;
  }
}
