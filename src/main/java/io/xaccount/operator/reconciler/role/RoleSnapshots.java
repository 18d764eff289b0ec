package io.xaccount.operator.reconciler.role;

import io.xaccount.operator.aws.AccountClients;
import io.xaccount.operator.aws.IamAccountRoles;
import io.xaccount.operator.iam.AccountRoles;
import io.xaccount.operator.iam.ObservedRole;
import io.xaccount.operator.iam.ObservedSlot;
import io.xaccount.operator.reconciler.OperatorSettings;
import io.xaccount.operator.reconciler.Ownership;
import io.xaccount.operator.reconciler.Resync;
import io.xaccount.operator.reconciler.account.VerifiedAccount;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The operator's roles and grant pack slots in each account as one bulk read saw them, shared by
 * every CrossAccountRole and AssumeRoleGrant of the account. The first resync that asks reads the
 * account (the others asking meanwhile wait for that one read, a few seconds at most); the read
 * serves until it is {@link Resync#shortest} of the resync interval old, so that two resyncs of one
 * role never compare against the same read, and an account is read at most once in that time,
 * failed reads included.
 *
 * <p>A read is never trusted about a role this operator wrote after it began, or so shortly before
 * that IAM may not have shown the write to every reader yet: the role is read directly instead.
 */
@ApplicationScoped
public class RoleSnapshots {
  private static final Logger LOG = Logger.getLogger(RoleSnapshots.class);

  /**
   * How long a resync waits for a read another one is making, before reading its role directly:
   * waiting holds a reconcile thread, and a slow read must not hold them all.
   */
  static final Duration WAIT = Duration.ofSeconds(5);

  /**
   * How long a failed read serves a caller that cannot do without one (a quota to count), rather
   * than the full maximum age: a throttled read must not stop role creation for most of an hour.
   */
  static final Duration RETRY_FAILED = Duration.ofMinutes(1);

  private final IamAccountRoles reader;
  private final Ownership ownership;
  private final Clock clock;
  private final Duration maxAge;
  // How long after a write IAM may still show the old state to a reader (eventual consistency).
  private final Duration settle;
  // By AwsAccount name.
  private final Map<String, Read> reads = new ConcurrentHashMap<>();
  private final Map<String, Integer> lastCalls = new ConcurrentHashMap<>();
  // By AWS account ID: role names are unique there, whichever AwsAccount wrote them.
  private final Map<String, Map<String, Write>> writes = new ConcurrentHashMap<>();

  /** A read of one account, done or under way; empty when it failed. */
  private record Read(
      Instant started, AccountClients clients, CompletableFuture<Optional<AccountRoles>> result) {
    boolean failedBefore(Instant instant) {
      return result.isDone()
          && result.getNow(Optional.empty()).isEmpty()
          && started.isBefore(instant);
    }
  }

  /**
   * The operator's last write to a role; {@code releasedFrom} names the namespace of the resource
   * whose Retain deletion released the role, null for any other write.
   */
  private record Write(Instant at, String releasedFrom) {}

  public RoleSnapshots(
      IamAccountRoles reader, Ownership ownership, Clock clock, OperatorSettings settings) {
    this.reader = reader;
    this.ownership = ownership;
    this.clock = clock;
    this.maxAge = Resync.shortest(settings.resyncInterval());
    this.settle = settings.iamSettleTime();
  }

  /** How long after a write a read must begin to be trusted about it. */
  public Duration settleTime() {
    return settle;
  }

  /**
   * The account's roles as a read younger than the maximum age saw them, read now through the
   * account's verified clients when there is none. Reads are kept per AwsAccount and its clients:
   * other credentials (another AwsAccount, or a changed spec) read anew. Empty when that read
   * failed.
   */
  public Optional<AccountRoles> current(VerifiedAccount account) {
    return current(account, false);
  }

  /**
   * The same; with {@code retryFailed}, a failed read older than {@link #RETRY_FAILED} is made
   * again.
   */
  public Optional<AccountRoles> current(VerifiedAccount account, boolean retryFailed) {
    Instant now = clock.instant();
    AccountClients clients = account.clients();
    CompletableFuture<Optional<AccountRoles>> mine = new CompletableFuture<>();
    Read read =
        reads.compute(
            account.account().getMetadata().getName(),
            (name, held) ->
                held != null
                        && held.clients() == clients
                        && now.isBefore(held.started().plus(maxAge))
                        && !(retryFailed && held.failedBefore(now.minus(RETRY_FAILED)))
                    ? held
                    : new Read(now, clients, mine));
    if (read.result() == mine) {
      mine.complete(read(account, now));
      return mine.join();
    }
    try {
      return read.result().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      LOG.debugf(
          "Bulk read still under way; reading the role directly: account=%s", account.accountId());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (ExecutionException e) {
      return Optional.empty();
    }
  }

  /**
   * The account's shared read for the resync of a role ({@link #forResync}), never one blind to
   * this operator's last write to the role. While that write has not settled, no read would show
   * it: the resync is put off ({@link ResyncDeferred}) until it has. Once it has, a held read that
   * began too soon is dropped and the account read anew: after a wave of writes, the resyncs of the
   * roles written last share one more read instead of each reading its role directly.
   */
  public Optional<AccountRoles> currentShowingRole(VerifiedAccount account, String roleName) {
    renewIfBlindTo(account, roleName.toLowerCase(Locale.ROOT));
    return forResync(account);
  }

  /** The same for the grant pack slot at {@code arn}, before {@link #forResync}. */
  public void renewIfBlindToSlot(VerifiedAccount account, String arn) {
    renewIfBlindTo(account, slotKey(arn));
  }

  private void renewIfBlindTo(VerifiedAccount account, String key) {
    Write written = writesIn(account.accountId()).get(key);
    Read held = reads.get(account.account().getMetadata().getName());
    if (written == null
        || held == null
        || held.clients() != account.clients()
        || !held.result().isDone()) {
      return;
    }
    Instant settled = written.at().plus(settle);
    if (held.started().isAfter(settled)) {
      return;
    }
    Instant now = clock.instant();
    // A read is made anew at most once per settling time: while writes go on, each one settling
    // would
    // otherwise drop the read just made.
    Instant renewable = held.started().plus(settle);
    Instant after = settled.isAfter(renewable) ? settled : renewable;
    if (now.isBefore(after)) {
      throw new ResyncDeferred(Duration.between(now, after).plus(jitter(Duration.ofSeconds(2))));
    }
    reads.computeIfPresent(
        account.account().getMetadata().getName(),
        (name, current) -> current == held ? null : current);
  }

  /**
   * The account's shared read for a resync: as {@link #current}, but when another resync's read is
   * still under way after {@link #RESYNC_WAIT}, the resync is put off ({@link ResyncDeferred})
   * instead of answered empty. It comes back and is served by that read, rather than holding its
   * thread (and, for a grant, its pack's lock) or reading its entity directly at the low priority
   * resyncs get in the account's IAM pace, behind the very work that keeps the read waiting.
   */
  public Optional<AccountRoles> forResync(VerifiedAccount account) {
    Read held = reads.get(account.account().getMetadata().getName());
    if (held != null
        && held.clients() == account.clients()
        && !held.result().isDone()
        && clock.instant().isBefore(held.started().plus(maxAge))) {
      try {
        return held.result().get(RESYNC_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        throw new ResyncDeferred(DEFERRAL.plus(jitter(DEFERRAL.dividedBy(5))));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      } catch (ExecutionException e) {
        return Optional.empty();
      }
    }
    return current(account);
  }

  /** How long a resync waits for a read under way before it is put off. */
  static final Duration RESYNC_WAIT = Duration.ofSeconds(1);

  /** How long a resync put off by a read under way waits before it comes back (plus up to 20 %). */
  static final Duration DEFERRAL = Duration.ofSeconds(5);

  private static Duration jitter(Duration most) {
    return Duration.ofMillis(
        (long) (most.toMillis() * java.util.concurrent.ThreadLocalRandom.current().nextDouble()));
  }

  /**
   * A resync put off: the account's shared read that is to serve it is under way, or this
   * operator's last write to its entity has not settled yet. Nothing is read or written; the
   * resource comes back after {@link #after()}.
   */
  public static final class ResyncDeferred extends RuntimeException {
    private final Duration after;

    ResyncDeferred(Duration after) {
      super("resync put off for " + after, null, false, false);
      this.after = after;
    }

    public Duration after() {
      return after;
    }
  }

  /**
   * The account's shared read, when one younger than the maximum age succeeded through its current
   * clients; no call.
   */
  public Optional<AccountRoles> recent(VerifiedAccount account) {
    Read held = reads.get(account.account().getMetadata().getName());
    if (held == null
        || held.clients() != account.clients()
        || !held.result().isDone()
        || !clock.instant().isBefore(held.started().plus(maxAge))) {
      return Optional.empty();
    }
    return held.result().getNow(Optional.empty());
  }

  /**
   * Drops every read held, as their age would at the end of the resync period: the next resync
   * reads its account anew. Tests use it to see a new period's read without waiting for it.
   */
  public void nextPeriod() {
    reads.clear();
  }

  /** How long a read serves. */
  Duration maxAge() {
    return maxAge;
  }

  /**
   * The role as {@code read} shows it; empty when the read did not see it, or began before this
   * operator's last write to it had settled.
   */
  public Optional<ObservedRole> role(AccountRoles read, String accountId, String roleName) {
    Write written = writesIn(accountId).get(roleName.toLowerCase(Locale.ROOT));
    if (written != null && !shows(read, written)) {
      LOG.debugf(
          "Bulk read begun %s not trusted about role %s written %s",
          read.readAt(), roleName, written.at());
      return Optional.empty();
    }
    return read.find(roleName);
  }

  /**
   * The grant pack slot at {@code arn} as {@code read} shows it; empty when the read did not see
   * it, or began before this operator's last write to it (its document or its attachments) had
   * settled.
   */
  public Optional<ObservedSlot> slot(AccountRoles read, String accountId, String arn) {
    Write written = writesIn(accountId).get(slotKey(arn));
    if (written != null && !shows(read, written)) {
      return Optional.empty();
    }
    return read.slot(arn);
  }

  /**
   * Records that this operator has just written (or tried to write) the grant pack slot at {@code
   * arn}: its document, its attachments, or its deletion.
   */
  public void slotWritten(String accountId, String arn) {
    writesIn(accountId).put(slotKey(arn), new Write(clock.instant(), null));
  }

  /** Slots share the writes of roles: an ARN holds a colon, which no role name does. */
  private static String slotKey(String arn) {
    return arn.toLowerCase(Locale.ROOT);
  }

  /** Records that this operator has just written (or tried to write) the role. */
  public void written(String accountId, String roleName) {
    writesIn(accountId).put(roleName.toLowerCase(Locale.ROOT), new Write(clock.instant(), null));
  }

  /**
   * Records that this operator has just released (or tried to release) the role of a resource of
   * {@code namespace}: a read that does not show it yet still counts it ({@link #releasedAfter}).
   */
  public void released(String accountId, String roleName, String namespace) {
    writesIn(accountId)
        .put(roleName.toLowerCase(Locale.ROOT), new Write(clock.instant(), namespace));
  }

  /**
   * The roles this operator released in the account since {@code read} (or so shortly before that
   * it may not show them) and has not written since: lower-case name to the namespace released
   * from.
   */
  public Map<String, String> releasedAfter(AccountRoles read, String accountId) {
    Map<String, String> released = new TreeMap<>();
    writesIn(accountId)
        .forEach(
            (name, write) -> {
              if (write.releasedFrom() != null && !shows(read, write)) {
                released.put(name, write.releasedFrom());
              }
            });
    return released;
  }

  /** Whether the read is trusted to show a write: it began once IAM had settled after it. */
  private boolean shows(AccountRoles read, Write write) {
    return read.readAt().isAfter(write.at().plus(settle));
  }

  /** How many IAM calls the last successful read through this AwsAccount took, if any. */
  public OptionalInt lastCalls(String accountName) {
    Integer calls = lastCalls.get(accountName);
    return calls == null ? OptionalInt.empty() : OptionalInt.of(calls);
  }

  private Optional<AccountRoles> read(VerifiedAccount account, Instant now) {
    String accountId = account.accountId();
    // Forget what no read still in use can be stale about: reads too old to serve, and writes
    // that settled before the oldest read that may still serve began.
    reads.values().removeIf(r -> r.result().isDone() && !now.isBefore(r.started().plus(maxAge)));
    writesIn(accountId).values().removeIf(w -> w.at().plus(settle).plus(maxAge).isBefore(now));
    try {
      AccountRoles roles = reader.read(account.clients(), now, ownership::ownedByThisCluster);
      lastCalls.put(account.account().getMetadata().getName(), roles.calls());
      LOG.infof(
          "Read the operator's roles in bulk: account=%s roles=%d calls=%d",
          accountId, roles.roles().size(), roles.calls());
      return Optional.of(roles);
    } catch (RuntimeException e) {
      // AwsFailure, and anything unexpected: a failed read only means reading roles directly.
      LOG.warnf(
          "Bulk read of roles failed; resyncs read each role directly until the next one:"
              + " account=%s reason=%s",
          accountId, e.getMessage());
      return Optional.empty();
    }
  }

  private Map<String, Write> writesIn(String accountId) {
    return writes.computeIfAbsent(accountId, id -> new ConcurrentHashMap<>());
  }
}
