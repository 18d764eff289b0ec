package io.xaccount.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.xaccount.sandbox.Crds;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the API server does on every write of one of our custom resources and the mock server does
 * not: validate it against the CRD's schema (the same check {@code --apply} makes), and refuse it
 * with Kubernetes' {@code 422 Invalid} Status, which kubectl prints as "... is invalid: ...".
 * Creates (POST), replacements (PUT) and JSON merge patches (what {@code kubectl apply} sends for
 * custom resources) are checked; status writes are not, as on a cluster.
 */
final class WriteValidation {
  private final ObjectMapper mapper;
  private final Crds crds;

  WriteValidation(ObjectMapper mapper, Crds crds) {
    this.mapper = mapper;
    this.crds = crds;
  }

  /**
   * The Status refusing the write, or empty when it may go ahead.
   *
   * @param current reads the stored object at a path (for patches), null when there is none
   */
  Optional<JsonNode> refusal(
      String method,
      String path,
      String contentType,
      String body,
      Function<String, String> current) {
    String[] segments = bare(path).split("/");
    // /apis/xaccount.io/v1alpha1[/namespaces/<ns>]/<plural>[/<name>[/status]]
    if (segments.length < 5 || !Crds.GROUP.equals(segments[2]) || body == null || body.isBlank()) {
      return Optional.empty();
    }
    int plural = "namespaces".equals(segments[4]) && segments.length > 6 ? 6 : 4;
    Optional<CustomResourceDefinition> crd = crds.byPlural(segments[plural]);
    if (crd.isEmpty() || segments.length > plural + 2) {
      return Optional.empty(); // a subresource (status): not validated against the spec
    }
    JsonNode object;
    try {
      object = mapper.readTree(body);
      if ("PATCH".equals(method)) {
        if (contentType == null || !contentType.contains("merge-patch")) {
          return Optional.empty();
        }
        String stored = current.apply(bare(path));
        if (stored == null) {
          return Optional.empty();
        }
        object = mergePatch(mapper.readTree(stored), object);
      } else if (!"POST".equals(method) && !"PUT".equals(method)) {
        return Optional.empty();
      }
    } catch (Exception e) {
      return Optional.empty(); // the CRUD dispatcher answers malformed bodies itself
    }
    JsonNode schema =
        Serialization.jsonMapper()
            .valueToTree(crd.get().getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema());
    ObjectNode checked = object.deepCopy();
    checked.remove(List.of("apiVersion", "kind", "metadata", "status"));
    List<String> violations = SchemaCheck.violations(schema, checked);
    if (violations.isEmpty()) {
      return Optional.empty();
    }
    String kind = crd.get().getSpec().getNames().getKind();
    String name =
        object
            .path("metadata")
            .path("name")
            .asText(segments.length > plural + 1 ? segments[plural + 1] : "");
    return Optional.of(invalid(kind, name, violations));
  }

  private JsonNode invalid(String kind, String name, List<String> violations) {
    ObjectNode status = mapper.createObjectNode().put("kind", "Status").put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure");
    status.put(
        "message",
        "%s.%s \"%s\" is invalid: %s"
            .formatted(kind, Crds.GROUP, name, String.join(", ", violations)));
    status.put("reason", "Invalid");
    ObjectNode details = status.putObject("details").put("name", name).put("group", Crds.GROUP);
    details.put("kind", kind);
    ArrayNode causes = details.putArray("causes");
    for (String violation : violations) {
      int colon = violation.indexOf(": ");
      causes
          .addObject()
          .put("reason", "FieldValueInvalid")
          .put("message", colon < 0 ? violation : violation.substring(colon + 2))
          .put("field", colon < 0 ? "" : violation.substring(0, colon));
    }
    return status.put("code", 422);
  }

  /** RFC 7386 JSON merge patch. */
  static JsonNode mergePatch(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch;
    }
    ObjectNode result =
        target != null && target.isObject()
            ? target.deepCopy()
            : new ObjectMapper().createObjectNode();
    for (Map.Entry<String, JsonNode> field :
        (Iterable<Map.Entry<String, JsonNode>>) patch::fields) {
      if (field.getValue().isNull()) {
        result.remove(field.getKey());
      } else {
        result.set(field.getKey(), mergePatch(result.get(field.getKey()), field.getValue()));
      }
    }
    return result;
  }

  private static String bare(String path) {
    return path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
  }
}
