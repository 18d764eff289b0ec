package io.xaccount.operator.reconciler;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The identity of this cluster written into every ownership tag, so that two clusters sharing an
 * AWS account never claim each other's entities: {@code xaccount.operator.cluster-name} when set,
 * otherwise the uid of the {@code kube-system} Namespace, which every cluster has and no two
 * clusters share.
 */
public final class ClusterIdentity {
  static final String SYSTEM_NAMESPACE = "kube-system";

  /** What IAM accepts as a tag value, and short enough to read in a message. */
  private static final Pattern VALID = Pattern.compile("[\\p{L}\\p{N}_.:/=+@-]{1,128}");

  private ClusterIdentity() {}

  /**
   * The configured name, or the {@code kube-system} uid.
   *
   * @throws IllegalStateException when neither is available: the operator must not start and tag
   *     entities with an identity another cluster could share
   */
  public static String resolve(Optional<String> configured, KubernetesClient kubernetes) {
    if (configured.isPresent() && !configured.get().isBlank()) {
      String name = configured.get().trim();
      if (!VALID.matcher(name).matches()) {
        throw new IllegalStateException(
            ("xaccount.operator.cluster-name %s is not a valid IAM tag value: use 1-128 letters,"
                    + " digits and _.:/=+@-")
                .formatted(name));
      }
      return name;
    }
    try {
      Namespace system = kubernetes.namespaces().withName(SYSTEM_NAMESPACE).get();
      if (system != null && system.getMetadata().getUid() != null) {
        return system.getMetadata().getUid();
      }
    } catch (KubernetesClientException e) {
      throw unresolved("reading it failed: " + e.getMessage());
    }
    throw unresolved("it does not exist");
  }

  private static IllegalStateException unresolved(String why) {
    return new IllegalStateException(
        ("Cannot tell this cluster apart from others sharing an AWS account: the %s Namespace"
                + " identifies it by default, but %s. Set xaccount.operator.cluster-name (Helm"
                + " value clusterName) to a name unique among the clusters using the same AWS"
                + " accounts.")
            .formatted(SYSTEM_NAMESPACE, why));
  }
}
