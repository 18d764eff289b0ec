package io.xaccount.operator.reconciler.role;

import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.aws.AccountClients;
import io.xaccount.operator.aws.AwsFailure;
import io.xaccount.operator.aws.IamRoles;
import io.xaccount.operator.iam.ObservedRole;
import io.xaccount.operator.iam.RoleChange;
import io.xaccount.operator.iam.RoleIdentity;
import io.xaccount.operator.iam.RolePlan;
import io.xaccount.operator.reconciler.AwsFailures;
import io.xaccount.operator.reconciler.EventRecorder;
import io.xaccount.operator.reconciler.Ownership;
import io.xaccount.operator.reconciler.PrincipalWaits;
import io.xaccount.operator.reconciler.Reason;
import io.xaccount.operator.reconciler.ReconcileFailure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Applies a role plan step by step, in the planner's order, recording an Event per applied step,
 * and turns IAM's refusals into reasons: a principal IAM cannot see yet is transient for a bounded
 * window, a policy that does not exist is a spec error, a role IAM does not show yet is transient.
 */
@ApplicationScoped
public class RolePlanApplier {
  private static final Logger LOG = Logger.getLogger(RolePlanApplier.class);

  private final IamRoles roles;
  private final EventRecorder events;
  private final PrincipalWaits principalWaits;
  private final Ownership ownership;
  private final Clock clock;
  private final RoleSnapshots snapshots;

  public RolePlanApplier(
      IamRoles roles,
      EventRecorder events,
      PrincipalWaits principalWaits,
      Ownership ownership,
      Clock clock,
      RoleSnapshots snapshots) {
    this.roles = roles;
    this.events = events;
    this.principalWaits = principalWaits;
    this.ownership = ownership;
    this.clock = clock;
    this.snapshots = snapshots;
  }

  /**
   * Takes over an existing role whose adoption passed every check: its first write is one TagRole
   * setting our ownership tags and {@link Ownership#ADOPTED}, so that IAM policies can allow or
   * refuse adoption as such (deploy/iam) before anything else of the role changes.
   *
   * @return the role as it is after the TagRole
   */
  public ObservedRole adopt(
      CrossAccountRole resource, AccountClients clients, String accountId, ObservedRole role) {
    Map<String, String> tags = new LinkedHashMap<>(ownership.tagsFor(resource));
    tags.put(Ownership.ADOPTED, Instant.now(clock).toString());
    try {
      roles.tagRole(clients, role.name(), tags);
    } catch (AwsFailure f) {
      throw translate(resource, new RoleChange.TagRole(tags), f);
    } finally {
      snapshots.written(accountId, role.name());
    }
    String message = "Adopted role %s%s".formatted(role.path(), role.name());
    // What it was before (another resource's release, say) is for the operator's log only.
    LOG.infof(
        "Applied IAM change: namespace=%s name=%s role=%s change=%s (it was %s)",
        resource.getMetadata().getNamespace(),
        resource.getMetadata().getName(),
        role.name(),
        message,
        Ownership.describeOwner(role.tags()));
    events.normal(resource, "RoleAdopted", message);
    return role.withTags(tags);
  }

  /**
   * Applies every change of the plan (none when it is empty).
   *
   * @param onCreated told the new role's identity as soon as CreateRole returns, before the next
   *     step can fail
   * @return the role's identity when the plan created the role
   */
  public Optional<RoleIdentity> apply(
      CrossAccountRole resource,
      AccountClients clients,
      String accountId,
      RolePlan plan,
      Consumer<RoleIdentity> onCreated) {
    Optional<RoleIdentity> created = Optional.empty();
    for (RoleChange change : plan.changes()) {
      try {
        Optional<RoleIdentity> identity = roles.apply(clients, plan.roleName(), change);
        identity.ifPresent(onCreated);
        created = identity.isPresent() ? identity : created;
      } catch (AwsFailure f) {
        throw translate(resource, change, f);
      } finally {
        // Even a failed call may have changed the role: bulk reads begun before it are stale.
        snapshots.written(accountId, plan.roleName());
      }
      LOG.infof(
          "Applied IAM change: namespace=%s name=%s account=%s role=%s change=%s",
          resource.getMetadata().getNamespace(),
          resource.getMetadata().getName(),
          accountId,
          plan.roleName(),
          change.describe());
      events.normal(resource, eventReason(change), change.describe());
    }
    principalWaits.clear(resource.getMetadata().getUid());
    return created;
  }

  private ReconcileFailure translate(CrossAccountRole resource, RoleChange change, AwsFailure f) {
    String step = change.describe();
    if (f.is(AwsFailure.Kind.PRINCIPAL_NOT_YET_VISIBLE)) {
      if (principalWaits.stillWaiting(resource.getMetadata().getUid())) {
        return new ReconcileFailure(
            Reason.Creating,
            "IAM does not see a trusted principal yet (%s); retrying while IAM catches up"
                .formatted(f.getMessage()));
      }
      return new ReconcileFailure(
          Reason.InvalidSpec,
          "spec.trust: IAM has rejected a principal for longer than %s (%s): check that it exists"
              .formatted(principalWaits.window(), f.getMessage()));
    }
    if (f.is(AwsFailure.Kind.NOT_FOUND)) {
      String message = f.getMessage() == null ? "" : f.getMessage();
      if (change instanceof RoleChange.AttachRolePolicy && message.startsWith("Policy")) {
        events.warning(resource, Reason.InvalidSpec.name(), "Could not " + step + ": " + message);
        return new ReconcileFailure(Reason.InvalidSpec, "spec.managedPolicyArns: " + message);
      }
      if (change instanceof RoleChange.PutRolePermissionsBoundary
          || change instanceof RoleChange.CreateRole && message.contains("ARN")) {
        return new ReconcileFailure(Reason.InvalidSpec, "spec.permissionsBoundaryArn: " + message);
      }
      return new ReconcileFailure(
          Reason.AwsError,
          "IAM does not show the role yet while trying to %s; retrying".formatted(step),
          f);
    }
    if (f.is(AwsFailure.Kind.ALREADY_EXISTS)) {
      return new ReconcileFailure(
          Reason.AwsError, "The role appeared while creating it; re-reading it", f);
    }
    ReconcileFailure failure = AwsFailures.toReconcileFailure(f);
    events.warning(resource, failure.reason().name(), "Could not " + step + ": " + f.getMessage());
    return failure;
  }

  private static String eventReason(RoleChange change) {
    return change instanceof RoleChange.CreateRole ? "RoleCreated" : "RoleUpdated";
  }
}
