package io.xaccount.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/** Raw HTTP against an embedded API, as any client sends it, for the API's own tests. */
final class Api implements AutoCloseable {
  static final String ROLES = "/apis/xaccount.io/v1alpha1/namespaces/%s/crossaccountroles";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final EmbeddedKubernetes kubernetes = TestApi.start();

  /** An answer: code, parsed body (its first JSON value), the body as sent, Warning headers. */
  record Answer(int code, JsonNode body, String text, List<String> warnings) {
    String message() {
      return body.path("message").asText();
    }

    String version() {
      return body.path("metadata").path("resourceVersion").asText();
    }
  }

  Answer get(String path) {
    return send("GET", path, null, null);
  }

  Answer post(String path, String body) {
    return send("POST", path, "application/json", body);
  }

  Answer put(String path, String body) {
    return send("PUT", path, "application/json", body);
  }

  Answer patch(String path, String contentType, String body) {
    return send("PATCH", path, contentType, body);
  }

  Answer delete(String path) {
    return send("DELETE", path, null, null);
  }

  Answer send(String method, String path, String contentType, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(kubernetes.url() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    try {
      HttpResponse<String> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode parsed =
          response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
      return new Answer(
          response.statusCode(), parsed, response.body(), response.headers().allValues("Warning"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates namespace {@code name}. */
  void namespace(String name) {
    post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"" + name + "\"}}");
  }

  /** A valid CrossAccountRole's JSON with {@code spec} fields added (a JSON fragment). */
  static String role(String namespace, String name, String moreSpec) {
    return """
        {"apiVersion":"xaccount.io/v1alpha1","kind":"CrossAccountRole",
         "metadata":{"name":"%s","namespace":"%s"},
         "spec":{"accountRef":"prod","roleName":"R-%s","trust":{"accountIds":["123456789012"]},
                 "managedPolicyArns":["arn:aws:iam::aws:policy/PowerUserAccess"]%s}}"""
        .formatted(name, namespace, name, moreSpec.isEmpty() ? "" : "," + moreSpec);
  }

  @Override
  public void close() {
    kubernetes.close();
  }
}
