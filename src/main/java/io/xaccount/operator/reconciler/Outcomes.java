package io.xaccount.operator.reconciler;

import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.xaccount.operator.api.v1alpha1.ReadyStatus;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * How a role or grant reconcile ends, the same way for both kinds: the Ready condition written into
 * a fresh status (no write when nothing changed), the outcome counted, and the next look scheduled
 * — the jittered resync once Ready or when only a spec change (or the event that ends the wait) can
 * help, exponential backoff otherwise.
 */
@ApplicationScoped
public class Outcomes {
  private final ReadyConditions conditions;
  private final Backoff backoff;
  private final OperatorSettings settings;
  private final OperatorMetrics metrics;

  public Outcomes(
      ReadyConditions conditions,
      Backoff backoff,
      OperatorSettings settings,
      OperatorMetrics metrics) {
    this.conditions = conditions;
    this.backoff = backoff;
    this.settings = settings;
    this.metrics = metrics;
  }

  /** Ready=True with {@code reason}; the message must not depend on what was applied. */
  public <S extends ReadyStatus, R extends CustomResource<?, S>> UpdateControl<R> ready(
      R resource, S next, Reason reason, String message) {
    backoff.reset(resource.getMetadata().getUid());
    conditions.ready(
        next, resource.getStatus(), resource.getMetadata().getGeneration(), true, reason, message);
    metrics.ready(resource, resource.getStatus(), reason);
    return StatusWriter.write(resource, next)
        .rescheduleAfter(Resync.after(settings.resyncInterval()));
  }

  /** Ready=False with {@code reason}. */
  public <S extends ReadyStatus, R extends CustomResource<?, S>> UpdateControl<R> notReady(
      R resource, S next, Reason reason, String message) {
    conditions.ready(
        next, resource.getStatus(), resource.getMetadata().getGeneration(), false, reason, message);
    metrics.result(resource, reason);
    UpdateControl<R> control = StatusWriter.write(resource, next);
    // TargetNotReady ends with an event from the target's informer: no need to poll for it.
    boolean waitForEvent = reason.isTerminal() || reason == Reason.TargetNotReady;
    return waitForEvent
        ? control.rescheduleAfter(Resync.after(settings.resyncInterval()))
        : control.rescheduleAfter(backoff.next(resource.getMetadata().getUid()));
  }
}
