package io.xaccount.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What kubectl asks of an API server, answered by the embedded one. */
class DiscoveryDispatcherTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static EmbeddedKubernetes kubernetes;

  @BeforeAll
  static void start() {
    kubernetes = EmbeddedKubernetes.start();
    Manifests.Loaded seed = Manifests.load(List.of(Path.of("examples/seed/10-role.yaml")));
    new Applier(kubernetes.client(), kubernetes.crds()).apply(seed.documents(), new ArrayList<>());
  }

  @AfterAll
  static void stop() {
    kubernetes.close();
  }

  @Test
  void servesLegacyDiscoveryForOurGroup() throws Exception {
    assertThat(get("/api", "application/json").path("versions").toString()).isEqualTo("[\"v1\"]");
    assertThat(get("/apis", "application/json").path("groups").get(0).path("name").asText())
        .isEqualTo("xaccount.io");

    JsonNode resources = get("/apis/xaccount.io/v1alpha1", "application/json").path("resources");

    JsonNode roles = null;
    for (JsonNode resource : resources) {
      if (resource.path("name").asText().equals("crossaccountroles")) {
        roles = resource;
      }
    }
    assertThat(roles).isNotNull();
    assertThat(roles.path("kind").asText()).isEqualTo("CrossAccountRole");
    assertThat(roles.path("namespaced").asBoolean()).isTrue();
    assertThat(roles.path("shortNames").toString()).contains("xar");
    assertThat(roles.path("categories").toString()).contains("xaccount");
  }

  @Test
  void answersKubectlGetWithATableOfThePrinterColumns() throws Exception {
    JsonNode table =
        get(
            "/apis/xaccount.io/v1alpha1/namespaces/platform/crossaccountroles",
            "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");

    assertThat(table.path("kind").asText()).isEqualTo("Table");
    List<String> columns = new ArrayList<>();
    table.path("columnDefinitions").forEach(c -> columns.add(c.path("name").asText()));
    assertThat(columns).contains("Name", "Age", "Account", "Ready", "ARN");
    JsonNode cells = table.path("rows").get(0).path("cells");
    assertThat(cells.get(0).asText()).isEqualTo("prod-power-users");
    assertThat(cells.get(columns.indexOf("Account")).asText()).isEqualTo("prod");
  }

  @Test
  void endsAnIdlePlainHttpWatchWithGoneSoThatTheClientListsAgain() throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        kubernetes.url()
                            + "/apis/xaccount.io/v1alpha1/namespaces/platform/crossaccountroles"
                            + "?watch=true&resourceVersion=999999"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(410);
  }

  private static JsonNode get(String path, String accept) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(kubernetes.url() + path))
                .header("Accept", accept)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
