package io.xaccount.emulator.model;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything the emulator knows: accounts, keys, the clock and the consistency delays. All IAM
 * state is mutated under this object's monitor, so one request sees a consistent world.
 */
public final class EmulatorState {
  final Clock clock;
  public final IdGenerator ids;
  public final KeyRegistry keys;
  // Concurrent maps: accounts may be added while requests are being served.
  public final Map<String, AccountState> accounts = new ConcurrentHashMap<>();
  public final Map<String, AwsKeys> adminKeys = new ConcurrentHashMap<>();

  /** Live users and roles by unique ID, so trust policies can show ARNs instead of IDs. */
  private final Map<String, Principal> principalsById = new ConcurrentHashMap<>();

  public volatile Duration principalPropagationDelay = Duration.ZERO;
  public volatile Duration readAfterCreateDelay = Duration.ZERO;
  public volatile Duration assumableDelay = Duration.ZERO;

  /** When consistency delays were last switched on: older entities are not delayed. */
  public volatile Instant delaysSince = Instant.MIN;

  public volatile boolean authorizeCalls = true;

  /** Seeds each request's reshaping of returned documents; null: documents as stored. */
  public volatile java.util.Random reshape;

  /** Virtual MFA devices: serial number (ARN) to the ARN of the user it belongs to. */
  public final Map<String, String> mfaDevices = new ConcurrentHashMap<>();

  public EmulatorState(Clock clock, long seed) {
    this.clock = clock;
    this.ids = new IdGenerator(seed);
    this.keys = new KeyRegistry(clock);
  }

  public Instant now() {
    return clock.instant();
  }

  public synchronized void addAccount(String accountId) {
    if (!accountId.matches("\\d{12}")) {
      throw new IllegalArgumentException("account ID must be 12 digits: " + accountId);
    }
    accounts.put(accountId, new AccountState(accountId, this));
    AwsKeys keys = new AwsKeys(ids.accessKeyId("AKIA"), ids.secret());
    adminKeys.put(accountId, keys);
    this.keys.register(keys, Identity.root(accountId));
  }

  public boolean hasAccount(String accountId) {
    return accounts.containsKey(accountId);
  }

  public AccountState account(String accountId) {
    AccountState a = accounts.get(accountId);
    if (a == null) {
      throw new IllegalArgumentException("not an emulated account: " + accountId);
    }
    return a;
  }

  void principalCreated(Principal p) {
    principalsById.put(p.id, p);
  }

  public void principalDeleted(Principal p) {
    principalsById.remove(p.id);
  }

  /** A live user or role by unique ID, or null. */
  public Principal principalById(String id) {
    return principalsById.get(id);
  }

  String arnForId(String value) {
    Principal p = principalsById.get(value);
    return p == null ? value : p.arn;
  }

  /**
   * The unique ID of the user or role named by {@code arn}, or null while IAM could not resolve it:
   * unknown account or entity, or still inside the propagation delay.
   */
  String visiblePrincipalId(String accountId, String kind, String arn) {
    AccountState account = accounts.get(accountId);
    if (account == null) {
      return null;
    }
    Principal p = kind.equals("role") ? account.roles.get(tail(arn)) : account.users.get(tail(arn));
    if (p == null
        || !p.arn.equalsIgnoreCase(arn)
        || !settled(p.created, principalPropagationDelay)) {
      return null;
    }
    return p.id;
  }

  /**
   * An entity is consistent everywhere once {@code delay} has passed since its creation; entities
   * that existed before the delays were switched on (the set-up of an emulated account) already
   * are.
   */
  public boolean settled(Instant created, Duration delay) {
    return created.isBefore(delaysSince) || elapsed(created, delay);
  }

  public boolean elapsed(Instant since, Duration delay) {
    return !now().isBefore(since.plus(delay));
  }

  private static String tail(String arn) {
    return arn.substring(arn.lastIndexOf('/') + 1);
  }
}
