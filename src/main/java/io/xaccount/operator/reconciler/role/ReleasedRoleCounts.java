package io.xaccount.operator.reconciler.role;

import io.xaccount.operator.aws.AccountClients;
import io.xaccount.operator.aws.AwsFailure;
import io.xaccount.operator.aws.IamAccountRoles;
import io.xaccount.operator.iam.AccountRoles;
import io.xaccount.operator.iam.ObservedRole;
import io.xaccount.operator.reconciler.Ownership;
import io.xaccount.operator.reconciler.Reason;
import io.xaccount.operator.reconciler.ReconcileFailure;
import io.xaccount.operator.reconciler.account.ReleasedRoleTally;
import io.xaccount.operator.reconciler.account.VerifiedAccount;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The roles Retain deletions released, per namespace: still in IAM, assumable, and shown by no
 * resource, so they count against the namespace's maxRolesPerNamespace and the AwsAccount's status
 * lists them. Found by their tags ({@code xaccount.io/released}, this cluster's operator, kind
 * CrossAccountRole, the namespace) in the account's shared bulk read ({@link RoleSnapshots}: a
 * recent one is reused, so a count costs no call at steady state), together with the releases this
 * operator made since that read began, which IAM may not show it yet.
 */
@ApplicationScoped
public class ReleasedRoleCounts implements ReleasedRoleTally {
  private static final Logger LOG = Logger.getLogger(ReleasedRoleCounts.class);
  private static final String ROLE_KIND = "CrossAccountRole";

  private final RoleSnapshots snapshots;
  private final IamAccountRoles reader;
  private final Ownership ownership;
  private final Clock clock;
  // By AwsAccount name: the last read made for an account's status.
  private final Map<String, OwnRead> ownReads = new ConcurrentHashMap<>();

  private record OwnRead(Instant at, AccountClients clients, Optional<AccountRoles> read) {}

  public ReleasedRoleCounts(
      RoleSnapshots snapshots, IamAccountRoles reader, Ownership ownership, Clock clock) {
    this.snapshots = snapshots;
    this.reader = reader;
    this.ownership = ownership;
    this.clock = clock;
  }

  /**
   * The roles of {@code namespace} released in the account, not counting {@code roleName} (the role
   * about to be created or adopted).
   *
   * @throws ReconcileFailure AwsError when the account's roles cannot be read: a quota that cannot
   *     be counted refuses, and the reconcile is retried
   */
  public int inNamespace(VerifiedAccount account, String namespace, String roleName) {
    Map<String, Set<String>> released =
        names(account, true)
            .orElseThrow(
                () ->
                    new ReconcileFailure(
                        Reason.AwsError,
                        ("guardrail maxRolesPerNamespace: the roles of account %s could not be"
                                + " read in bulk (iam:GetAccountAuthorizationDetails, iam:ListRoles)"
                                + " to count those released by Retain deletions; retrying")
                            .formatted(account.accountId())));
    Set<String> names = new TreeSet<>(released.getOrDefault(namespace, Set.of()));
    names.remove(roleName.toLowerCase(Locale.ROOT));
    return names.size();
  }

  /**
   * From the account's shared read when a recent one exists; otherwise from a read of the account's
   * own, made at most once per the shared reads' maximum age (a little less than the resync
   * interval), failed ones included. That read is not shared: resyncs compare against a read begun
   * after the roles they check were written, and one made for an account's status, as it is created
   * before its roles, would serve them none.
   */
  @Override
  public Optional<Map<String, Integer>> perNamespace(VerifiedAccount account, boolean mayRead) {
    return snapshots
        .recent(account)
        .or(() -> mayRead ? ownRead(account) : Optional.empty())
        .map(
            read -> {
              Map<String, Integer> counts = new TreeMap<>();
              names(read, account.accountId())
                  .forEach((namespace, names) -> counts.put(namespace, names.size()));
              return counts;
            });
  }

  /** Lower-case names of released roles by namespace, or empty when the read failed. */
  private Optional<Map<String, Set<String>>> names(VerifiedAccount account, boolean retryFailed) {
    return snapshots.current(account, retryFailed).map(read -> names(read, account.accountId()));
  }

  private Map<String, Set<String>> names(AccountRoles read, String accountId) {
    Map<String, Set<String>> byNamespace = new TreeMap<>();
    for (ObservedRole role : read.roles().values()) {
      String namespace = releasedFrom(role.tags());
      if (namespace != null && trusted(read, accountId, role)) {
        add(byNamespace, namespace, role.name());
      }
    }
    snapshots
        .releasedAfter(read, accountId)
        .forEach((name, namespace) -> add(byNamespace, namespace, name));
    return byNamespace;
  }

  private Optional<AccountRoles> ownRead(VerifiedAccount account) {
    String name = account.account().getMetadata().getName();
    Instant now = clock.instant();
    OwnRead held = ownReads.get(name);
    if (held != null
        && held.clients() == account.clients()
        && now.isBefore(held.at().plus(snapshots.maxAge()))) {
      return held.read();
    }
    Optional<AccountRoles> read;
    try {
      read = Optional.of(reader.read(account.clients(), now, ownership::ownedByThisCluster));
    } catch (AwsFailure f) {
      // An account holding only grants gives the operator no bulk read of its roles (see
      // deploy/iam): it has no released role to show, and nothing to warn about.
      if (f.kind() == AwsFailure.Kind.ACCESS_DENIED) {
        LOG.debugf("No bulk read of roles allowed: account=%s", account.accountId());
      } else {
        LOG.warnf(
            "Could not read the account's roles to count released ones: account=%s reason=%s",
            account.accountId(), f.getMessage());
      }
      read = Optional.empty();
    } catch (RuntimeException e) {
      LOG.warnf(
          "Could not read the account's roles to count released ones: account=%s reason=%s",
          account.accountId(), e.getMessage());
      read = Optional.empty();
    }
    // AwsAccount reconciles are serialized per account: no two of these race for one name.
    ownReads.put(name, new OwnRead(now, account.clients(), read));
    return read;
  }

  /** Whether the read can be believed about the role: this operator wrote it before the read. */
  private boolean trusted(AccountRoles read, String accountId, ObservedRole role) {
    return snapshots.role(read, accountId, role.name()).isPresent();
  }

  /** The namespace a released CrossAccountRole's tags name, or null for any other role. */
  static String releasedFrom(Map<String, String> tags) {
    return tags.containsKey(Ownership.RELEASED) && ROLE_KIND.equals(tags.get(Ownership.KIND))
        ? tags.get(Ownership.NAMESPACE)
        : null;
  }

  private static void add(Map<String, Set<String>> byNamespace, String namespace, String name) {
    byNamespace.computeIfAbsent(namespace, n -> new TreeSet<>()).add(name.toLowerCase(Locale.ROOT));
  }
}
