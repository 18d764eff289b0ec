package io.xaccount.operator.reconciler.role;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.CrossAccountRoleStatus;
import io.xaccount.operator.iam.AccountRoles;
import io.xaccount.operator.iam.DesiredRole;
import io.xaccount.operator.iam.ObservedRole;
import io.xaccount.operator.iam.RolePlanner;
import io.xaccount.operator.reconciler.AdoptionRules;
import io.xaccount.operator.reconciler.OperatorMetrics;
import io.xaccount.operator.reconciler.OperatorSettings;
import io.xaccount.operator.reconciler.ReconcileFailure;
import io.xaccount.operator.reconciler.account.VerifiedAccount;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.OptionalInt;
import org.jboss.logging.Logger;

/**
 * Drift detection in bulk: a resync of a converged role compares its desired state with the
 * account's shared bulk read ({@link RoleSnapshots}) instead of reading the role (3 + k IAM calls).
 * When the read shows the role exactly as desired and as this resource converged it, the resync
 * makes no IAM call of its own and writes nothing. Anything else (the read shows a difference, does
 * not show the role, or cannot be trusted about it) sends the reconcile down the direct path, which
 * reads the role before any write: a bulk read never decides a write.
 *
 * <p>Bulk is used where it is cheaper: when at least {@code
 * xaccount.operator.bulk-observation-min-roles} CrossAccountRoles name the AwsAccount, and its last
 * bulk read took no more calls than the direct reads it replaces (at least three per role), which
 * is not so in an account with many roles of which the operator has only a few.
 */
@ApplicationScoped
public class BulkObservation {
  private static final Logger LOG = Logger.getLogger(BulkObservation.class);

  /** The fewest calls a direct read of a role takes: GetRole and the two policy lists. */
  static final int DIRECT_READS_PER_ROLE = 3;

  private final RoleSnapshots snapshots;
  private final RoleGuards guards;
  private final GrantHeldPolicies grantPolicies;
  private final OperatorSettings settings;
  private final OperatorMetrics metrics;

  public BulkObservation(
      RoleSnapshots snapshots,
      RoleGuards guards,
      GrantHeldPolicies grantPolicies,
      OperatorSettings settings,
      OperatorMetrics metrics) {
    this.snapshots = snapshots;
    this.guards = guards;
    this.grantPolicies = grantPolicies;
    this.settings = settings;
    this.metrics = metrics;
  }

  /**
   * The role as the account's bulk read shows it, when this reconcile is a resync (Ready for the
   * current generation) and the read shows the role as desired (its identity, and its last use,
   * which the read carries too); empty when the role is to be read directly.
   */
  public Optional<ObservedRole> unchanged(
      CrossAccountRole resource,
      VerifiedAccount account,
      DesiredRole desired,
      Context<CrossAccountRole> context) {
    CrossAccountRoleStatus status = resource.getStatus();
    if (!OperatorMetrics.wasConverged(status, resource.getMetadata().getGeneration())
        || status.getRoleId() == null) {
      return Optional.empty();
    }
    Optional<ObservedRole> seen =
        cheaper(resource.getSpec().getAccountRef(), context)
            ? snapshots
                .currentShowingRole(account, desired.name())
                .flatMap(read -> trusted(read, account, desired, status))
            : Optional.empty();
    if (seen.isPresent() && matches(resource, account, desired, seen.get(), context)) {
      metrics.resync(resource, "bulk");
      return seen;
    }
    LOG.debugf(
        "Resync of %s/%s reads its role directly: %s",
        resource.getMetadata().getNamespace(),
        resource.getMetadata().getName(),
        seen.isPresent() ? "the bulk read shows it otherwise" : "no trusted bulk read shows it");
    metrics.resync(resource, "direct");
    return Optional.empty();
  }

  /** The role as the read shows it, when it is the very role this resource converged. */
  private Optional<ObservedRole> trusted(
      AccountRoles read,
      VerifiedAccount account,
      DesiredRole desired,
      CrossAccountRoleStatus status) {
    return snapshots
        .role(read, account.accountId(), desired.name())
        .filter(role -> role.roleId().equals(status.getRoleId()));
  }

  /**
   * True when the direct path, given what the read shows, would change nothing: the role is this
   * resource's own (no adoption, no conflict) and the plan is empty. Calls GetPolicy only for grant
   * policies attached to the role that its spec does not list, as the direct path does.
   */
  private boolean matches(
      CrossAccountRole resource,
      VerifiedAccount account,
      DesiredRole desired,
      ObservedRole seen,
      Context<CrossAccountRole> context) {
    try {
      if (guards.checkOwnership(
          resource,
          account,
          desired,
          Optional.of(seen),
          AdoptionRules.liveOwners(CrossAccountRole.class, context))) {
        return false;
      }
    } catch (ReconcileFailure conflict) {
      // The direct path decides that, on what IAM holds now.
      return false;
    }
    DesiredRole role = CrossAccountRoleReconciler.keepingAdoptionMark(desired, Optional.of(seen));
    Optional<ObservedRole> exclusive =
        grantPolicies.leaveGrantsAlone(resource, account.clients(), role, Optional.of(seen));
    boolean same = RolePlanner.plan(role, exclusive).changes().isEmpty();
    if (!same) {
      LOG.infof(
          "The account's bulk read shows drift; reading the role directly: namespace=%s name=%s"
              + " account=%s role=%s",
          resource.getMetadata().getNamespace(),
          resource.getMetadata().getName(),
          account.accountId(),
          desired.name());
    }
    return same;
  }

  /**
   * Whether a bulk read is cheaper than reading each role: enough CrossAccountRoles name the
   * AwsAccount, and its last read took no more calls than their direct reads.
   */
  private boolean cheaper(String accountRef, Context<CrossAccountRole> context) {
    long roles =
        context
            .getPrimaryCache()
            .list()
            .filter(r -> r.getSpec() != null && accountRef.equals(r.getSpec().getAccountRef()))
            .count();
    if (roles < settings.bulkObservationMinRoles()) {
      return false;
    }
    OptionalInt calls = snapshots.lastCalls(accountRef);
    return calls.isEmpty() || calls.getAsInt() <= roles * DIRECT_READS_PER_ROLE;
  }
}
