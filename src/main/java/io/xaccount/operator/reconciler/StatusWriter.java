package io.xaccount.operator.reconciler;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.xaccount.operator.api.v1alpha1.ReadyStatus;

/**
 * Writes a status as a fresh object (metadata and status only, never the spec), and only when it
 * differs from what the resource already shows: a converged resync writes nothing.
 */
public final class StatusWriter {
  private StatusWriter() {}

  public static <S extends ReadyStatus, R extends CustomResource<?, S>> UpdateControl<R> write(
      R resource, S next) {
    S previous = resource.getStatus();
    if (previous != null && Serialization.asJson(previous).equals(Serialization.asJson(next))) {
      return UpdateControl.noUpdate();
    }
    R fresh = newInstance(resource);
    fresh.setMetadata(
        new ObjectMetaBuilder()
            .withName(resource.getMetadata().getName())
            .withNamespace(resource.getMetadata().getNamespace())
            .withResourceVersion(resource.getMetadata().getResourceVersion())
            .build());
    fresh.setStatus(next);
    return UpdateControl.patchStatus(fresh);
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
