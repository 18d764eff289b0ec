package io.xaccount.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.xaccount.sandbox.Crds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Fabric8 CRUD dispatcher plus what kubectl needs from a real API server: legacy discovery
 * ({@code /version}, {@code /api}, {@code /api/v1}, {@code /apis}, {@code /apis/<group>/<version>})
 * and server-side Tables with our printer columns.
 */
final class DiscoveryDispatcher extends KubernetesCrudDispatcher {
  private static final String RULES_REVIEW =
      "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";
  private static final List<String> VERBS =
      List.of("create", "delete", "get", "list", "patch", "update", "watch");

  private final ObjectMapper mapper = new ObjectMapper();
  private final Crds crds;
  private final PrinterTable tables;
  private final HttpWatch watches = new HttpWatch(mapper);
  private final WriteValidation validation;
  private final EventSelector events = new EventSelector(mapper);
  private final OpenApi openApiDocuments;
  private final ProtobufBodies protobuf = new ProtobufBodies(mapper);
  private final ApiFaults faults;

  DiscoveryDispatcher(Crds crds) {
    this(crds, ApiFaults.NONE);
  }

  DiscoveryDispatcher(Crds crds, ApiFaults faults) {
    this.crds = crds;
    this.faults = faults;
    this.tables = new PrinterTable(mapper, Clock.systemUTC());
    this.validation = new WriteValidation(mapper, crds);
    this.openApiDocuments = new OpenApi(mapper, crds);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    Optional<MockResponse> refused = faults.refuse(request);
    return refused.isPresent() ? refused.get() : faults.answered(request, answer(request));
  }

  private MockResponse answer(RecordedRequest original) {
    RecordedRequest request = original;
    String contentType = request.getHeader("Content-Type");
    if (contentType != null && contentType.contains("protobuf")) {
      // kubectl sends built-in kinds as protobuf; the CRUD dispatcher reads JSON only.
      Optional<ObjectNode> json =
          request.getBody() == null
              ? Optional.empty()
              : protobuf.read(request.getBody().getBytes());
      if (json.isEmpty()) {
        return json(
            415,
            status(
                415,
                "UnsupportedMediaType",
                "the sandbox reads protobuf bodies of Namespaces, Secrets and ConfigMaps only"));
      }
      request =
          new RecordedRequest(
              original.getHttpVersion(),
              original.method(),
              original.getPath(),
              original.getHeaders().newBuilder().set("Content-Type", "application/json").build(),
              new Buffer(json.get().toString().getBytes(StandardCharsets.UTF_8)));
    }
    String path = request.getPath();
    String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    if ("POST".equals(request.getMethod()) && bare.equals(RULES_REVIEW)) {
      return json(201, everythingAllowed(request));
    }
    if ("GET".equals(request.getMethod())) {
      JsonNode discovery = discovery(bare);
      if (discovery != null) {
        return json(200, discovery);
      }
      Optional<JsonNode> openApi = openApiDocuments.document(bare);
      if (openApi.isPresent()) {
        return json(200, openApi.get());
      }
      if (bare.startsWith("/openapi/")) {
        return json(404, status(404, "NotFound", "the sandbox serves OpenAPI v3 of its own kinds"));
      }
    }
    Optional<JsonNode> invalid =
        validation.refusal(
            request.getMethod(),
            path,
            request.getHeader("Content-Type"),
            // getBytes leaves the body for the CRUD dispatcher; readUtf8 would consume it.
            request.getBody() == null
                ? null
                : new String(request.getBody().getBytes(), StandardCharsets.UTF_8),
            this::stored);
    if (invalid.isPresent()) {
      return json(422, invalid.get());
    }
    Optional<JsonNode> selected = events.answer(request.getMethod(), path, this::stored);
    if (selected.isPresent()) {
      return json(200, selected.get());
    }
    if (HttpWatch.isHttpWatch(request.getMethod(), path, request.getHeader("Upgrade"))) {
      return watches.respond(path, this::handleGet);
    }
    MockResponse response = super.dispatch(request);
    if (request != original) {
      // Without it the client decodes the answer as the protobuf it sent.
      response.setHeader("Content-Type", "application/json");
    }
    String accept = request.getHeader("Accept");
    if ("GET".equals(request.getMethod())
        && accept != null
        && accept.contains("as=Table")
        && !path.contains("watch=")
        && response.code() == 200) {
      return asTable(bare, response);
    }
    return response;
  }

  /** The stored object at a path, as JSON, or null. */
  private String stored(String path) {
    MockResponse response = handleGet(path);
    return response.code() == 200 ? response.getBody().readUtf8() : null;
  }

  private MockResponse asTable(String path, MockResponse response) {
    String[] segments = path.split("/");
    // /apis/xaccount.io/v1alpha1[/namespaces/<ns>]/<plural>[/<name>]
    if (segments.length < 5 || !Crds.GROUP.equals(segments[2])) {
      return response;
    }
    int pluralIndex = "namespaces".equals(segments[4]) && segments.length > 6 ? 6 : 4;
    var crd = crds.byPlural(segments[pluralIndex]);
    if (crd.isEmpty() || segments.length > pluralIndex + 2) {
      return response;
    }
    try {
      JsonNode body = mapper.readTree(response.getBody().readUtf8());
      return json(200, tables.render(crd.get(), body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JsonNode discovery(String path) {
    switch (path) {
      case "/version":
        return mapper
            .createObjectNode()
            .put("major", "1")
            .put("minor", "32")
            .put("gitVersion", "v1.32.0-xaccount-sandbox")
            .put("platform", "linux/amd64");
      case "/api":
        ObjectNode versions = mapper.createObjectNode().put("kind", "APIVersions");
        versions.putArray("versions").add("v1");
        versions.putArray("serverAddressByClientCIDRs");
        return versions;
      case "/api/v1":
        return coreResources();
      case "/apis":
        return groups();
      default:
        for (CustomResourceDefinition crd : crds.definitions()) {
          if (path.equals("/apis/" + Crds.GROUP + "/" + version(crd))) {
            return groupResources();
          }
        }
        return null;
    }
  }

  private ObjectNode coreResources() {
    ObjectNode list = resourceList("v1");
    ArrayNode resources = (ArrayNode) list.get("resources");
    resources.add(resource("namespaces", "namespace", "Namespace", false));
    resources.add(resource("secrets", "secret", "Secret", true));
    resources.add(resource("configmaps", "configmap", "ConfigMap", true));
    resources.add(resource("events", "event", "Event", true));
    // The short names kubectl users type, as a cluster's discovery lists them.
    Map<String, String> shortNames = Map.of("namespaces", "ns", "configmaps", "cm", "events", "ev");
    resources.forEach(
        r -> {
          String shortName = shortNames.get(r.path("name").asText());
          if (shortName != null) {
            ((ObjectNode) r).putArray("shortNames").add(shortName);
          }
        });
    return list;
  }

  private ObjectNode groups() {
    ObjectNode list = mapper.createObjectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
    ObjectNode group = list.putArray("groups").addObject().put("name", Crds.GROUP);
    String groupVersion = Crds.GROUP + "/" + version(crds.definitions().get(0));
    ObjectNode version = group.putArray("versions").addObject().put("groupVersion", groupVersion);
    version.put("version", version(crds.definitions().get(0)));
    group.set("preferredVersion", version.deepCopy());
    return list;
  }

  private ObjectNode groupResources() {
    CustomResourceDefinition first = crds.definitions().get(0);
    ObjectNode list = resourceList(Crds.GROUP + "/" + version(first));
    ArrayNode resources = (ArrayNode) list.get("resources");
    for (CustomResourceDefinition crd : crds.definitions()) {
      var names = crd.getSpec().getNames();
      boolean namespaced = "Namespaced".equals(crd.getSpec().getScope());
      ObjectNode resource =
          resource(names.getPlural(), names.getSingular(), names.getKind(), namespaced);
      ArrayNode shortNames = resource.putArray("shortNames");
      names.getShortNames().forEach(shortNames::add);
      ArrayNode categories = resource.putArray("categories");
      names.getCategories().forEach(categories::add);
      resources.add(resource);
      ObjectNode status = resource(names.getPlural() + "/status", "", names.getKind(), namespaced);
      status.putArray("verbs").add("get").add("patch").add("update");
      resources.add(status);
    }
    return list;
  }

  private ObjectNode resourceList(String groupVersion) {
    ObjectNode list = mapper.createObjectNode();
    list.put("kind", "APIResourceList").put("apiVersion", "v1").put("groupVersion", groupVersion);
    list.putArray("resources");
    return list;
  }

  private ObjectNode resource(String plural, String singular, String kind, boolean namespaced) {
    ObjectNode resource = mapper.createObjectNode();
    resource.put("name", plural).put("singularName", singular);
    resource.put("namespaced", namespaced).put("kind", kind);
    ArrayNode verbs = resource.putArray("verbs");
    VERBS.forEach(verbs::add);
    return resource;
  }

  /**
   * The sandbox has no RBAC: a SelfSubjectRulesReview (JOSDK asks one before leader election, to
   * check it may use Leases) is answered with every verb on every resource.
   */
  private ObjectNode everythingAllowed(RecordedRequest request) {
    ObjectNode review;
    try {
      review = (ObjectNode) mapper.readTree(request.getBody().getBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ObjectNode status = review.putObject("status").put("incomplete", false);
    ObjectNode rule = status.putArray("resourceRules").addObject();
    rule.putArray("verbs").add("*");
    rule.putArray("apiGroups").add("*");
    rule.putArray("resources").add("*");
    status.putArray("nonResourceRules");
    return review;
  }

  private ObjectNode status(int code, String reason, String message) {
    ObjectNode status = mapper.createObjectNode().put("kind", "Status").put("apiVersion", "v1");
    status.put("status", "Failure").put("message", message).put("reason", reason);
    return status.put("code", code);
  }

  private static String version(CustomResourceDefinition crd) {
    return crd.getSpec().getVersions().get(0).getName();
  }

  private static MockResponse json(int code, JsonNode body) {
    return new MockResponse()
        .setResponseCode(code)
        .setHeader("Content-Type", "application/json")
        .setBody(body.toString());
  }
}
