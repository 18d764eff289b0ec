package io.xaccount.kube;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Namespaces and finalizers as a cluster keeps them: no object in a namespace that does not exist
 * or is being terminated; deletion marks an object with finalizers and removes it with its last
 * finalizer; a namespace goes once everything in it has gone.
 */
class NamespaceLifecycleTest {
  private static final String MERGE = "application/merge-patch+json";
  private static Api api;

  @BeforeAll
  static void start() {
    api = new Api();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void anObjectInANamespaceThatDoesNotExistIsNotFound() {
    Api.Answer refused = api.post(Api.ROLES.formatted("nowhere"), Api.role("nowhere", "r", ""));

    assertThat(refused.code()).isEqualTo(404);
    assertThat(refused.message()).isEqualTo("namespaces \"nowhere\" not found");
    assertThat(refused.body().path("details").toString())
        .isEqualTo("{\"name\":\"nowhere\",\"kind\":\"namespaces\"}");
  }

  @Test
  void theNamespacesEveryClusterHasExist() {
    for (String name : new String[] {"default", "kube-system", "kube-public", "kube-node-lease"}) {
      Api.Answer namespace = api.get("/api/v1/namespaces/" + name);
      assertThat(namespace.body().at("/status/phase").asText()).as(name).isEqualTo("Active");
    }
  }

  @Test
  void theSystemNamespacesMayNotBeDeleted() {
    Api.Answer refused = api.delete("/api/v1/namespaces/kube-system");

    assertThat(refused.code()).isEqualTo(403);
    assertThat(refused.message())
        .isEqualTo("namespaces \"kube-system\" is forbidden: this namespace may not be deleted");
  }

  @Test
  void deletionWaitsForFinalizersAndANamespaceForEverythingInIt() {
    api.namespace("leaving");
    String roles = Api.ROLES.formatted("leaving");
    api.post(
        roles,
        Api.role("leaving", "held", "")
            .replace(
                "\"namespace\":\"leaving\"",
                "\"namespace\":\"leaving\",\"finalizers\":[\"example.com/hold\"]"));
    long generation = api.get(roles + "/held").body().at("/metadata/generation").asLong();

    Api.Answer deleting = api.delete("/api/v1/namespaces/leaving");

    assertThat(deleting.code()).isEqualTo(200);
    assertThat(api.get("/api/v1/namespaces/leaving").body().at("/status/phase").asText())
        .isEqualTo("Terminating");
    Api.Answer held = api.get(roles + "/held");
    assertThat(held.body().at("/metadata/deletionTimestamp").isTextual()).isTrue();
    assertThat(held.body().at("/metadata/generation").asLong()).isEqualTo(generation + 1);
    Api.Answer refused = api.post(roles, Api.role("leaving", "late", ""));
    assertThat(refused.code()).isEqualTo(403);
    assertThat(refused.message())
        .isEqualTo(
            "crossaccountroles.xaccount.io \"late\" is forbidden: unable to create new content in"
                + " namespace leaving because it is being terminated");

    Api.Answer added =
        api.patch(
            roles + "/held",
            MERGE,
            "{\"metadata\":{\"finalizers\":[\"example.com/hold\",\"late\"]}}");
    assertThat(added.code()).isEqualTo(422);
    assertThat(added.message())
        .contains(
            "metadata.finalizers: Forbidden: no new finalizers can be added if the object is being"
                + " deleted, found new finalizers []string{\"late\"}");

    Api.Answer released = api.patch(roles + "/held", MERGE, "{\"metadata\":{\"finalizers\":null}}");

    assertThat(released.code()).isEqualTo(200);
    assertThat(api.get(roles + "/held").code()).isEqualTo(404);
    assertThat(api.get("/api/v1/namespaces/leaving").code()).isEqualTo(404);
  }

  @Test
  void aDeletedObjectWithoutFinalizersIsGoneAtOnce() {
    api.namespace("brief");
    String roles = Api.ROLES.formatted("brief");
    api.post(roles, Api.role("brief", "gone", ""));

    Api.Answer deleted = api.delete(roles + "/gone");

    assertThat(deleted.code()).isEqualTo(200);
    assertThat(api.get(roles + "/gone").code()).isEqualTo(404);
  }
}
