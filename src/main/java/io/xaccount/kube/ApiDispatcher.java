package io.xaccount.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Routes each request of the embedded API: faults first (chaos runs), then discovery and OpenAPI,
 * the access reviews clients ask before acting, and the served resources ({@link ResourceHandler});
 * any other path is {@code 404}. Refusals are {@code Status} bodies.
 */
final class ApiDispatcher extends Dispatcher {
  private static final String ACCESS_REVIEWS = "/apis/authorization.k8s.io/v1/";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ResourceTypes types;
  private final ResourceHandler resources;
  private final Discovery discovery;
  private final OpenApi openApi;
  private final ProtobufBodies protobuf = new ProtobufBodies(JSON);
  private final ApiFaults faults;

  ApiDispatcher(ResourceTypes types, ResourceHandler resources, ApiFaults faults) {
    this.types = types;
    this.resources = resources;
    this.discovery = new Discovery(types);
    this.openApi = new OpenApi(types);
    this.faults = faults;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    Optional<MockResponse> refused = faults.refuse(request);
    return refused.isPresent() ? refused.get() : faults.answered(request, answer(request));
  }

  private MockResponse answer(RecordedRequest request) {
    try {
      return route(request);
    } catch (ApiError e) {
      return ResourceHandler.json(e.code(), e.status());
    } catch (RuntimeException e) {
      ObjectNode status = Statuses.status(500, "InternalError", "Internal error occurred: " + e);
      return ResourceHandler.json(500, status);
    }
  }

  private MockResponse route(RecordedRequest request) {
    String method = request.getMethod();
    String path = request.getPath();
    int question = path.indexOf('?');
    String bare = question < 0 ? path : path.substring(0, question);
    var query = WatchQuery.parameters(question < 0 ? null : path.substring(question + 1));
    if ("GET".equals(method)) {
      Optional<JsonNode> document = discovery.document(bare).or(() -> openApi.document(bare));
      if (document.isPresent()) {
        return ResourceHandler.json(200, document.get());
      }
    }
    byte[] body = body(request);
    if ("POST".equals(method) && bare.startsWith(ACCESS_REVIEWS)) {
      return ResourceHandler.json(201, everythingAllowed(body));
    }
    String contentType = request.getHeader("Content-Type");
    if (contentType != null && contentType.contains("protobuf") && body != null) {
      // kubectl sends built-in kinds as protobuf; everything here reads JSON.
      body =
          protobuf
              .read(body)
              .map(json -> json.toString().getBytes(StandardCharsets.UTF_8))
              .orElseThrow(
                  () ->
                      Statuses.unsupportedMediaType(
                          "the sandbox reads protobuf bodies of Namespaces, Secrets and ConfigMaps"
                              + " only"));
      contentType = "application/json";
    }
    ResourcePath at = ResourcePath.parse(types, bare).orElseThrow(Statuses::noSuchPath);
    return resources.handle(
        method,
        at,
        query,
        contentType,
        request.getHeader("Accept"),
        request.getHeader("Upgrade"),
        body);
  }

  private static byte[] body(RecordedRequest request) {
    return request.getBody() == null || request.getBody().size() == 0
        ? null
        : request.getBody().getBytes();
  }

  /**
   * The sandbox has no RBAC: a SelfSubjectRulesReview (JOSDK asks one before leader election) is
   * answered with every verb on every resource, a SelfSubjectAccessReview ({@code kubectl auth
   * can-i}) with allowed.
   */
  private static ObjectNode everythingAllowed(byte[] body) {
    ObjectNode review;
    try {
      review = body == null ? JSON.createObjectNode() : (ObjectNode) JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ObjectNode status = review.putObject("status");
    if ("SelfSubjectRulesReview".equals(review.path("kind").asText())) {
      status.put("incomplete", false);
      ObjectNode rule = status.putArray("resourceRules").addObject();
      rule.putArray("verbs").add("*");
      rule.putArray("apiGroups").add("*");
      rule.putArray("resources").add("*");
      status.putArray("nonResourceRules");
    } else {
      status.put("allowed", true);
    }
    return review;
  }
}
