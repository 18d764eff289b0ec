package io.xaccount.operator.reconciler.role;

import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.CrossAccountRoleStatus;
import io.xaccount.operator.iam.Arns;
import io.xaccount.operator.iam.DesiredRole;
import io.xaccount.operator.iam.ObservedRole;
import io.xaccount.operator.reconciler.EventRecorder;
import io.xaccount.operator.reconciler.Ownership;
import io.xaccount.operator.reconciler.Reason;
import io.xaccount.operator.reconciler.ReconcileFailure;
import io.xaccount.operator.reconciler.account.VerifiedAccount;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * The checks that keep the operator from touching the wrong role: identity fields never move (no
 * orphaned old role, no second role), and a role is only changed when it is ours or the user asked
 * to adopt it.
 */
@ApplicationScoped
public class RoleGuards {
  private final Ownership ownership;
  private final EventRecorder events;

  public RoleGuards(Ownership ownership, EventRecorder events) {
    this.ownership = ownership;
    this.events = events;
  }

  /**
   * Refuses a change of account, role name or path after the role was created (the API server's CEL
   * rules normally stop it; this holds when they were bypassed).
   */
  public void checkIdentityUnchanged(
      CrossAccountRole resource, VerifiedAccount account, DesiredRole desired) {
    CrossAccountRoleStatus status = resource.getStatus();
    if (status == null || status.getRoleArn() == null) {
      return;
    }
    String arn =
        Arns.role(account.partition(), account.accountId(), desired.path(), desired.name());
    if (!arn.equals(status.getRoleArn())) {
      throw new ReconcileFailure(
          Reason.InvalidSpec,
          ("spec.accountRef, spec.roleName and spec.path are immutable: the role was created as"
                  + " %s and the spec now names %s. Revert the change, or create a new"
                  + " CrossAccountRole for the new role.")
              .formatted(status.getRoleArn(), arn));
    }
  }

  /** Refuses to change a role that exists but is not ours, unless adoption was requested. */
  public void checkOwnership(CrossAccountRole resource, Optional<ObservedRole> observed) {
    if (observed.isEmpty() || ownership.owns(observed.get().tags(), resource)) {
      return;
    }
    if (Ownership.adoptionRequested(resource)) {
      events.normal(
          resource,
          "RoleAdopted",
          "Adopting role %s (it was %s)"
              .formatted(observed.get().name(), Ownership.describeOwner(observed.get().tags())));
      return;
    }
    throw new ReconcileFailure(
        Reason.NameConflict,
        ("A role named %s already exists in this account and is %s. Nothing was changed. Choose"
                + " another spec.roleName, or annotate the resource with xaccount.io/adopt=\"true\""
                + " to take it over.")
            .formatted(observed.get().name(), Ownership.describeOwner(observed.get().tags())));
  }
}
