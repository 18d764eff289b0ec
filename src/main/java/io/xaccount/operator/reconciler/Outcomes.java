package io.xaccount.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.xaccount.operator.api.v1alpha1.ManagementPolicy;
import io.xaccount.operator.api.v1alpha1.ReadyStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How a role or grant reconcile ends, the same way for both kinds: the Ready condition written into
 * a fresh status (no write when nothing changed), the outcome counted, and the next look scheduled
 * — the jittered resync once Ready or when only a spec change (or the event that ends the wait) can
 * help, exponential backoff otherwise, and in any case no later than an instant the resource names
 * (a grant's window opening or ending).
 */
@ApplicationScoped
public class Outcomes {
  private final ReadyConditions conditions;
  private final Backoff backoff;
  private final OperatorSettings settings;
  private final OperatorMetrics metrics;
  private final EventRecorder events;
  private final Clock clock;

  public Outcomes(
      ReadyConditions conditions,
      Backoff backoff,
      OperatorSettings settings,
      OperatorMetrics metrics,
      EventRecorder events,
      Clock clock) {
    this.conditions = conditions;
    this.backoff = backoff;
    this.settings = settings;
    this.metrics = metrics;
    this.events = events;
    this.clock = clock;
  }

  /** Ready=True with {@code reason}; the message must not depend on what was applied. */
  public <S extends ReadyStatus, R extends CustomResource<?, S>> UpdateControl<R> ready(
      R resource, Context<R> context, S next, Reason reason, String message) {
    return ready(resource, context, next, reason, message, null);
  }

  /**
   * The same, looking again at {@code wake} at the latest (a grant's window opening or ending)
   * rather than only at the next resync.
   *
   * @param wake when the resource must be reconciled again, or null
   */
  public <S extends ReadyStatus, R extends CustomResource<?, S>> UpdateControl<R> ready(
      R resource, Context<R> context, S next, Reason reason, String message, Instant wake) {
    backoff.reset(resource.getMetadata().getUid());
    conditions.ready(
        next, resource.getStatus(), resource.getMetadata().getGeneration(), true, reason, message);
    metrics.ready(resource, resource.getStatus(), reason);
    return StatusWriter.write(resource, next, context)
        .rescheduleAfter(earliest(Resync.after(settings.resyncInterval()), wake));
  }

  /** Ready=False with {@code reason}. */
  public <S extends ReadyStatus, R extends CustomResource<?, S>> UpdateControl<R> notReady(
      R resource, Context<R> context, S next, Reason reason, String message) {
    return notReady(resource, context, next, reason, message, null);
  }

  /**
   * The same, looking again at {@code wake} at the latest.
   *
   * @param wake when the resource must be reconciled again, or null
   */
  public <S extends ReadyStatus, R extends CustomResource<?, S>> UpdateControl<R> notReady(
      R resource, Context<R> context, S next, Reason reason, String message, Instant wake) {
    conditions.ready(
        next, resource.getStatus(), resource.getMetadata().getGeneration(), false, reason, message);
    metrics.result(resource, reason);
    UpdateControl<R> control = StatusWriter.write(resource, next, context);
    // TargetNotReady ends with an event from the target's informer: no need to poll for it.
    boolean waitForEvent = reason.isTerminal() || reason == Reason.TargetNotReady;
    Duration after =
        waitForEvent
            ? Resync.after(settings.resyncInterval())
            : backoff.next(resource.getMetadata().getUid());
    return control.rescheduleAfter(earliest(after, wake));
  }

  /** {@code after}, or the time until {@code wake} when that comes sooner. */
  private Duration earliest(Duration after, Instant wake) {
    if (wake == null) {
      return after;
    }
    Duration until = Resync.until(wake, clock.instant());
    return until.compareTo(after) < 0 ? until : after;
  }

  /**
   * A resync put off, because the account's shared read it is to be served by is still under way:
   * nothing written, the resource reconciled again {@code after}.
   */
  public <R extends HasMetadata> UpdateControl<R> deferred(R resource, Duration after) {
    metrics.resync(resource, "deferred");
    return UpdateControl.<R>noUpdate().rescheduleAfter(after);
  }

  /**
   * A resource put off because another resource holds what it needs for a moment (its grant pack's
   * lock): nothing written, the resource reconciled again {@code after}, at its rank.
   */
  public <R extends HasMetadata> UpdateControl<R> putOff(R resource, Duration after) {
    return UpdateControl.<R>noUpdate().rescheduleAfter(after);
  }

  /** The IAM entity is gone or released: the finalizer may go. */
  public DeleteControl deleted(HasMetadata resource) {
    backoff.reset(resource.getMetadata().getUid());
    return DeleteControl.defaultDelete();
  }

  /**
   * The resource's AwsAccount no longer exists (its finalizer was removed by hand): nothing can be
   * reached in IAM, so the finalizer goes and a Warning event names what stays behind.
   *
   * @param leftBehind the IAM entities left, e.g. {@code the role arn:...}
   */
  public DeleteControl deletedWithoutAccount(
      HasMetadata resource, String accountRef, String leftBehind) {
    events.warning(
        resource,
        "IamEntitiesLeftBehind",
        ("AwsAccount %s no longer exists, so nothing could be cleaned up in IAM: %s stays as it"
                + " is, with its ownership tags. Delete it in the AWS account by hand if it is no"
                + " longer wanted.")
            .formatted(accountRef, leftBehind));
    return deleted(resource);
  }

  /**
   * A resource in managementPolicy Plan or Observe is deleted: nothing is deleted in IAM (the
   * operator wrote nothing there for it), the finalizer goes, and an Event names what stays.
   *
   * @param leftBehind the IAM entities left, e.g. {@code the role arn:...}
   */
  public DeleteControl deletedLeavingIam(
      HasMetadata resource, ManagementPolicy policy, String leftBehind) {
    events.normal(
        resource,
        "IamLeftAsIs",
        "managementPolicy %s: nothing was deleted in IAM; %s stays as it is."
            .formatted(policy, leftBehind));
    return deleted(resource);
  }

  /**
   * Deletion could not finish: the finalizer stays, the reason is told as a Warning event (the
   * resource is going away, so there is no status to read), and it is retried with backoff.
   */
  public DeleteControl deletionBlocked(HasMetadata resource, ReconcileFailure failure) {
    events.warning(resource, "DeletionBlocked", failure.reason() + ": " + failure.getMessage());
    return DeleteControl.noFinalizerRemoval()
        .rescheduleAfter(backoff.next(resource.getMetadata().getUid()));
  }
}
