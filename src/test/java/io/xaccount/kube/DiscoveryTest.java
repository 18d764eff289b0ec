package io.xaccount.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What kubectl asks of an API server, answered by the embedded one. */
class DiscoveryTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static EmbeddedKubernetes kubernetes;

  @BeforeAll
  static void start() throws Exception {
    kubernetes = TestApi.start();
    kubernetes
        .client()
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName("platform").endMetadata().build())
        .create();
    kubernetes
        .client()
        .resource(
            Serialization.unmarshal(
                Files.readString(Path.of("examples/seed/10-role.yaml")),
                GenericKubernetesResource.class))
        .create();
  }

  @AfterAll
  static void stop() {
    kubernetes.close();
  }

  @Test
  void servesLegacyDiscoveryForOurGroup() throws Exception {
    assertThat(get("/api", "application/json").path("versions").toString()).isEqualTo("[\"v1\"]");
    assertThat(get("/apis", "application/json").path("groups").findValuesAsText("name"))
        .containsExactly("coordination.k8s.io", "apiextensions.k8s.io", "xaccount.io");

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
  void answersAPlainHttpWatchAtItsOwnPortWithTheChangesSinceItsVersionThenEnds() throws Exception {
    String roles = "/apis/xaccount.io/v1alpha1/namespaces/platform/crossaccountroles";
    String version =
        JSON.readTree(send("GET", roles + "/prod-power-users", "application/json", "").body())
            .at("/metadata/resourceVersion")
            .asText();
    send(
        "PATCH",
        roles + "/prod-power-users",
        "application/merge-patch+json",
        "{\"metadata\":{\"labels\":{\"watched\":\"yes\"}}}");

    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(kubernetes.url() + roles + "?watch=true&resourceVersion=" + version))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body().lines().toList())
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .startsWith("{\"type\":\"MODIFIED\"")
                    .contains("\"watched\":\"yes\""));
  }

  @Test
  void refusesAWriteTheCrdSchemaRefusesWithKubernetesInvalidStatus() throws Exception {
    String path = "/apis/xaccount.io/v1alpha1/namespaces/platform/crossaccountroles";
    String elevenDigits =
        """
        {"apiVersion":"xaccount.io/v1alpha1","kind":"CrossAccountRole",
         "metadata":{"name":"eleven","namespace":"platform"},
         "spec":{"accountRef":"prod","trust":{"accountIds":["12345678901"]}}}""";

    HttpResponse<String> created = send("POST", path, "application/json", elevenDigits);

    assertThat(created.statusCode()).isEqualTo(422);
    JsonNode status = JSON.readTree(created.body());
    assertThat(status.path("kind").asText()).isEqualTo("Status");
    assertThat(status.path("reason").asText()).isEqualTo("Invalid");
    assertThat(status.path("message").asText())
        .startsWith("CrossAccountRole.xaccount.io \"eleven\" is invalid: ")
        .contains("spec.trust.accountIds[0]");
    assertThat(status.at("/details/causes/0/field").asText()).isEqualTo("spec.trust.accountIds[0]");

    // A merge patch (what kubectl apply sends) is checked against the object it would make.
    HttpResponse<String> patched =
        send(
            "PATCH",
            path + "/prod-power-users",
            "application/merge-patch+json",
            "{\"spec\":{\"maxSessionDuration\":\"one hour\"}}");
    assertThat(patched.statusCode()).isEqualTo(422);
    assertThat(JSON.readTree(patched.body()).path("message").asText())
        .contains("spec.maxSessionDuration");
    HttpResponse<String> fine =
        send(
            "PATCH",
            path + "/prod-power-users",
            "application/merge-patch+json",
            "{\"spec\":{\"description\":\"still valid\"}}");
    assertThat(fine.statusCode()).isBetween(200, 299);
  }

  @Test
  void answersASelfSubjectRulesReviewWithEverythingAllowed() throws Exception {
    // JOSDK asks one before leader election; the sandbox has no RBAC.
    HttpResponse<String> review =
        send(
            "POST",
            "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews",
            "application/json",
            "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectRulesReview\","
                + "\"spec\":{\"namespace\":\"xaccount-system\"}}");

    assertThat(review.statusCode()).isEqualTo(201);
    JsonNode rule = JSON.readTree(review.body()).path("status").path("resourceRules").get(0);
    assertThat(rule.path("verbs").toString()).isEqualTo("[\"*\"]");
    assertThat(rule.path("resources").toString()).isEqualTo("[\"*\"]");
  }

  private static HttpResponse<String> send(
      String method, String path, String contentType, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(kubernetes.url() + path))
            .header("Content-Type", contentType)
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
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
