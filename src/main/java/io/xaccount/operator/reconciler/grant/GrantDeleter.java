package io.xaccount.operator.reconciler.grant;

import static io.xaccount.operator.reconciler.AwsFailures.deleteClearingConflicts;
import static io.xaccount.operator.reconciler.AwsFailures.ignoringMissing;

import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrantStatus;
import io.xaccount.operator.api.v1alpha1.DeletionPolicy;
import io.xaccount.operator.aws.AccountClients;
import io.xaccount.operator.aws.AwsFailure;
import io.xaccount.operator.aws.IamPolicies;
import io.xaccount.operator.aws.IamPolicies.Entities;
import io.xaccount.operator.aws.IamPolicies.EntityKind;
import io.xaccount.operator.aws.IamPolicies.PolicyHead;
import io.xaccount.operator.iam.GrantPack;
import io.xaccount.operator.iam.PolicyVersionChange.PolicyVersion;
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
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Takes a deleted or expired AssumeRoleGrant's statement out of its pack ({@link GrantPacks}; kept,
 * released, when a grant with {@code deletionPolicy: Retain} is deleted), and removes the dedicated
 * policy a grant had before packs existed. Only a policy whose ownership tags name this resource,
 * or a pack of this cluster, is touched; "already gone" is success.
 */
@ApplicationScoped
public class GrantDeleter {
  private final IamPolicies policies;
  private final GrantPacks packs;
  private final Ownership ownership;
  private final EventRecorder events;
  private final Clock clock;
  private final int conflictRetries;

  public GrantDeleter(
      IamPolicies policies,
      GrantPacks packs,
      Ownership ownership,
      EventRecorder events,
      Clock clock,
      OperatorSettings settings) {
    this.policies = policies;
    this.packs = packs;
    this.ownership = ownership;
    this.events = events;
    this.clock = clock;
    this.conflictRetries = settings.deleteConflictRetries();
  }

  /**
   * Removes the grant from IAM as it is deleted: its statement from the slot its status names and,
   * when the status names no slot of {@code pack} (it was deleted before its status said where the
   * statement went), from every slot of the pack that holds it; and a dedicated policy of old. With
   * {@code deletionPolicy: Retain}, accepted and allowed by the account now ({@link RetainRule}),
   * the statement stays, released; a Retain the account no longer allows leaves everything as it
   * is, and the deletion waits (Forbidden) while the grant holds anything.
   *
   * @param keep whether another grant's statement found in a slot stays (by Sid)
   */
  public void delete(
      AssumeRoleGrant grant,
      VerifiedAccount account,
      GrantPack pack,
      Supplier<Predicate<String>> keep) {
    AccountClients clients = account.clients();
    switch (atDeletion(grant, account)) {
      case RETAIN -> remove(grant, clients, pack, keep, true);
      case DELETE -> remove(grant, clients, pack, keep, false);
      case WAIT -> {
        if (holdsAnything(grant, clients, pack)) {
          throw waiting(account);
        }
      }
    }
  }

  private static RetainRule.AtDeletion atDeletion(AssumeRoleGrant grant, VerifiedAccount account) {
    AssumeRoleGrantStatus status = grant.getStatus();
    DeletionPolicy accepted = status == null ? null : status.getDeletionPolicy();
    return AccountGuardrails.of(account.account())
        .atDeletion(
            grant.getSpec().getDeletionPolicy() == DeletionPolicy.Retain,
            accepted == null ? null : accepted == DeletionPolicy.Retain);
  }

  /** Whether the grant's status names a policy, or a slot of its pack holds its statement. */
  private boolean holdsAnything(AssumeRoleGrant grant, AccountClients clients, GrantPack pack) {
    String previous = grant.getStatus() == null ? null : grant.getStatus().getPolicyArn();
    return previous != null
        || packs.previous(grant) != null
        || !packs.slotsHolding(grant, clients, pack).isEmpty();
  }

  private static ReconcileFailure waiting(VerifiedAccount account) {
    return new ReconcileFailure(
        Reason.Forbidden,
        ("guardrail allowRetain: deletionPolicy Retain would keep the grant's statement, and"
                + " AwsAccount %s does not allow Retain (guardrails.allowRetain). Nothing was"
                + " removed or released: set spec.deletionPolicy: Delete to remove it, or"
                + " allowRetain: true on the AwsAccount to keep it.")
            .formatted(account.account().getMetadata().getName()));
  }

  /**
   * Removes the statement of a grant whose window ran out (or that was revoked) the same way, never
   * retaining it: the resource stays, and its statement would allow nothing any more.
   */
  public void expire(
      AssumeRoleGrant grant,
      AccountClients clients,
      GrantPack pack,
      Supplier<Predicate<String>> keep) {
    remove(grant, clients, pack, keep, false);
  }

  private void remove(
      AssumeRoleGrant grant,
      AccountClients clients,
      GrantPack pack,
      Supplier<Predicate<String>> keep,
      boolean retain) {
    String previous = grant.getStatus() == null ? null : grant.getStatus().getPolicyArn();
    if (GrantPack.slot(previous).isPresent()) {
      packs.remove(grant, clients, previous, retain, keep);
    } else if (previous != null) {
      deleteDedicated(grant, clients, previous, retain);
    }
    // Where this process last put the statement, when its status did not get to say so (a batch
    // of another grant wrote it while this one was put off, or the status write was lost).
    String placedHere = packs.previous(grant);
    if (placedHere != null
        && !placedHere.equals(previous)
        && GrantPack.slot(placedHere).isPresent()) {
      packs.remove(grant, clients, placedHere, retain, keep);
    }
    if (pack.slotOf(previous).isEmpty()) {
      for (String slot : packs.slotsHolding(grant, clients, pack)) {
        packs.remove(grant, clients, slot, retain, keep);
      }
    }
  }

  /**
   * Deletes the dedicated policy a grant had before packs, once its statement is in a pack and
   * attached everywhere: it is replaced, so Retain does not keep it.
   */
  public void retireDedicated(AssumeRoleGrant grant, AccountClients clients, String arn) {
    try {
      Optional<PolicyHead> found = policies.getPolicy(clients, arn);
      if (found.isPresent() && ownership.owns(found.get().tags(), grant)) {
        deleteOwned(grant, clients, arn);
      }
    } catch (AwsFailure f) {
      throw AwsFailures.toReconcileFailure(f);
    }
  }

  /** Deletes or releases a dedicated policy; returns once nothing of ours is left to do. */
  private void deleteDedicated(
      AssumeRoleGrant grant, AccountClients clients, String arn, boolean retain) {
    try {
      Optional<PolicyHead> found = policies.getPolicy(clients, arn);
      if (found.isEmpty()) {
        return;
      }
      Map<String, String> tags = found.get().tags();
      if (!ownership.owns(tags, grant)) {
        // Who holds it is for the operator's log: the event is the tenant's to read.
        NotOurs.log(grant, "policy " + arn, Ownership.describeOwner(tags));
        events.warning(
            grant,
            "PolicyNotDeleted",
            "Left policy %s in place: it is not this resource's".formatted(arn));
        return;
      }
      if (retain) {
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
