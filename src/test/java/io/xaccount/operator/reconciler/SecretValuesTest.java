package io.xaccount.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.SecretKeyRef;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator reads only labelled ExternalId Secrets, only in the namespaces it is allowed, and
 * never by a GET (which RBAC could not confine by label).
 */
@EnableKubernetesMockClient(crud = true)
class SecretValuesTest {
  KubernetesClient client;
  KubernetesMockServer server;

  @BeforeEach
  void secrets() {
    secret("team-a", "labelled", true, "ext-a");
    secret("team-a", "unlabelled", false, "service-account-token");
    secret("team-b", "labelled", true, "ext-b");
  }

  @Test
  void aLabelledSecretIsReadTrimmed() {
    SecretValues values = new SecretValues(client, Optional.empty());
    assertThat(values.read("team-a", ref("labelled"), "spec.trust.externalIdSecretRef"))
        .isEqualTo("ext-a");
    assertThat(values.read("team-b", ref("labelled"), "f")).isEqualTo("ext-b");
  }

  @Test
  void anUnlabelledSecretIsNotFoundAndTheMessageSaysHowToLabelIt() {
    SecretValues values = new SecretValues(client, Optional.empty());
    assertThatThrownBy(
            () -> values.read("team-a", ref("unlabelled"), "spec.trust.externalIdSecretRef"))
        .isInstanceOfSatisfying(
            ReconcileFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.SecretNotFound))
        .hasMessageContaining(
            "kubectl label secret -n team-a unlabelled xaccount.io/external-id=true")
        .hasMessageNotContaining("service-account-token");
  }

  @Test
  void readsListByLabelAndNeverGetASecretByName() throws InterruptedException {
    SecretValues values = new SecretValues(client, Optional.empty());
    int before = server.getRequestCount();
    values.read("team-a", ref("labelled"), "f");
    var request = server.getLastRequest();
    assertThat(server.getRequestCount()).isEqualTo(before + 1);
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getPath())
        .startsWith("/api/v1/namespaces/team-a/secrets?")
        .contains("labelSelector=xaccount.io%2Fexternal-id%3Dtrue");
  }

  @Test
  void outsideTheConfiguredNamespacesNothingIsAskedOfTheApiServer() {
    SecretValues values = new SecretValues(client, Optional.of(List.of("team-a")));
    assertThat(values.read("team-a", ref("labelled"), "f")).isEqualTo("ext-a");
    int before = server.getRequestCount();
    assertThatThrownBy(
            () -> values.read("team-b", ref("labelled"), "spec.trust.externalIdSecretRef"))
        .isInstanceOfSatisfying(
            ReconcileFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.InvalidSpec))
        .hasMessageContaining("only in team-a")
        .hasMessageContaining("secretNamespaces");
    assertThat(server.getRequestCount()).isEqualTo(before);
  }

  @Test
  void theInformersWatchOnlyLabelledSecretsInTheConfiguredNamespaces() {
    var everywhere =
        new SecretValues(client, Optional.empty()).informer(CrossAccountRole.class, "s").build();
    assertThat(everywhere.getInformerConfig().getLabelSelector())
        .isEqualTo("xaccount.io/external-id=true");
    assertThat(everywhere.getInformerConfig().watchAllNamespaces()).isTrue();
    var confined =
        new SecretValues(client, Optional.of(List.of("team-a", "ops")))
            .informer(CrossAccountRole.class, "s")
            .build();
    assertThat(confined.getInformerConfig().getLabelSelector())
        .isEqualTo("xaccount.io/external-id=true");
    assertThat(confined.getInformerConfig().getNamespaces())
        .containsExactlyInAnyOrder("team-a", "ops");
  }

  private static SecretKeyRef ref(String name) {
    return new SecretKeyRef(null, name, "externalId");
  }

  private void secret(String namespace, String name, boolean labelled, String value) {
    var builder = new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace);
    if (labelled) {
      builder = builder.addToLabels(SecretValues.LABEL, "true");
    }
    client
        .resource(builder.endMetadata().addToStringData("externalId", "  " + value + "\n").build())
        .create();
  }
}
