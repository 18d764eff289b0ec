package io.xaccount.operator.reconciler.role;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.CrossAccountRoleSpec;
import io.xaccount.operator.api.v1alpha1.CrossAccountRoleStatus;
import io.xaccount.operator.api.v1alpha1.DeletionPolicy;
import io.xaccount.operator.api.v1alpha1.ManagementPolicy;
import io.xaccount.operator.api.v1alpha1.RoleAccess;
import io.xaccount.operator.aws.AwsFailure;
import io.xaccount.operator.aws.IamRoles;
import io.xaccount.operator.iam.AccountPolicies;
import io.xaccount.operator.iam.Arns;
import io.xaccount.operator.iam.AssumeReach;
import io.xaccount.operator.iam.DesiredRole;
import io.xaccount.operator.iam.Guardrails;
import io.xaccount.operator.iam.ObservedRole;
import io.xaccount.operator.iam.RoleIdentity;
import io.xaccount.operator.iam.RolePlan;
import io.xaccount.operator.iam.RolePlanner;
import io.xaccount.operator.iam.RoleUse;
import io.xaccount.operator.iam.TrustReach;
import io.xaccount.operator.iam.Violation;
import io.xaccount.operator.reconciler.AdoptionRules;
import io.xaccount.operator.reconciler.AwsFailures;
import io.xaccount.operator.reconciler.OperatorMetrics;
import io.xaccount.operator.reconciler.Outcomes;
import io.xaccount.operator.reconciler.Ownership;
import io.xaccount.operator.reconciler.Plans;
import io.xaccount.operator.reconciler.Reason;
import io.xaccount.operator.reconciler.ReconcileFailure;
import io.xaccount.operator.reconciler.ResourceCensus;
import io.xaccount.operator.reconciler.SecretValues;
import io.xaccount.operator.reconciler.SpecOrAdoptionChanged;
import io.xaccount.operator.reconciler.SpecProblems;
import io.xaccount.operator.reconciler.account.AccountAccess;
import io.xaccount.operator.reconciler.account.AccountEventSource;
import io.xaccount.operator.reconciler.account.AccountGuardrails;
import io.xaccount.operator.reconciler.account.NamespaceEventSource;
import io.xaccount.operator.reconciler.account.VerifiedAccount;
import io.xaccount.operator.reconciler.role.DesiredRoleFactory.Desired;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Converges the IAM role of a CrossAccountRole: observe the role in IAM, plan the changes between
 * desired and observed (as data), apply them in a safe order, report. A converged resync makes read
 * calls only, and none of its own where the account is read in bulk ({@link BulkObservation}).
 */
@ControllerConfiguration(
    generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = SpecOrAdoptionChanged.class))
public class CrossAccountRoleReconciler
    implements Reconciler<CrossAccountRole>, Cleaner<CrossAccountRole> {
  private static final Logger LOG = Logger.getLogger(CrossAccountRoleReconciler.class);
  private final SecretValues secretValues;
  private final AccountAccess access;
  private final DesiredRoleFactory desiredRoles;
  private final IamRoles roles;
  private final RoleGuards guards;
  private final SpecProblems specProblems;
  private final GrantHeldPolicies grantPolicies;
  private final RolePlanApplier applier;
  private final RoleDeleter deleter;
  private final Outcomes outcomes;
  private final OperatorMetrics metrics;
  private final ResourceCensus census;
  private final BulkObservation bulk;
  private final RolePreviews previews;
  private final AccessRefresh accessRefresh;
  private final PolicyReferences references;
  private final RoleQuota quota;
  private final UnusedRoles unusedRoles;
  private final RoleGrants grants = new RoleGrants();
  private final RoleHops hops = new RoleHops();

  public CrossAccountRoleReconciler(
      AccountAccess access,
      DesiredRoleFactory desiredRoles,
      IamRoles roles,
      RoleGuards guards,
      SpecProblems specProblems,
      GrantHeldPolicies grantPolicies,
      RolePlanApplier applier,
      RoleDeleter deleter,
      Outcomes outcomes,
      OperatorMetrics metrics,
      SecretValues secretValues,
      BulkObservation bulk,
      RolePreviews previews,
      AccessRefresh accessRefresh,
      PolicyReferences references,
      RoleQuota quota,
      UnusedRoles unusedRoles,
      ResourceCensus census) {
    this.secretValues = secretValues;
    this.access = access;
    this.desiredRoles = desiredRoles;
    this.roles = roles;
    this.guards = guards;
    this.specProblems = specProblems;
    this.grantPolicies = grantPolicies;
    this.applier = applier;
    this.deleter = deleter;
    this.outcomes = outcomes;
    this.metrics = metrics;
    this.bulk = bulk;
    this.previews = previews;
    this.accessRefresh = accessRefresh;
    this.references = references;
    this.quota = quota;
    this.unusedRoles = unusedRoles;
    this.census = census;
  }

  @Override
  public UpdateControl<CrossAccountRole> reconcile(
      CrossAccountRole resource, Context<CrossAccountRole> context) {
    RoleAttempt attempt = new RoleAttempt();
    try {
      SpecProblems.Found read = specProblems.check(resource, CrossAccountRoleSpec.class);
      attempt.warnings = RoleStatusFactory.specWarnings(resource, read.warnings(), null);
      VerifiedAccount account =
          access.open(
              context, resource.getSpec().getAccountRef(), resource.getMetadata().getNamespace());
      Desired built =
          desiredRoles.build(resource, account.partition(), SecretValues.cachedIn(context));
      attempt.warnings = RoleStatusFactory.specWarnings(resource, read.warnings(), built.trust());
      Desired desired = withGuardrails(built, account, retains(resource));
      guards.checkIdentityUnchanged(resource, account, desired.role());
      attempt.checkedArn = resource.getStatus() == null ? null : resource.getStatus().getRoleArn();
      ManagementPolicy policy = RolePreviews.policyOf(resource);
      Optional<UpdateControl<CrossAccountRole>> refreshed =
          refreshAccessOnly(resource, account, desired.role(), context);
      if (refreshed.isPresent()) {
        return refreshed.get();
      }
      Optional<ObservedRole> unchanged =
          policy == ManagementPolicy.Manage
              ? bulk.unchanged(resource, account, desired.role(), context)
              : Optional.empty();
      RoleReach reach = new RoleReach(resource, context, account, desired, read.warnings());
      if (unchanged.isPresent()) {
        ObservedRole seen = unchanged.get();
        return converged(reach, seen.identity(), seen.use());
      }
      Optional<ObservedRole> observed = observe(account, desired);
      boolean adopting =
          guards.checkOwnership(
              resource,
              account,
              desired.role(),
              observed,
              AdoptionRules.liveOwners(CrossAccountRole.class, context));
      if (observed.isEmpty() || adopting) {
        quota.check(resource, account, desired.role().name(), context);
      }
      if (policy != ManagementPolicy.Manage) {
        // Every refusal Manage would make has been made above; from here on, reads only.
        return previewed(reach, observed, adopting, policy);
      }
      if (adopting) {
        observed =
            Optional.of(
                applier.adopt(resource, account.clients(), account.accountId(), observed.get()));
      }
      DesiredRole role = keepingAdoptionMark(desired.role(), observed);
      Optional<ObservedRole> exclusive =
          grantPolicies.leaveGrantsAlone(resource, account.clients(), role, observed);
      RolePlan plan = RolePlanner.plan(role, exclusive);
      exclusive.ifPresent(o -> attempt.identity(o.identity()));
      Optional<RoleIdentity> created =
          applier.apply(resource, account.clients(), account.accountId(), plan, attempt::identity);
      metrics.changesApplied(resource, wasConverged(resource), plan.changes().size());
      RoleIdentity identity = created.orElseGet(() -> exclusive.get().identity());
      // A role just created has never been used; one read has the use IAM reported with it.
      RoleUse use =
          created.isPresent() ? RoleUse.created(identity.created()) : exclusive.get().use();
      return converged(reach, identity, use);
    } catch (RoleSnapshots.ResyncDeferred deferred) {
      return outcomes.deferred(resource, deferred.after());
    } catch (ReconcileFailure f) {
      return failed(resource, f, attempt, context);
    }
  }

  /**
   * A wake that only moved the role's access map (a grant targeting it appeared, changed or went)
   * refreshes the status without reading IAM: see {@link AccessRefresh}.
   */
  private Optional<UpdateControl<CrossAccountRole>> refreshAccessOnly(
      CrossAccountRole resource,
      VerifiedAccount account,
      DesiredRole desired,
      Context<CrossAccountRole> context) {
    CrossAccountRoleStatus last = resource.getStatus();
    if (last == null || last.getTrustPolicy() == null) {
      return Optional.empty();
    }
    return accessRefresh
        .onlyAccessChanged(resource, account.account(), desired)
        .map(
            nextLook -> {
              CrossAccountRoleStatus next = Serialization.clone(last);
              next.setAccess(access(resource, last.getTrustPolicy(), last.getRoleArn(), context));
              next.setDeletionPolicy(policyOf(resource));
              String message = last.readyCondition().map(c -> c.getMessage()).orElse("");
              return outcomes.ready(resource, context, next, Reason.Converged, message, nextLook);
            });
  }

  /** The role's access map, from the grant, role and account informers' caches (no call). */
  private RoleAccess access(
      CrossAccountRole resource,
      JsonNode trustPolicy,
      String roleArn,
      Context<CrossAccountRole> context) {
    Function<String, String> accountIds =
        ref ->
            ref == null
                ? null
                : AccountEventSource.cached(context, ref)
                    .map(a -> a.getSpec() == null ? null : a.getSpec().getAccountId())
                    .orElse(null);
    List<AssumeRoleGrant> targeting = grants.of(resource, roleArn);
    return AccessMaps.of(
        resource,
        trustPolicy,
        targeting,
        hops.of(
            resource,
            roleArn,
            TrustReach.of(trustPolicy),
            targeting,
            context.getPrimaryCache(),
            accountIds),
        accountIds);
  }

  /**
   * Applies the account's guardrails before anything is written: the required boundary is added
   * when the spec has none, a managed policy or boundary that does not exist makes the spec
   * invalid, and any broken rule (deletionPolicy Retain included) refuses the whole change. A role
   * that converged before its account tightened its guardrails is left as it is (never widened,
   * never silently narrowed) and reported Forbidden until its spec complies.
   */
  private Desired withGuardrails(Desired desired, VerifiedAccount account, boolean retain) {
    Guardrails guardrails = AccountGuardrails.of(account.account());
    DesiredRole role = guardrails.applyDefaults(desired.role());
    AccountPolicies policies = references.of(account);
    List<Violation> violations = new ArrayList<>(guardrails.check(role, desired.trust(), policies));
    violations.addAll(guardrails.checkDeletionPolicy(retain));
    AccountGuardrails.enforce(account.account(), violations);
    List<String> missing = guardrails.missingPolicies(role, policies);
    if (!missing.isEmpty()) {
      throw new ReconcileFailure(Reason.InvalidSpec, String.join("; ", missing));
    }
    return new Desired(role, desired.trust());
  }

  /** The spec's deletionPolicy (Delete when unset). */
  static DeletionPolicy policyOf(CrossAccountRole resource) {
    DeletionPolicy policy = resource.getSpec().getDeletionPolicy();
    return policy == null ? DeletionPolicy.Delete : policy;
  }

  private static boolean retains(CrossAccountRole resource) {
    return policyOf(resource) == DeletionPolicy.Retain;
  }

  /** An adopted role keeps the mark of its adoption: it is history, not drift. */
  static DesiredRole keepingAdoptionMark(DesiredRole desired, Optional<ObservedRole> observed) {
    String adopted = observed.map(o -> o.tags().get(Ownership.ADOPTED)).orElse(null);
    return adopted == null ? desired : desired.withTag(Ownership.ADOPTED, adopted);
  }

  private static boolean wasConverged(CrossAccountRole resource) {
    return OperatorMetrics.wasConverged(
        resource.getStatus(), resource.getMetadata().getGeneration());
  }

  private Optional<ObservedRole> observe(VerifiedAccount account, Desired desired) {
    try {
      return roles.observe(account.clients(), desired.role().name());
    } catch (AwsFailure f) {
      throw AwsFailures.toReconcileFailure(f);
    }
  }

  private UpdateControl<CrossAccountRole> converged(
      RoleReach reach, RoleIdentity identity, RoleUse use) {
    CrossAccountRole resource = reach.resource();
    VerifiedAccount account = reach.account();
    Desired desired = reach.desired();
    List<String> readWarnings = reach.readWarnings();
    Context<CrossAccountRole> context = reach.context();
    CrossAccountRoleStatus next =
        RoleStatusFactory.converged(
            resource,
            account.partition(),
            account.accountId(),
            desired.role(),
            desired.trust(),
            identity,
            readWarnings);
    List<String> assumable = AssumeReach.of(desired.role(), references.of(account));
    next.setAssumableRoleArns(assumable.isEmpty() ? null : assumable);
    next.setAccess(access(resource, next.getTrustPolicy(), next.getRoleArn(), context));
    hops.reachChanged(resource.getStatus(), next, context.getPrimaryCache());
    unusedRoles.report(resource, account.account(), account.accountId(), use, next);
    // What a deletion may do from now on: this spec's policy passed the guardrails.
    next.setDeletionPolicy(policyOf(resource));
    // The message does not depend on what was applied (Events report each change), so that a
    // resync of a converged role writes no status.
    UpdateControl<CrossAccountRole> control =
        outcomes.ready(
            resource,
            context,
            next,
            Reason.Converged,
            "The role " + next.getRoleArn() + " matches the spec");
    accessRefresh.converged(resource, account.account(), desired.role(), next, control);
    return control;
  }

  private UpdateControl<CrossAccountRole> previewed(
      RoleReach reach, Optional<ObservedRole> observed, boolean adopting, ManagementPolicy policy) {
    CrossAccountRole resource = reach.resource();
    VerifiedAccount account = reach.account();
    Desired desired = reach.desired();
    List<String> readWarnings = reach.readWarnings();
    Context<CrossAccountRole> context = reach.context();
    RolePreviews.Preview preview = previews.preview(resource, account, desired, observed, adopting);
    CrossAccountRoleStatus next = preview.status();
    next.setWarnings(readWarnings.isEmpty() ? null : readWarnings);
    if (observed.isPresent()) {
      // What IAM recorded of the role's use (a snapshot's, in the plan command) is shown too.
      unusedRoles.report(
          resource, account.account(), account.accountId(), observed.get().use(), next);
    }
    // Plan and Observe write nothing in IAM: what a deletion may do stays as Manage accepted it.
    next.setDeletionPolicy(
        resource.getStatus() == null ? null : resource.getStatus().getDeletionPolicy());
    next.setAccess(access(resource, next.getTrustPolicy(), next.getRoleArn(), context));
    return outcomes.ready(
        resource,
        context,
        next,
        Plans.reason(policy, preview.calls()),
        Plans.message(policy, preview.calls(), "the role " + preview.roleArn()));
  }

  /**
   * @param attempt what this reconcile learnt before it failed: a role left half-built by a failed
   *     write is still reported, so that nobody takes its absence for granted, and the spec's
   *     warnings are shown whatever failed
   */
  private UpdateControl<CrossAccountRole> failed(
      CrossAccountRole resource,
      ReconcileFailure f,
      RoleAttempt attempt,
      Context<CrossAccountRole> context) {
    LOG.infof(
        "CrossAccountRole not converged: namespace=%s name=%s reason=%s message=%s",
        resource.getMetadata().getNamespace(),
        resource.getMetadata().getName(),
        f.reason(),
        f.getMessage());
    CrossAccountRoleStatus next = new CrossAccountRoleStatus();
    CrossAccountRoleStatus previous = resource.getStatus();
    if (previous != null) {
      // What IAM holds is still true; only Ready changes.
      next.setAccountId(previous.getAccountId());
      next.setRoleArn(previous.getRoleArn());
      next.setRoleId(previous.getRoleId());
      next.setSwitchRoleUrl(previous.getSwitchRoleUrl());
      next.setConsoleNote(previous.getConsoleNote());
      next.setCliProfile(previous.getCliProfile());
      next.setTrustPolicy(previous.getTrustPolicy());
      next.setAssumableRoleArns(previous.getAssumableRoleArns());
      next.setWarnings(previous.getWarnings());
      next.setDeletionPolicy(previous.getDeletionPolicy());
      next.setLastUsed(previous.getLastUsed());
    }
    if (attempt.warnings != null) {
      next.setWarnings(
          attempt.warnings.isEmpty() ? null : RoleStatusFactory.capped(attempt.warnings));
    }
    Optional<RoleIdentity> known = Optional.ofNullable(attempt.identity);
    known.ifPresent(
        role -> {
          next.setAccountId(Arns.parseRole(role.arn()).map(Arns.RoleArn::accountId).orElse(null));
          next.setRoleArn(role.arn());
          next.setRoleId(role.roleId());
        });
    if (next.getTrustPolicy() != null) {
      // Grants naming a role by ARN are listed only for an ARN this reconcile saw in IAM or
      // checked against the spec; before that, only grants naming the role by roleRef.
      String arn = known.map(RoleIdentity::arn).orElse(attempt.checkedArn);
      next.setAccess(access(resource, next.getTrustPolicy(), arn, context));
    }
    return outcomes.notReady(resource, context, next, f.reason(), f.getMessage());
  }

  @Override
  public DeleteControl cleanup(CrossAccountRole resource, Context<CrossAccountRole> context) {
    specProblems.forget(resource);
    accessRefresh.forget(resource);
    unusedRoles.forget(resource);
    String accountRef = resource.getSpec().getAccountRef();
    CrossAccountRoleStatus status = resource.getStatus();
    String role =
        status == null || status.getRoleArn() == null
            ? "the role " + DesiredRoleFactory.roleName(resource) + " (if it exists)"
            : "the role " + status.getRoleArn();
    ManagementPolicy policy = RolePreviews.policyOf(resource);
    if (policy != ManagementPolicy.Manage) {
      return outcomes.deletedLeavingIam(resource, policy, role);
    }
    if (!access.exists(context, accountRef)) {
      // The AwsAccount normally waits for its users; it can only be missing when its finalizer
      // was removed by hand. Waiting for it would hang namespace deletion forever.
      return outcomes.deletedWithoutAccount(resource, accountRef, role);
    }
    try {
      VerifiedAccount account = access.openForCleanup(context, accountRef);
      deleter.delete(resource, account);
      return outcomes.deleted(resource);
    } catch (ReconcileFailure f) {
      return outcomes.deletionBlocked(resource, f);
    }
  }

  @Override
  public List<EventSource<?, CrossAccountRole>> prepareEventSources(
      EventSourceContext<CrossAccountRole> context) {
    census.track(CrossAccountRole.class, () -> context.getPrimaryCache().list());
    var accounts =
        AccountEventSource.of(CrossAccountRole.class, context, r -> r.getSpec().getAccountRef());
    var secrets =
        secretValues
            .informer(CrossAccountRole.class)
            .withSecondaryToPrimaryMapper(
                secret ->
                    context
                        .getPrimaryCache()
                        .list(secret.getMetadata().getNamespace())
                        .filter(r -> refersTo(r, secret))
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .build();
    return List.of(
        accounts,
        NamespaceEventSource.of(CrossAccountRole.class, context),
        new InformerEventSource<>(secrets, context),
        grants.eventSource(context),
        hops.eventSource(context));
  }

  private static boolean refersTo(CrossAccountRole role, Secret secret) {
    var ref =
        role.getSpec().getTrust() == null
            ? null
            : role.getSpec().getTrust().getExternalIdSecretRef();
    return ref != null && Objects.equals(ref.getName(), secret.getMetadata().getName());
  }
}
