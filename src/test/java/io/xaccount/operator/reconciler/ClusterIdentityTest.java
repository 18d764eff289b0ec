package io.xaccount.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.Optional;
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
  void aNameIamCannotStoreAsATagIsRefused() {
    assertThatThrownBy(() -> ClusterIdentity.resolve(Optional.of("blue green!"), client))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not a valid IAM tag value");
  }
}
