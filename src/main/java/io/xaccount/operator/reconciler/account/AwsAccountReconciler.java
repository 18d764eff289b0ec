package io.xaccount.operator.reconciler.account;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.api.v1alpha1.AwsAccountSpec;
import io.xaccount.operator.api.v1alpha1.AwsAccountStatus;
import io.xaccount.operator.api.v1alpha1.ReleasedRoles;
import io.xaccount.operator.api.v1alpha1.SecretKeyRef;
import io.xaccount.operator.reconciler.Backoff;
import io.xaccount.operator.reconciler.EventRecorder;
import io.xaccount.operator.reconciler.OperatorMetrics;
import io.xaccount.operator.reconciler.OperatorSettings;
import io.xaccount.operator.reconciler.ReadyConditions;
import io.xaccount.operator.reconciler.Reason;
import io.xaccount.operator.reconciler.ReconcileFailure;
import io.xaccount.operator.reconciler.ResourceCensus;
import io.xaccount.operator.reconciler.SecretValues;
import io.xaccount.operator.reconciler.SpecProblems;
import io.xaccount.operator.reconciler.StatusWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Verifies that the operator can act in each AwsAccount: sts:GetCallerIdentity through the
 * account's credentials must name the declared account. Re-verifies periodically and whenever the
 * spec or the ExternalId Secret changes, and reports how the grants' policies use each principal's
 * managed-policy slots ({@link GrantSlotUsage}). Deleting an account waits while roles or grants
 * use it.
 */
@ControllerConfiguration(
    maxReconciliationInterval =
        @MaxReconciliationInterval(interval = 10, timeUnit = TimeUnit.MINUTES))
public class AwsAccountReconciler implements Reconciler<AwsAccount>, Cleaner<AwsAccount> {
  private static final Logger LOG = Logger.getLogger(AwsAccountReconciler.class);

  /** A safety net only: the role and grant informers wake a deletion as soon as a user goes. */
  private static final Duration IN_USE_RECHECK = Duration.ofMinutes(5);

  private final SecretValues secretValues;
  private final AccountSessions sessions;
  private final ReadyConditions conditions;
  private final Backoff backoff;
  private final OperatorMetrics metrics;
  private final EventRecorder events;
  private final SpecProblems specProblems;
  private final OperatorSettings settings;
  private final ReleasedRoleTally released;
  private final ResourceCensus census;

  public AwsAccountReconciler(
      AccountSessions sessions,
      ReadyConditions conditions,
      Backoff backoff,
      OperatorMetrics metrics,
      EventRecorder events,
      SpecProblems specProblems,
      SecretValues secretValues,
      OperatorSettings settings,
      ReleasedRoleTally released,
      ResourceCensus census) {
    this.secretValues = secretValues;
    this.sessions = sessions;
    this.conditions = conditions;
    this.backoff = backoff;
    this.metrics = metrics;
    this.events = events;
    this.specProblems = specProblems;
    this.settings = settings;
    this.released = released;
    this.census = census;
  }

  @Override
  public UpdateControl<AwsAccount> reconcile(AwsAccount account, Context<AwsAccount> context) {
    String uid = account.getMetadata().getUid();
    AwsAccountStatus next = new AwsAccountStatus();
    next.setGrantSlots(
        GrantSlotUsage.of(
            account.getSpec().getAccountId(),
            AccountUsers.grants(account, context),
            settings.maxManagedPoliciesPerRole()));
    try {
      refuseWhatCannotBeRead(account);
      VerifiedAccount verified = sessions.open(account, true, SecretValues.cachedIn(context));
      next.setAccountId(verified.identity().accountId());
      next.setCallerArn(verified.identity().arn());
      next.setLastVerifiedTime(conditions.now());
      next.setReleasedRoles(releasedRoles(account, verified));
      conditions.ready(
          next,
          account.getStatus(),
          account.getMetadata().getGeneration(),
          true,
          Reason.Verified,
          "The operator acts as " + verified.identity().arn());
      metrics.ready(account, account.getStatus(), Reason.Verified);
      backoff.reset(uid);
      return patch(account, next, context);
    } catch (ReconcileFailure f) {
      LOG.infof(
          "AwsAccount %s not verified: reason=%s message=%s",
          account.getMetadata().getName(), f.reason(), f.getMessage());
      // What IAM holds is still true.
      next.setReleasedRoles(
          account.getStatus() == null ? null : account.getStatus().getReleasedRoles());
      conditions.ready(
          next,
          account.getStatus(),
          account.getMetadata().getGeneration(),
          false,
          f.reason(),
          f.getMessage());
      metrics.result(account, f.reason());
      UpdateControl<AwsAccount> control = patch(account, next, context);
      return f.reason().isTerminal() ? control : control.rescheduleAfter(backoff.next(uid));
    }
  }

  /**
   * The roles Retain deletions left in the account, per namespace, the namespaces with the most
   * first ({@link ReleasedRoles#MAX_NAMESPACES} at most); what the status said when they could not
   * be read. The account is read for it (when no recent read exists) only by a periodic
   * verification: a new or changed account is verified with its one STS call and nothing else, so
   * that what it says about its credentials comes first.
   */
  private List<ReleasedRoles> releasedRoles(AwsAccount account, VerifiedAccount verified) {
    AwsAccountStatus previous = account.getStatus();
    boolean periodic =
        OperatorMetrics.wasConverged(previous, account.getMetadata().getGeneration());
    return released
        .perNamespace(verified, periodic)
        .map(AwsAccountReconciler::mostFirst)
        .orElse(previous == null ? null : previous.getReleasedRoles());
  }

  static List<ReleasedRoles> mostFirst(Map<String, Integer> counts) {
    return counts.entrySet().stream()
        .sorted(
            Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()))
        .limit(ReleasedRoles.MAX_NAMESPACES)
        .map(e -> new ReleasedRoles(e.getKey(), e.getValue()))
        .toList();
  }

  /**
   * Fails closed on an AwsAccount the operator cannot fully read: a field it does not know (a typo
   * the API server kept, or a CRD newer than the operator) may be a guardrail or allowance, and an
   * account whose rules are half-read must not be used. Roles and grants then wait
   * (AccountNotReady) and nothing is written. The whole spec is a security-relevant part, so {@link
   * SpecProblems#check} refuses such a field first, naming the one it is closest to; this holds
   * even for a part that would lose that mark.
   */
  private void refuseWhatCannotBeRead(AwsAccount account) {
    SpecProblems.Found read = specProblems.check(account, AwsAccountSpec.class);
    if (!read.unknown().isEmpty()) {
      throw new ReconcileFailure(
          Reason.InvalidSpec,
          ("%s: not a field this operator knows (a typo, or a CRD newer than the operator). An"
                  + " account's guardrails are never half-read: remove the field or upgrade the"
                  + " operator; until then nothing is written in this account.")
              .formatted(String.join(", ", read.unknown())));
    }
  }

  /**
   * Writes the status whole ({@link StatusWriter}). A successful verification is always recorded
   * (its time moves); a failure that says exactly what the status already says is not written
   * again.
   */
  private UpdateControl<AwsAccount> patch(
      AwsAccount account, AwsAccountStatus next, Context<AwsAccount> context) {
    AwsAccountStatus previous = account.getStatus();
    boolean failureUnchanged =
        next.getLastVerifiedTime() == null
            && previous != null
            && ReadyConditions.sameReady(previous, next)
            && previous.getCallerArn() == null;
    if (!failureUnchanged) {
      StatusWriter.replace(account, next, context);
    }
    return UpdateControl.noUpdate();
  }

  /**
   * An account in use is not let go: deletion waits (the finalizer stays) until no role or grant
   * names it, so that their own deletion can still reach IAM. Its status (inUseBy) and a Warning
   * event say which resources hold it; the event sources wake this when one of them goes.
   */
  @Override
  public DeleteControl cleanup(AwsAccount account, Context<AwsAccount> context) {
    List<String> users = AccountUsers.of(account, context);
    if (users.isEmpty()) {
      specProblems.forget(account);
      return DeleteControl.defaultDelete();
    }
    List<String> before = account.getStatus() == null ? null : account.getStatus().getInUseBy();
    if (!users.equals(before)) {
      LOG.infof(
          "AwsAccount %s is being deleted and still used by %s",
          account.getMetadata().getName(), users);
      events.warning(
          account,
          "AccountInUse",
          ("Deletion waits until no CrossAccountRole or AssumeRoleGrant uses this account"
                  + " (their own deletion needs it to clean up IAM). Still used by: %s")
              .formatted(String.join(", ", users)));
      if (!writeInUseBy(account, users, context)) {
        return DeleteControl.noFinalizerRemoval()
            .rescheduleAfter(backoff.next(account.getMetadata().getUid()));
      }
    }
    backoff.reset(account.getMetadata().getUid());
    return DeleteControl.noFinalizerRemoval().rescheduleAfter(IN_USE_RECHECK);
  }

  /**
   * Writes the list whole, with the rest of the status as this cleanup read it ({@link
   * StatusWriter}); false when the API refused it (a newer version, a lost connection), for the
   * cleanup to look again soon.
   */
  private boolean writeInUseBy(
      AwsAccount account, List<String> users, Context<AwsAccount> context) {
    AwsAccountStatus status =
        account.getStatus() == null
            ? new AwsAccountStatus()
            : Serialization.clone(account.getStatus());
    status.setInUseBy(users);
    try {
      StatusWriter.replace(account, status, context);
      return true;
    } catch (KubernetesClientException | OperatorException e) {
      LOG.warnf(
          "Could not write inUseBy of AwsAccount %s: %s",
          account.getMetadata().getName(), e.getMessage());
      return false;
    }
  }

  @Override
  public List<EventSource<?, AwsAccount>> prepareEventSources(
      EventSourceContext<AwsAccount> context) {
    census.track(AwsAccount.class, () -> context.getPrimaryCache().list());
    var secrets =
        secretValues
            .informer(AwsAccount.class)
            .withSecondaryToPrimaryMapper(
                secret ->
                    context
                        .getPrimaryCache()
                        .list(account -> refersTo(account, secret))
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .build();
    List<EventSource<?, AwsAccount>> sources = new ArrayList<>();
    sources.add(new InformerEventSource<>(secrets, context));
    sources.addAll(AccountUsers.eventSources(context));
    return sources;
  }

  private static boolean refersTo(AwsAccount account, Secret secret) {
    var assume = account.getSpec().getCredentials().getAssumeRole();
    SecretKeyRef ref = assume == null ? null : assume.getExternalIdSecretRef();
    return ref != null
        && ref.getName().equals(secret.getMetadata().getName())
        && Objects.equals(ref.getNamespace(), secret.getMetadata().getNamespace());
  }
}
