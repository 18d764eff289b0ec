package io.xaccount.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.CrossAccountRoleSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * After a restart every resource's spec is read strictly once: one listing of its kind and
 * namespace serves them all, instead of a GET each.
 */
@EnableKubernetesMockClient(crud = true)
class SpecProblemsListingTest {
  KubernetesMockServer server;
  KubernetesClient client;

  @Test
  void aNamespacesSpecsAreReadInOneListingAndAChangedOneWithItsOwnGet() throws Exception {
    try (var crd =
        java.nio.file.Files.newInputStream(Path.of("crds/crossaccountroles.xaccount.io-v1.yml"))) {
      client.apiextensions().v1().customResourceDefinitions().load(crd).create();
    }
    List<CrossAccountRole> roles = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      roles.add(stored("role-" + i, "\"trust\":{\"accountIds\":[\"123456789012\"]}"));
    }
    CrossAccountRole typo = stored("typo", "\"trust\":{\"requireMFA\":true}");
    CrossAccountRole other = stored("elsewhere", "\"trust\":{}", "team-b");
    SpecProblems problems = new SpecProblems(client);
    requests(); // the set-up's

    for (CrossAccountRole role : roles) {
      assertThat(problems.check(role, CrossAccountRoleSpec.class).unknown()).isEmpty();
    }
    assertThatThrownBy(() -> problems.check(typo, CrossAccountRoleSpec.class))
        .isInstanceOf(ReconcileFailure.class)
        .hasMessageStartingWith("spec.trust.requireMFA is not a field; did you mean requireMfa?");
    problems.check(other, CrossAccountRoleSpec.class);

    List<String> asked = requests();
    assertThat(asked)
        .filteredOn(r -> r.startsWith("GET /apis/xaccount.io/v1alpha1/namespaces/team-a/"))
        .containsExactly("GET /apis/xaccount.io/v1alpha1/namespaces/team-a/crossaccountroles");
    assertThat(asked)
        .filteredOn(r -> r.startsWith("GET /apis/xaccount.io/v1alpha1/namespaces/team-b/"))
        .containsExactly("GET /apis/xaccount.io/v1alpha1/namespaces/team-b/crossaccountroles");

    // A spec changed since (a new generation) is read alone, with a GET.
    CrossAccountRole changed = roles.get(0);
    changed.getMetadata().setGeneration(2L);
    problems.check(changed, CrossAccountRoleSpec.class);
    assertThat(requests())
        .containsExactly(
            "GET /apis/xaccount.io/v1alpha1/namespaces/team-a/crossaccountroles/role-0");
  }

  private CrossAccountRole stored(String name, String spec) {
    return stored(name, spec, "team-a");
  }

  /**
   * Stores the object as raw JSON (as a tenant's kubectl would) and returns it as the cache has it.
   */
  private CrossAccountRole stored(String name, String spec, String namespace) {
    GenericKubernetesResource raw =
        Serialization.unmarshal(
            """
            {"apiVersion":"xaccount.io/v1alpha1","kind":"CrossAccountRole",
             "metadata":{"name":"%s","namespace":"%s","generation":1},
             "spec":{"accountRef":"prod",%s}}"""
                .formatted(name, namespace, spec),
            GenericKubernetesResource.class);
    GenericKubernetesResource created =
        client
            .genericKubernetesResources("xaccount.io/v1alpha1", "CrossAccountRole")
            .inNamespace(namespace)
            .resource(raw)
            .create();
    CrossAccountRole role = new CrossAccountRole();
    role.setMetadata(created.getMetadata());
    role.getMetadata().setGeneration(1L);
    return role;
  }

  private List<String> requests() throws InterruptedException {
    List<String> asked = new ArrayList<>();
    for (RecordedRequest r = server.takeRequest(1, TimeUnit.MILLISECONDS);
        r != null;
        r = server.takeRequest(1, TimeUnit.MILLISECONDS)) {
      asked.add(r.getMethod() + " " + r.getPath().replaceAll("\\?.*", ""));
    }
    return asked;
  }
}
