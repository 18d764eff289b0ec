package io.xaccount.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The cluster identity in ownership tags: configured, or the kube-system uid, never a guess. */
@EnableKubernetesMockClient(crud = true)
class ClusterIdentityTest {
  KubernetesClient client;

  @Test
  void theKubeSystemUidIsTheDefault() {
    String uid =
        client
            .namespaces()
            .resource(
                new NamespaceBuilder()
                    .withNewMetadata()
                    .withName("kube-system")
                    .endMetadata()
                    .build())
            .create()
            .getMetadata()
            .getUid();

    assertThat(ClusterIdentity.resolve(Optional.empty(), client)).isEqualTo(uid).isNotBlank();
    assertThat(ClusterIdentity.resolve(Optional.of(" "), client)).isEqualTo(uid);
  }

  @Test
  void aConfiguredNameWinsWithoutAskingTheCluster() {
    assertThat(ClusterIdentity.resolve(Optional.of("prod-eu-1"), client)).isEqualTo("prod-eu-1");
  }

  @Test
  void withoutEitherTheOperatorRefusesToStart() {
    assertThatThrownBy(() -> ClusterIdentity.resolve(Optional.empty(), client))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("kube-system")
        .hasMessageContaining("xaccount.operator.cluster-name");
  }

  @Test
  void aDroppedConnectionAtStartUpIsAskedAgain() {
    Namespace system =
        new NamespaceBuilder()
            .withNewMetadata()
            .withName("kube-system")
            .withUid("u-1")
            .endMetadata()
            .build();
    AtomicInteger reads = new AtomicInteger();
    Supplier<Namespace> flaky =
        () -> {
          if (reads.incrementAndGet() <= 2) {
            throw new KubernetesClientException("Connection was closed");
          }
          return system;
        };

    assertThat(ClusterIdentity.fromKubeSystem(flaky, 6, Duration.ZERO)).isEqualTo("u-1");
    assertThat(reads).hasValue(3);
  }

  @Test
  void anApiThatStaysUnreachableIsToldAsSuch() {
    Supplier<Namespace> down =
        () -> {
          throw new KubernetesClientException("Connection refused");
        };

    assertThatThrownBy(() -> ClusterIdentity.fromKubeSystem(down, 3, Duration.ZERO))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("reading it failed 3 times, the last with: Connection refused");
  }

  @Test
  void aNameIamCannotStoreAsATagIsRefused() {
    assertThatThrownBy(() -> ClusterIdentity.resolve(Optional.of("blue green!"), client))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not a valid IAM tag value");
  }
}
