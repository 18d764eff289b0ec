package io.xaccount.operator.reconciler;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The identity of this cluster written into every ownership tag, so that two clusters sharing an
 * AWS account never claim each other's entities: {@code xaccount.operator.cluster-name} when set,
 * otherwise the uid of the {@code kube-system} Namespace, which every cluster has and no two
 * clusters share.
 */
public final class ClusterIdentity {
  static final String SYSTEM_NAMESPACE = "kube-system";

  /**
   * Reads of kube-system at start-up: a connection dropped or an API server restarting must not
   * stop the operator with advice to configure a name, when asking again a moment later works.
   */
  static final int READ_ATTEMPTS = 6;

  static final Duration FIRST_PAUSE = Duration.ofMillis(500);

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
    return fromKubeSystem(
        () -> kubernetes.namespaces().withName(SYSTEM_NAMESPACE).get(), READ_ATTEMPTS, FIRST_PAUSE);
  }

  /** The kube-system uid, read up to {@code attempts} times, pausing twice as long each time. */
  static String fromKubeSystem(Supplier<Namespace> read, int attempts, Duration firstPause) {
    KubernetesClientException last = null;
    Duration pause = firstPause;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      Namespace system;
      try {
        system = read.get();
      } catch (KubernetesClientException e) {
        last = e;
        sleep(attempt < attempts ? pause : Duration.ZERO);
        pause = pause.multipliedBy(2);
        continue;
      }
      if (system != null && system.getMetadata().getUid() != null) {
        return system.getMetadata().getUid();
      }
      throw unresolved("it does not exist");
    }
    throw unresolved(
        "reading it failed %d times, the last with: %s".formatted(attempts, last.getMessage()));
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading " + SYSTEM_NAMESPACE, e);
    }
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
