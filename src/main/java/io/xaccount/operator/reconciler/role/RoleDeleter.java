package io.xaccount.operator.reconciler.role;

import static io.xaccount.operator.reconciler.AwsFailures.deleteClearingConflicts;
import static io.xaccount.operator.reconciler.AwsFailures.ignoringMissing;

import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.DeletionPolicy;
import io.xaccount.operator.aws.AccountClients;
import io.xaccount.operator.aws.AwsFailure;
import io.xaccount.operator.aws.IamRoles;
import io.xaccount.operator.iam.ObservedRole;
import io.xaccount.operator.reconciler.AwsFailures;
import io.xaccount.operator.reconciler.EventRecorder;
import io.xaccount.operator.reconciler.NotOurs;
import io.xaccount.operator.reconciler.OperatorSettings;
import io.xaccount.operator.reconciler.Ownership;
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
  private final Clock clock;
  private final int conflictRetries;

  public RoleDeleter(
      IamRoles roles,
      Ownership ownership,
      EventRecorder events,
      Clock clock,
      OperatorSettings settings) {
    this.roles = roles;
    this.ownership = ownership;
    this.events = events;
    this.clock = clock;
    this.conflictRetries = settings.deleteConflictRetries();
  }

  /** Deletes or releases the role; returns once nothing of ours is left to do. */
  public void delete(CrossAccountRole resource, AccountClients clients) {
    String name = DesiredRoleFactory.roleName(resource);
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
      if (resource.getSpec().getDeletionPolicy() == DeletionPolicy.Retain) {
        roles.tagRole(clients, name, Map.of(Ownership.RELEASED, Instant.now(clock).toString()));
        events.normal(
            resource, "RoleRetained", "Released role " + name + " (deletionPolicy Retain)");
        return;
      }
      deleteOwned(resource, clients, observed.get());
    } catch (AwsFailure f) {
      throw AwsFailures.toReconcileFailure(f);
    }
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
