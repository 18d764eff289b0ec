package io.xaccount.operator.reconciler.grant;

import static io.xaccount.operator.reconciler.AwsFailures.deleteClearingConflicts;
import static io.xaccount.operator.reconciler.AwsFailures.ignoringMissing;

import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.DeletionPolicy;
import io.xaccount.operator.aws.AccountClients;
import io.xaccount.operator.aws.AwsFailure;
import io.xaccount.operator.aws.IamPolicies;
import io.xaccount.operator.aws.IamPolicies.Entities;
import io.xaccount.operator.aws.IamPolicies.EntityKind;
import io.xaccount.operator.aws.IamPolicies.PolicyHead;
import io.xaccount.operator.iam.PolicyVersionChange.PolicyVersion;
import io.xaccount.operator.reconciler.AwsFailures;
import io.xaccount.operator.reconciler.EventRecorder;
import io.xaccount.operator.reconciler.OperatorSettings;
import io.xaccount.operator.reconciler.Ownership;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Removes (or releases) the managed policy of a deleted AssumeRoleGrant. Only a policy whose
 * ownership tags name this resource is touched; "already gone" is success.
 */
@ApplicationScoped
public class GrantDeleter {
  private final IamPolicies policies;
  private final Ownership ownership;
  private final EventRecorder events;
  private final Clock clock;
  private final int conflictRetries;

  public GrantDeleter(
      IamPolicies policies,
      Ownership ownership,
      EventRecorder events,
      Clock clock,
      OperatorSettings settings) {
    this.policies = policies;
    this.ownership = ownership;
    this.events = events;
    this.clock = clock;
    this.conflictRetries = settings.deleteConflictRetries();
  }

  /** Deletes or releases the policy with this ARN; returns once nothing of ours is left to do. */
  public void delete(AssumeRoleGrant grant, AccountClients clients, String arn) {
    try {
      Optional<PolicyHead> found = policies.getPolicy(clients, arn);
      if (found.isEmpty()) {
        return;
      }
      Map<String, String> tags = found.get().tags();
      if (!ownership.owns(tags, grant)) {
        events.warning(
            grant,
            "PolicyNotDeleted",
            "Left policy %s in place: it is %s".formatted(arn, Ownership.describeOwner(tags)));
        return;
      }
      if (grant.getSpec().getDeletionPolicy() == DeletionPolicy.Retain) {
        policies.tagPolicy(clients, arn, Map.of(Ownership.RELEASED, Instant.now(clock).toString()));
        events.normal(
            grant, "PolicyRetained", "Released policy " + arn + " (deletionPolicy Retain)");
        return;
      }
      deleteOwned(grant, clients, arn);
    } catch (AwsFailure f) {
      throw AwsFailures.toReconcileFailure(f);
    }
  }

  /**
   * Detaches the policy from every user, group and role (ListEntitiesForPolicy, including
   * attachments made out of band), deletes the non-default versions, then the policy.
   * DeleteConflict (attached meanwhile) re-reads and tries again a bounded number of times.
   */
  private void deleteOwned(AssumeRoleGrant grant, AccountClients clients, String arn) {
    boolean deleted =
        deleteClearingConflicts(
            conflictRetries,
            attempt -> detachEverything(clients, arn),
            () -> policies.deletePolicy(clients, arn));
    if (deleted) {
      events.normal(grant, "PolicyDeleted", "Deleted policy " + arn);
    }
  }

  private void detachEverything(AccountClients clients, String arn) {
    Entities entities = policies.entitiesFor(clients, arn);
    for (EntityKind kind : EntityKind.values()) {
      for (String name : entities.of(kind)) {
        ignoringMissing(() -> policies.detach(clients, kind, name, arn));
      }
    }
    for (PolicyVersion version : policies.versions(clients, arn)) {
      if (!version.isDefault()) {
        ignoringMissing(() -> policies.deletePolicyVersion(clients, arn, version.versionId()));
      }
    }
  }
}
