package io.xaccount.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.CrossAccountRoleSpec;
import org.junit.jupiter.api.Test;

/** The strict second reading goes to the API server; a failed read is never a clean spec. */
@EnableKubernetesMockClient
class SpecProblemsReadTest {
  private static final String PATH =
      "/apis/xaccount.io/v1alpha1/namespaces/team-a/crossaccountroles/typo";

  KubernetesMockServer server;
  KubernetesClient client;

  @Test
  void aReadThatFailsIsRetriedAndNotTakenForACleanSpec() {
    server
        .expect()
        .get()
        .withPath("/apis/xaccount.io/v1alpha1")
        .andReturn(
            200,
            """
            {"kind":"APIResourceList","apiVersion":"v1","groupVersion":"xaccount.io/v1alpha1",
             "resources":[{"name":"crossaccountroles","singularName":"crossaccountrole",
                           "namespaced":true,"kind":"CrossAccountRole","verbs":["get"]}]}""")
        .always();
    server.expect().get().withPath(PATH).andReturn(403, "{}").once();
    server
        .expect()
        .get()
        .withPath(PATH)
        .andReturn(
            200,
            """
            {"apiVersion":"xaccount.io/v1alpha1","kind":"CrossAccountRole",
             "metadata":{"name":"typo","namespace":"team-a","uid":"u-1","generation":1},
             "spec":{"accountRef":"prod","trust":{"accountIds":["123456789012"],
                     "requireMFA":true}}}""")
        .once();
    SpecProblems problems = new SpecProblems(client);
    CrossAccountRole role = new CrossAccountRole();
    role.setMetadata(
        new ObjectMetaBuilder()
            .withName("typo")
            .withNamespace("team-a")
            .withUid("u-1")
            .withGeneration(1L)
            .build());

    assertThatThrownBy(() -> problems.check(role, CrossAccountRoleSpec.class))
        .isInstanceOf(KubernetesClientException.class);
    assertThatThrownBy(() -> problems.check(role, CrossAccountRoleSpec.class))
        .isInstanceOfSatisfying(
            ReconcileFailure.class,
            f -> {
              assertThat(f.reason()).isEqualTo(Reason.InvalidSpec);
              assertThat(f.getMessage())
                  .startsWith("spec.trust.requireMFA is not a field; did you mean requireMfa?");
            });
  }
}
