package io.xaccount.operator.reconciler;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/**
 * Writes a status whole, as a fresh object (metadata and status only, never the spec), and only
 * when it differs from what the resource already shows: a converged resync writes nothing.
 *
 * <p>The write is a PUT of the status subresource carrying the resourceVersion the reconcile read,
 * never a patch. With server-side apply off, JOSDK's {@code UpdateControl.patchStatus} sends a JSON
 * Patch computed against its cached copy of the resource, without the resourceVersion: list
 * elements are added and removed by index, so a copy that lags the server (another write, a lost
 * answer) turns the diff into duplicates or into removing the wrong entries (issue 24: an {@code
 * inUseBy} of 55 entries for 7 resources). A merge patch would replace lists whole on a real API
 * server, but the Fabric8 mock server the tests and the sandbox run on appends them (issue 25); an
 * update is replaced whole by both. A stale resourceVersion is answered 409 Conflict: the reconcile
 * fails and JOSDK runs it again on the current resource.
 */
public final class StatusWriter {
  /** No retry here: a conflict means the reconcile worked from an old copy, so it runs again. */
  private static final int NO_RETRY = 0;

  private StatusWriter() {}

  /**
   * Writes {@code next} when it differs from the resource's status. Returns {@code noUpdate}: the
   * write is done here, and JOSDK's cache holds the result for the next reconcile.
   */
  public static <S, R extends CustomResource<?, S>> UpdateControl<R> write(
      R resource, S next, Context<R> context) {
    S previous = resource.getStatus();
    if (previous == null || !Serialization.asJson(previous).equals(Serialization.asJson(next))) {
      replace(resource, next, context);
    }
    return UpdateControl.noUpdate();
  }

  /**
   * Replaces the resource's whole status with {@code next}, if the resource is still at the version
   * this reconcile read.
   *
   * @throws io.fabric8.kubernetes.client.KubernetesClientException when the API refuses the write
   * @throws io.javaoperatorsdk.operator.OperatorException on 409 Conflict
   */
  public static <S, R extends CustomResource<?, S>> void replace(
      R resource, S next, Context<R> context) {
    R fresh = newInstance(resource);
    fresh.setMetadata(
        new ObjectMetaBuilder()
            .withName(resource.getMetadata().getName())
            .withNamespace(resource.getMetadata().getNamespace())
            .withResourceVersion(resource.getMetadata().getResourceVersion())
            .build());
    fresh.setStatus(next);
    PrimaryUpdateAndCacheUtils.updateAndCacheResource(
        resource,
        context,
        r -> fresh,
        r -> context.getClient().resource(r).updateStatus(),
        NO_RETRY,
        PrimaryUpdateAndCacheUtils.DEFAULT_RESOURCE_CACHE_TIMEOUT_MILLIS,
        PrimaryUpdateAndCacheUtils.DEFAULT_RESOURCE_CACHE_POLL_PERIOD_MILLIS);
  }

  @SuppressWarnings("unchecked")
  private static <R> R newInstance(R resource) {
    try {
      return (R) resource.getClass().getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot create " + resource.getClass(), e);
    }
  }
}
