package io.xaccount.operator.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.xaccount.operator.api.v1alpha1.SecretKeyRef;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Reads one key of a Secret (ExternalIds). The value is returned to the caller only: it is never
 * put into a message, a log line or a status.
 */
@ApplicationScoped
public class SecretValues {
  private final KubernetesClient kubernetes;

  public SecretValues(KubernetesClient kubernetes) {
    this.kubernetes = kubernetes;
  }

  /**
   * The value of {@code ref} in {@code namespace}, trimmed of surrounding whitespace.
   *
   * @param field the spec field holding the reference, named in error messages
   * @throws ReconcileFailure {@code SecretNotFound} or {@code InvalidSpec}
   */
  public String read(String namespace, SecretKeyRef ref, String field) {
    Secret secret = kubernetes.secrets().inNamespace(namespace).withName(ref.getName()).get();
    if (secret == null) {
      throw new ReconcileFailure(
          Reason.SecretNotFound,
          "Secret %s/%s (%s) does not exist".formatted(namespace, ref.getName(), field));
    }
    String encoded = secret.getData() == null ? null : secret.getData().get(ref.getKey());
    String plain = secret.getStringData() == null ? null : secret.getStringData().get(ref.getKey());
    if (encoded == null && plain == null) {
      throw new ReconcileFailure(
          Reason.InvalidSpec,
          "Secret %s/%s has no key %s (%s)"
              .formatted(namespace, ref.getName(), ref.getKey(), field));
    }
    String value =
        plain != null
            ? plain
            : new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    return value.trim();
  }
}
