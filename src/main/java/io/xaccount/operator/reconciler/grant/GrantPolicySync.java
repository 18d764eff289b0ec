package io.xaccount.operator.reconciler.grant;

import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.aws.AccountClients;
import io.xaccount.operator.aws.AwsFailure;
import io.xaccount.operator.aws.IamPolicies;
import io.xaccount.operator.aws.IamPolicies.Entities;
import io.xaccount.operator.aws.IamPolicies.ObservedPolicy;
import io.xaccount.operator.iam.ManagedPolicyName;
import io.xaccount.operator.iam.PolicyDocument;
import io.xaccount.operator.iam.PolicyVersionChange;
import io.xaccount.operator.iam.PolicyVersionPlanner;
import io.xaccount.operator.reconciler.AdoptionRules;
import io.xaccount.operator.reconciler.AwsFailures;
import io.xaccount.operator.reconciler.EventRecorder;
import io.xaccount.operator.reconciler.Ownership;
import io.xaccount.operator.reconciler.Ownership.Owner;
import io.xaccount.operator.reconciler.Reason;
import io.xaccount.operator.reconciler.ReconcileFailure;
import io.xaccount.operator.reconciler.account.AccountAdoption;
import io.xaccount.operator.reconciler.account.VerifiedAccount;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Makes the grant's managed policy exist with the desired document: CreatePolicy (with our tags)
 * when it is missing, otherwise CreatePolicyVersion through {@link PolicyVersionPlanner} when the
 * default version differs semantically (ListPolicyVersions is read only then). A policy that exists
 * but is not ours is left alone unless it may be adopted (TagPolicy then).
 */
@ApplicationScoped
public class GrantPolicySync {
  private static final Logger LOG = Logger.getLogger(GrantPolicySync.class);

  private final IamPolicies policies;
  private final Ownership ownership;
  private final EventRecorder events;
  private final Clock clock;

  public GrantPolicySync(
      IamPolicies policies, Ownership ownership, EventRecorder events, Clock clock) {
    this.policies = policies;
    this.ownership = ownership;
    this.events = events;
    this.clock = clock;
  }

  /**
   * Ensures the policy; returns who it is attached to now (nobody when it was just created).
   *
   * @param observed the policy as read, empty when it does not exist
   * @param live whether a grant of this cluster named by ownership tags still exists
   */
  public Entities sync(
      AssumeRoleGrant grant,
      VerifiedAccount account,
      ManagedPolicyName name,
      String arn,
      PolicyDocument desired,
      Optional<ObservedPolicy> observed,
      Predicate<Owner> live) {
    AccountClients clients = account.clients();
    try {
      if (observed.isEmpty()) {
        create(grant, clients, name, desired);
        return new Entities(new TreeSet<>(), new TreeSet<>(), new TreeSet<>());
      }
      ObservedPolicy policy = observed.get();
      checkOwnership(grant, account.account(), clients, policy, live);
      if (!desired.semanticallyEquals(policy.defaultDocument())) {
        for (PolicyVersionChange change :
            PolicyVersionPlanner.plan(
                desired, policy.defaultDocument(), policies.versions(clients, arn))) {
          apply(clients, arn, change);
          log(grant, arn, change.describe());
          events.normal(grant, "PolicyUpdated", change.describe() + " of " + arn);
        }
      }
      return policy.entities();
    } catch (AwsFailure f) {
      ReconcileFailure failure = AwsFailures.toReconcileFailure(f);
      events.warning(grant, failure.reason().name(), failure.getMessage());
      throw failure;
    }
  }

  private void create(
      AssumeRoleGrant grant, AccountClients clients, ManagedPolicyName name, PolicyDocument doc) {
    String description =
        "sts:AssumeRole grant of AssumeRoleGrant %s/%s (managed by xaccount-operator)"
            .formatted(grant.getMetadata().getNamespace(), grant.getMetadata().getName());
    try {
      String arn =
          policies.createPolicy(
              clients, name.path(), name.name(), description, doc, ownership.tagsFor(grant));
      log(grant, arn, "create policy");
      events.normal(grant, "PolicyCreated", "Created policy " + arn);
    } catch (AwsFailure f) {
      if (f.is(AwsFailure.Kind.ALREADY_EXISTS)) {
        // IAM did not show it on read yet (eventual consistency) or it appeared meanwhile:
        // re-read it on the next attempt, where ownership is checked.
        throw new ReconcileFailure(
            Reason.AwsError,
            "The policy " + name.name() + " appeared while creating it; re-reading it",
            f);
      }
      throw f;
    }
  }

  /**
   * Lets an existing policy be changed only when it is ours or adoptable ({@link AdoptionRules}
   * with the account's spec.adoption); an adopted policy is re-tagged for this grant first.
   */
  private void checkOwnership(
      AssumeRoleGrant grant,
      AwsAccount account,
      AccountClients clients,
      ObservedPolicy policy,
      Predicate<Owner> live) {
    boolean adopting =
        AdoptionRules.decide(
            ownership.claim(policy.tags(), grant, live),
            grant,
            "The policy " + policy.arn(),
            Ownership.describeOwner(policy.tags()),
            () -> AccountAdoption.namespaceRefusal(account, grant.getMetadata().getNamespace()),
            "Delete and re-create the AssumeRoleGrant to get a policy of another name");
    if (!adopting) {
      if (!ownership.cluster().equals(policy.tags().get(Ownership.CLUSTER))) {
        // Ours by uid, tagged by a version without cluster identities: re-tag it once, so that
        // everything that reads the cluster tag (a role leaving our grant's policy attached)
        // recognises it.
        policies.tagPolicy(clients, policy.arn(), Map.of(Ownership.CLUSTER, ownership.cluster()));
        events.normal(
            grant, "PolicyUpdated", "Tagged " + policy.arn() + " with this cluster's identity");
      }
      return;
    }
    events.normal(
        grant,
        "PolicyAdopted",
        "Adopting policy %s (it was %s)"
            .formatted(policy.arn(), Ownership.describeOwner(policy.tags())));
    // Tag first: the adoption mark lets IAM policies refuse adoption as such (deploy/iam), and
    // once the policy carries our tag, removing the released mark is a change to our own policy.
    Map<String, String> tags = new LinkedHashMap<>(ownership.tagsFor(grant));
    tags.put(Ownership.ADOPTED, Instant.now(clock).toString());
    policies.tagPolicy(clients, policy.arn(), tags);
    if (policy.tags().containsKey(Ownership.RELEASED)) {
      policies.untagPolicy(clients, policy.arn(), Set.of(Ownership.RELEASED));
    }
  }

  private void apply(AccountClients clients, String arn, PolicyVersionChange change) {
    if (change instanceof PolicyVersionChange.DeletePolicyVersion d) {
      policies.deletePolicyVersion(clients, arn, d.versionId());
    } else if (change instanceof PolicyVersionChange.CreatePolicyVersion c) {
      policies.createPolicyVersion(clients, arn, c.document(), c.setAsDefault());
    } else {
      throw new IllegalArgumentException("unknown change " + change);
    }
  }

  private static void log(AssumeRoleGrant grant, String arn, String change) {
    LOG.infof(
        "Applied IAM change: namespace=%s name=%s policy=%s change=%s",
        grant.getMetadata().getNamespace(), grant.getMetadata().getName(), arn, change);
  }
}
