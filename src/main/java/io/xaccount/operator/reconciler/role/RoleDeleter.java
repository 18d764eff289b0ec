package io.xaccount.operator.reconciler.role;

import static io.xaccount.operator.reconciler.AwsFailures.deleteClearingConflicts;
import static io.xaccount.operator.reconciler.AwsFailures.ignoringMissing;

import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.CrossAccountRoleStatus;
import io.xaccount.operator.api.v1alpha1.DeletionPolicy;
import io.xaccount.operator.aws.AccountClients;
import io.xaccount.operator.aws.AwsFailure;
import io.xaccount.operator.aws.IamRoles;
import io.xaccount.operator.iam.ObservedRole;
import io.xaccount.operator.iam.RetainRule;
import io.xaccount.operator.reconciler.AwsFailures;
import io.xaccount.operator.reconciler.EventRecorder;
import io.xaccount.operator.reconciler.NotOurs;
import io.xaccount.operator.reconciler.OperatorSettings;
import io.xaccount.operator.reconciler.Ownership;
import io.xaccount.operator.reconciler.Reason;
import io.xaccount.operator.reconciler.ReconcileFailure;
import io.xaccount.operator.reconciler.account.AccountGuardrails;
import io.xaccount.operator.reconciler.account.VerifiedAccount;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Removes (or releases) the role of a deleted CrossAccountRole. Only a role whose ownership tags
 * name this resource is touched; "already gone" is success.
 */
@ApplicationScoped
public class RoleDeleter {
  private final IamRoles roles;
  private final Ownership ownership;
  private final EventRecorder events;
  private final RoleSnapshots snapshots;
  private final Clock clock;
  private final int conflictRetries;

  public RoleDeleter(
      IamRoles roles,
      Ownership ownership,
      EventRecorder events,
      RoleSnapshots snapshots,
      Clock clock,
      OperatorSettings settings) {
    this.roles = roles;
    this.ownership = ownership;
    this.events = events;
    this.snapshots = snapshots;
    this.clock = clock;
    this.conflictRetries = settings.deleteConflictRetries();
  }

  /**
   * Deletes or releases the role; returns once nothing of ours is left to do. Releases it only for
   * a Retain that was accepted and that the account allows now ({@link RetainRule}); a Retain it no
   * longer allows leaves the role as it is, and the deletion waits (Forbidden).
   */
  public void delete(CrossAccountRole resource, VerifiedAccount account) {
    String name = DesiredRoleFactory.roleName(resource);
    AccountClients clients = account.clients();
    try {
      Optional<ObservedRole> observed = roles.observe(clients, name);
      if (observed.isEmpty()) {
        return;
      }
      if (!ownership.owns(observed.get().tags(), resource)) {
        // Who holds it is for the operator's log: the event is the tenant's to read.
        NotOurs.log(
            resource,
            "role " + observed.get().path() + observed.get().name(),
            Ownership.describeOwner(observed.get().tags()));
        events.warning(
            resource,
            "RoleNotDeleted",
            "Left role %s in place: it is not this resource's".formatted(name));
        return;
      }
      switch (atDeletion(resource, account)) {
        case RETAIN -> release(resource, account, name);
        case WAIT -> throw waiting(resource, account, observed.get().arn());
        case DELETE -> deleteOwned(resource, clients, observed.get());
      }
    } catch (AwsFailure f) {
      throw AwsFailures.toReconcileFailure(f);
    }
  }

  private static RetainRule.AtDeletion atDeletion(
      CrossAccountRole resource, VerifiedAccount account) {
    CrossAccountRoleStatus status = resource.getStatus();
    DeletionPolicy accepted = status == null ? null : status.getDeletionPolicy();
    return AccountGuardrails.of(account.account())
        .atDeletion(
            resource.getSpec().getDeletionPolicy() == DeletionPolicy.Retain,
            accepted == null ? null : accepted == DeletionPolicy.Retain);
  }

  /**
   * Tags the role released: no resource holds it any more, and it counts against its namespace's
   * quota ({@link ReleasedRoleCounts}), from this moment on, even before IAM shows the tag.
   */
  private void release(CrossAccountRole resource, VerifiedAccount account, String name) {
    try {
      roles.tagRole(
          account.clients(), name, Map.of(Ownership.RELEASED, Instant.now(clock).toString()));
    } finally {
      snapshots.released(account.accountId(), name, resource.getMetadata().getNamespace());
    }
    events.normal(resource, "RoleRetained", "Released role " + name + " (deletionPolicy Retain)");
  }

  private static ReconcileFailure waiting(
      CrossAccountRole resource, VerifiedAccount account, String arn) {
    return new ReconcileFailure(
        Reason.Forbidden,
        ("guardrail allowRetain: deletionPolicy Retain would keep the role %s, and AwsAccount %s"
                + " does not allow Retain (guardrails.allowRetain). Nothing was deleted or"
                + " released: set spec.deletionPolicy: Delete to delete the role, or allowRetain:"
                + " true on the AwsAccount to keep it.")
            .formatted(arn, account.account().getMetadata().getName()));
  }

  /**
   * Detaches managed policies, deletes inline policies, removes the role from its instance
   * profiles, then deletes it. DeleteConflict (something was attached meanwhile) re-reads and tries
   * again a bounded number of times.
   */
  private void deleteOwned(CrossAccountRole resource, AccountClients clients, ObservedRole role) {
    String name = role.name();
    boolean deleted =
        deleteClearingConflicts(
            conflictRetries,
            attempt -> {
              Optional<ObservedRole> current =
                  attempt == 0 ? Optional.of(role) : roles.observe(clients, name);
              current.ifPresent(r -> detachEverything(clients, r));
            },
            () -> roles.deleteRole(clients, name));
    if (deleted) {
      events.normal(resource, "RoleDeleted", "Deleted role " + name);
    }
  }

  private void detachEverything(AccountClients clients, ObservedRole role) {
    String name = role.name();
    for (String arn : role.managedPolicyArns()) {
      ignoringMissing(() -> roles.detachRolePolicy(clients, name, arn));
    }
    for (String policy : role.inlinePolicies().keySet()) {
      ignoringMissing(() -> roles.deleteRolePolicy(clients, name, policy));
    }
    for (String profile : roles.instanceProfilesOf(clients, name)) {
      ignoringMissing(() -> roles.removeFromInstanceProfile(clients, name, profile));
    }
  }
}
