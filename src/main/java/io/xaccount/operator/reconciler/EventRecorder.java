package io.xaccount.operator.reconciler;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Records Kubernetes Events on our resources: one per IAM change applied, and one per refusal, so
 * that {@code kubectl describe} tells what the operator did and why. Failing to record an event
 * never fails a reconcile.
 */
@ApplicationScoped
public class EventRecorder {
  private static final Logger LOG = Logger.getLogger(EventRecorder.class);
  public static final String NORMAL = "Normal";
  public static final String WARNING = "Warning";

  private final KubernetesClient kubernetes;
  private final Clock clock;

  public EventRecorder(KubernetesClient kubernetes, Clock clock) {
    this.kubernetes = kubernetes;
    this.clock = clock;
  }

  public void normal(HasMetadata resource, String reason, String message) {
    record(resource, NORMAL, reason, message);
  }

  public void warning(HasMetadata resource, String reason, String message) {
    record(resource, WARNING, reason, message);
  }

  private void record(HasMetadata resource, String type, String reason, String message) {
    String namespace =
        resource.getMetadata().getNamespace() == null
            ? "default"
            : resource.getMetadata().getNamespace();
    String now = DateTimeFormatter.ISO_INSTANT.format(clock.instant());
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withNamespace(namespace)
            .withName(resource.getMetadata().getName() + "." + UUID.randomUUID())
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(resource.getApiVersion())
                    .withKind(resource.getKind())
                    .withName(resource.getMetadata().getName())
                    .withNamespace(resource.getMetadata().getNamespace())
                    .withUid(resource.getMetadata().getUid())
                    .withResourceVersion(resource.getMetadata().getResourceVersion())
                    .build())
            .withType(type)
            .withReason(reason)
            .withMessage(message)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .withNewSource()
            .withComponent(Ownership.OPERATOR)
            .endSource()
            .withReportingComponent(Ownership.OPERATOR)
            .build();
    try {
      kubernetes.v1().events().inNamespace(namespace).resource(event).create();
    } catch (KubernetesClientException e) {
      LOG.warnf(
          "Could not record event %s on %s %s: %s",
          reason, resource.getKind(), resource.getMetadata().getName(), e.getMessage());
    }
  }
}
