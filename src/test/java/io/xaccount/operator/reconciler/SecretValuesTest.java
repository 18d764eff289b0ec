package io.xaccount.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.SecretKeyRef;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator reads only labelled ExternalId Secrets, only in the namespaces it is allowed, and
 * from its label-selected informers: never by a GET (which RBAC could not confine by label), and
 * not by a LIST per reconcile either.
 */
@EnableKubernetesMockClient(crud = true)
class SecretValuesTest {
  KubernetesClient client;
  KubernetesMockServer server;
  private SharedIndexInformer<Secret> informer;
  private SecretValues.Cache cache;

  @BeforeEach
  void secrets() {
    secret("team-a", "labelled", true, "ext-a");
    secret("team-a", "unlabelled", false, "service-account-token");
    secret("team-b", "labelled", true, "ext-b");
    // What the operator's informers hold: labelled Secrets only.
    informer = client.secrets().inAnyNamespace().withLabel(SecretValues.LABEL, "true").inform();
    cache =
        (namespace, name) ->
            Optional.ofNullable(informer.getStore().getByKey(namespace + "/" + name));
  }

  @AfterEach
  void stop() {
    informer.close();
  }

  @Test
  void aLabelledSecretIsReadTrimmed() {
    SecretValues values = new SecretValues(Optional.empty());
    assertThat(values.read(cache, "team-a", ref("labelled"), "spec.trust.externalIdSecretRef"))
        .isEqualTo("ext-a");
    assertThat(values.read(cache, "team-b", ref("labelled"), "f")).isEqualTo("ext-b");
  }

  @Test
  void anUnlabelledSecretIsNotFoundAndTheMessageSaysHowToLabelIt() {
    SecretValues values = new SecretValues(Optional.empty());
    assertThatThrownBy(
            () -> values.read(cache, "team-a", ref("unlabelled"), "spec.trust.externalIdSecretRef"))
        .isInstanceOfSatisfying(
            ReconcileFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.SecretNotFound))
        .hasMessageContaining(
            "kubectl label secret -n team-a unlabelled xaccount.io/external-id=true")
        .hasMessageNotContaining("service-account-token");
  }

  @Test
  void anUnlabelledSecretIsRefusedWhereverItComesFrom() {
    Secret unlabelled = client.secrets().inNamespace("team-a").withName("unlabelled").get();
    SecretValues values = new SecretValues(Optional.empty());
    assertThatThrownBy(
            () -> values.read((ns, name) -> Optional.of(unlabelled), "team-a", ref("x"), "f"))
        .isInstanceOfSatisfying(
            ReconcileFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.SecretNotFound));
  }

  @Test
  void readsComeFromTheCacheAndAskNothingOfTheApiServer() {
    SecretValues values = new SecretValues(Optional.empty());
    int before = server.getRequestCount();
    assertThat(values.read(cache, "team-a", ref("labelled"), "f")).isEqualTo("ext-a");
    assertThat(server.getRequestCount()).isEqualTo(before);
  }

  @Test
  void outsideTheConfiguredNamespacesNothingIsAskedOfTheApiServer() {
    SecretValues values = new SecretValues(Optional.of(List.of("team-a")));
    assertThat(values.read(cache, "team-a", ref("labelled"), "f")).isEqualTo("ext-a");
    assertThatThrownBy(
            () -> values.read(cache, "team-b", ref("labelled"), "spec.trust.externalIdSecretRef"))
        .isInstanceOfSatisfying(
            ReconcileFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.InvalidSpec))
        .hasMessageContaining("only in team-a")
        .hasMessageContaining("secretNamespaces");
  }

  @Test
  void theInformersWatchOnlyLabelledSecretsInTheConfiguredNamespaces() {
    var everywhere = new SecretValues(Optional.empty()).informer(CrossAccountRole.class).build();
    assertThat(everywhere.getInformerConfig().getLabelSelector())
        .isEqualTo("xaccount.io/external-id=true");
    assertThat(everywhere.getInformerConfig().watchAllNamespaces()).isTrue();
    var confined =
        new SecretValues(Optional.of(List.of("team-a", "ops")))
            .informer(CrossAccountRole.class)
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
