package io.xaccount.operator.reconciler.role;

import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.CrossAccountRoleStatus;
import io.xaccount.operator.iam.Arns;
import io.xaccount.operator.iam.DesiredRole;
import io.xaccount.operator.iam.ObservedRole;
import io.xaccount.operator.reconciler.AdoptionRules;
import io.xaccount.operator.reconciler.EventRecorder;
import io.xaccount.operator.reconciler.NotOurs;
import io.xaccount.operator.reconciler.Ownership;
import io.xaccount.operator.reconciler.Ownership.Owner;
import io.xaccount.operator.reconciler.Reason;
import io.xaccount.operator.reconciler.ReconcileFailure;
import io.xaccount.operator.reconciler.account.AccountAdoption;
import io.xaccount.operator.reconciler.account.VerifiedAccount;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The checks that keep the operator from touching the wrong role: identity fields never move (no
 * orphaned old role, no second role), and a role is only changed when it is ours or adopted with
 * the account owner's permission.
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
    if (!Arns.sameRole(arn, status.getRoleArn())) {
      throw new ReconcileFailure(
          Reason.InvalidSpec,
          ("spec.accountRef, spec.roleName and spec.path are immutable: the role was created as"
                  + " %s and the spec now names %s. Revert the change, or create a new"
                  + " CrossAccountRole for the new role.")
              .formatted(status.getRoleArn(), arn));
    }
  }

  /**
   * Decides whether an existing role may be changed: it must sit at the spec's path (IAM cannot
   * move a role), and be ours or adoptable under {@link AdoptionRules} and the account's
   * spec.adoption. Nothing is written here. Every refusal reads the same ({@link NotOurs}): what
   * the role is, where it sits and who holds it go to the operator's log only.
   *
   * @param live whether a resource of this cluster named by ownership tags still exists
   * @return true when the role is to be adopted (it then counts as new for quotas)
   * @throws ReconcileFailure {@code NameConflict} when the role may not be changed
   */
  public boolean checkOwnership(
      CrossAccountRole resource,
      VerifiedAccount account,
      DesiredRole desired,
      Optional<ObservedRole> observed,
      Predicate<Owner> live) {
    if (observed.isEmpty()) {
      return false;
    }
    ObservedRole role = observed.get();
    Function<String, ReconcileFailure> refuse =
        why -> NotOurs.roleName(resource, desired.name(), role.path() + role.name(), why);
    if (account.operatorRoleNames().contains(role.name().toLowerCase(Locale.ROOT))) {
      throw refuse.apply("the role the operator itself acts as in this account");
    }
    if (!role.path().equals(desired.path())) {
      // IAM cannot move a role, and role names are unique in the account whatever the path.
      throw refuse.apply("at path %s while spec.path is %s".formatted(role.path(), desired.path()));
    }
    return AdoptionRules.decide(
        ownership.claim(role.tags(), resource, live),
        resource,
        () ->
            AccountAdoption.roleRefusal(
                account.account(), resource.getMetadata().getNamespace(), role.path(), role.name()),
        refuse);
  }
}
