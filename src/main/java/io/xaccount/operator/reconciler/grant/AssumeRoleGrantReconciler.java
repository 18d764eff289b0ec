package io.xaccount.operator.reconciler.grant;

import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrantSpec;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrantStatus;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.GrantPrincipals;
import io.xaccount.operator.aws.AwsFailure;
import io.xaccount.operator.aws.IamPolicies;
import io.xaccount.operator.aws.IamPolicies.Entities;
import io.xaccount.operator.aws.IamPolicies.ObservedPolicy;
import io.xaccount.operator.iam.GrantPolicy;
import io.xaccount.operator.iam.GrantRule;
import io.xaccount.operator.iam.ManagedPolicyName;
import io.xaccount.operator.iam.PolicyDocument;
import io.xaccount.operator.iam.Validated;
import io.xaccount.operator.reconciler.AdoptionRules;
import io.xaccount.operator.reconciler.AwsFailures;
import io.xaccount.operator.reconciler.Outcomes;
import io.xaccount.operator.reconciler.Reason;
import io.xaccount.operator.reconciler.ReconcileFailure;
import io.xaccount.operator.reconciler.SecretValues;
import io.xaccount.operator.reconciler.SpecOrAdoptionChanged;
import io.xaccount.operator.reconciler.SpecProblems;
import io.xaccount.operator.reconciler.account.AccountAccess;
import io.xaccount.operator.reconciler.account.AccountEventSource;
import io.xaccount.operator.reconciler.account.AccountGuardrails;
import io.xaccount.operator.reconciler.account.OperatorIdentities;
import io.xaccount.operator.reconciler.account.VerifiedAccount;
import io.xaccount.operator.reconciler.grant.GrantAttachments.Outcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Converges the managed policy of an AssumeRoleGrant in the trusted account: resolve the target
 * role (no AWS call), open the account, read the policy, create or re-version it, attach it to
 * exactly the spec's principals, report.
 *
 * <p>Economy: a converged, unchanged resync makes no write and exactly three IAM reads (GetPolicy,
 * GetPolicyVersion of the default version, ListEntitiesForPolicy); ListPolicyVersions is read only
 * when the document differs. sts:GetCallerIdentity is cached per account session.
 */
@ControllerConfiguration(
    generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = SpecOrAdoptionChanged.class))
public class AssumeRoleGrantReconciler
    implements Reconciler<AssumeRoleGrant>, Cleaner<AssumeRoleGrant> {
  private static final Logger LOG = Logger.getLogger(AssumeRoleGrantReconciler.class);
  static final String ROLES = "grant-roles";

  private final AccountAccess access;
  private final IamPolicies policies;
  private final GrantPolicySync policySync;
  private final GrantAttachments attachments;
  private final GrantDeleter deleter;
  private final Outcomes outcomes;
  private final SpecProblems specProblems;
  private final SecretValues secretValues;

  public AssumeRoleGrantReconciler(
      AccountAccess access,
      IamPolicies policies,
      GrantPolicySync policySync,
      GrantAttachments attachments,
      GrantDeleter deleter,
      Outcomes outcomes,
      SpecProblems specProblems,
      SecretValues secretValues) {
    this.access = access;
    this.secretValues = secretValues;
    this.policies = policies;
    this.policySync = policySync;
    this.attachments = attachments;
    this.deleter = deleter;
    this.outcomes = outcomes;
    this.specProblems = specProblems;
  }

  @Override
  public UpdateControl<AssumeRoleGrant> reconcile(
      AssumeRoleGrant resource, Context<AssumeRoleGrant> context) {
    try {
      SpecProblems.Found read = specProblems.check(resource, AssumeRoleGrantSpec.class);
      ResolvedTarget target =
          GrantTargets.resolve(
              resource, context.getSecondaryResource(CrossAccountRole.class, ROLES));
      VerifiedAccount account =
          access.open(
              context, resource.getSpec().getAccountRef(), resource.getMetadata().getNamespace());
      AccountGuardrails.enforce(
          account.account(),
          AccountGuardrails.of(account.account())
              .checkGrant(
                  resource.getSpec().isRequireMfa(), guarded(resource, target, account, context)));
      PolicyDocument desired = render(resource, target);
      ManagedPolicyName name = policyName(resource);
      String arn = name.arn(account.partition(), account.accountId());
      checkIdentityUnchanged(resource, arn);
      Optional<ObservedPolicy> observed = observe(account, arn);
      Entities entities =
          policySync.sync(
              resource,
              account,
              name,
              arn,
              desired,
              observed,
              AdoptionRules.liveOwners(AssumeRoleGrant.class, context));
      Outcome outcome = attachments.sync(resource, account.clients(), arn, entities);
      List<String> warnings = new ArrayList<>(read.warnings());
      warnings.addAll(CrossHalfWarnings.between(resource, target, account.accountId()));
      return report(resource, account, target, arn, outcome, warnings);
    } catch (ReconcileFailure f) {
      return failed(resource, f);
    }
  }

  /** What the account's grant guardrails judge: target, principals, the operator's identities. */
  private GrantRule.Request guarded(
      AssumeRoleGrant resource,
      ResolvedTarget target,
      VerifiedAccount account,
      Context<AssumeRoleGrant> context) {
    GrantPrincipals p = resource.getSpec().getPrincipals();
    Map<String, List<String>> principals = new LinkedHashMap<>();
    principals.put("user", p == null || p.getUsers() == null ? List.of() : p.getUsers());
    principals.put("group", p == null || p.getGroups() == null ? List.of() : p.getGroups());
    principals.put("role", p == null || p.getRoles() == null ? List.of() : p.getRoles());
    return new GrantRule.Request(
        account.accountId(),
        target.roleArn(),
        target.role().isPresent(),
        principals,
        OperatorIdentities.roles(AccountEventSource.all(context)),
        OperatorIdentities.principals(account),
        GrantEventSources.foreignRoles(context, resource, account.accountId()));
  }

  /** The policy name and path, fixed for the life of the resource (they include its uid). */
  static ManagedPolicyName policyName(AssumeRoleGrant resource) {
    return ManagedPolicyName.forGrant(
        resource.getMetadata().getNamespace(),
        resource.getMetadata().getName(),
        resource.getMetadata().getUid());
  }

  private static PolicyDocument render(AssumeRoleGrant resource, ResolvedTarget target) {
    Validated<PolicyDocument> rendered =
        GrantPolicy.render(target.roleArn(), resource.getSpec().isRequireMfa());
    if (!rendered.isValid()) {
      throw new ReconcileFailure(Reason.InvalidSpec, rendered.message());
    }
    return rendered.get();
  }

  /**
   * Refuses a change of account after the policy was created (CEL normally stops it): the old
   * policy would be orphaned with its attachments.
   */
  private static void checkIdentityUnchanged(AssumeRoleGrant resource, String arn) {
    AssumeRoleGrantStatus status = resource.getStatus();
    if (status != null && status.getPolicyArn() != null && !status.getPolicyArn().equals(arn)) {
      throw new ReconcileFailure(
          Reason.InvalidSpec,
          ("spec.accountRef is immutable: the grant's policy was created as %s and would now be"
                  + " %s. Revert the change, or create a new AssumeRoleGrant.")
              .formatted(status.getPolicyArn(), arn));
    }
  }

  private Optional<ObservedPolicy> observe(VerifiedAccount account, String arn) {
    try {
      return policies.observe(account.clients(), arn);
    } catch (AwsFailure f) {
      throw AwsFailures.toReconcileFailure(f);
    }
  }

  private UpdateControl<AssumeRoleGrant> report(
      AssumeRoleGrant resource,
      VerifiedAccount account,
      ResolvedTarget target,
      String arn,
      Outcome outcome,
      List<String> warnings) {
    AssumeRoleGrantStatus next =
        GrantStatuses.of(account.accountId(), target, arn, outcome.attached(), warnings);
    if (!outcome.complete()) {
      return outcomes.notReady(
          resource,
          next,
          GrantAttachments.reasonFor(outcome.missing()),
          "The policy "
              + arn
              + " is not attached everywhere: "
              + GrantAttachments.problems(outcome.missing(), outcome.full()));
    }
    // The message does not depend on what was applied (Events report each change), so that a
    // resync of a converged grant writes no status.
    return outcomes.ready(
        resource,
        next,
        Reason.Converged,
        "The policy " + arn + " allows sts:AssumeRole on " + target.roleArn());
  }

  private UpdateControl<AssumeRoleGrant> failed(AssumeRoleGrant resource, ReconcileFailure f) {
    LOG.infof(
        "AssumeRoleGrant not converged: namespace=%s name=%s reason=%s message=%s",
        resource.getMetadata().getNamespace(),
        resource.getMetadata().getName(),
        f.reason(),
        f.getMessage());
    AssumeRoleGrantStatus next = GrantStatuses.carriedOver(resource.getStatus());
    return outcomes.notReady(resource, next, f.reason(), f.getMessage());
  }

  @Override
  public DeleteControl cleanup(AssumeRoleGrant resource, Context<AssumeRoleGrant> context) {
    specProblems.forget(resource);
    String accountRef = resource.getSpec().getAccountRef();
    if (!access.exists(context, accountRef)) {
      // The AwsAccount normally waits for its users; it can only be missing when its finalizer
      // was removed by hand. Waiting for it would hang namespace deletion forever.
      AssumeRoleGrantStatus status = resource.getStatus();
      String policy =
          status == null || status.getPolicyArn() == null
              ? "the grant's policy " + policyName(resource).name() + " (if it was created)"
              : "the policy " + status.getPolicyArn() + " and its attachments";
      return outcomes.deletedWithoutAccount(resource, accountRef, policy);
    }
    try {
      VerifiedAccount account = access.openForCleanup(context, accountRef);
      String arn = policyName(resource).arn(account.partition(), account.accountId());
      deleter.delete(resource, account.clients(), arn);
      return outcomes.deleted(resource);
    } catch (ReconcileFailure f) {
      return outcomes.deletionBlocked(resource, f);
    }
  }

  @Override
  public List<EventSource<?, AssumeRoleGrant>> prepareEventSources(
      EventSourceContext<AssumeRoleGrant> context) {
    return GrantEventSources.of(context, ROLES, secretValues);
  }
}
