package io.xaccount.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * The OpenAPI schemas of the built-in kinds the embedded API describes (Namespace, Secret,
 * ConfigMap, ObjectMeta; {@code META-INF/xaccount/kube/core-v1-schemas.json}, written after the
 * Kubernetes API reference), and each kind's whole-object schema with its references inlined, which
 * pruning and validation walk.
 */
final class Schemas {
  static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
  private static final String REF_PREFIX = "#/components/schemas/";
  private static final String LOCATION = "META-INF/xaccount/kube/core-v1-schemas.json";
  private static final ObjectNode CORE = load();

  private Schemas() {}

  /** The built-in schemas as OpenAPI components (with their {@code $ref}s). */
  static ObjectNode components() {
    return CORE.deepCopy();
  }

  /** A built-in kind's schema ({@code io.k8s.api.core.v1.Secret}), references inlined. */
  static JsonNode resolved(String name) {
    return inline(CORE.get(name));
  }

  /**
   * A custom resource's whole-object schema: its CRD's, with {@code apiVersion}, {@code kind} and
   * {@code metadata} (ObjectMeta) added where the CRD leaves them out, as the API server treats
   * them.
   */
  static ObjectNode ofCustomResource(CustomResourceDefinition crd) {
    ObjectNode schema =
        Serialization.jsonMapper()
            .valueToTree(crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema());
    ObjectNode properties = schema.withObjectProperty("properties");
    if (!properties.has("apiVersion")) {
      properties.putObject("apiVersion").put("type", "string");
    }
    if (!properties.has("kind")) {
      properties.putObject("kind").put("type", "string");
    }
    // The API server validates and prunes metadata as ObjectMeta whatever the CRD says.
    properties.set("metadata", resolved(OBJECT_META));
    return schema;
  }

  /** The node with every {@code allOf: [{$ref}]} replaced by the referenced schema, recursively. */
  private static JsonNode inline(JsonNode node) {
    if (node == null || !node.isObject()) {
      return node;
    }
    ObjectNode result = new ObjectMapper().createObjectNode();
    JsonNode allOf = node.get("allOf");
    if (allOf != null && allOf.size() == 1 && allOf.get(0).has("$ref")) {
      String ref = allOf.get(0).get("$ref").asText();
      result.setAll((ObjectNode) inline(CORE.get(ref.substring(REF_PREFIX.length()))));
    }
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      switch (field.getKey()) {
        case "allOf" -> {}
        case "properties" -> {
          ObjectNode properties = result.putObject("properties");
          field
              .getValue()
              .fields()
              .forEachRemaining(p -> properties.set(p.getKey(), inline(p.getValue())));
        }
        case "items", "additionalProperties" ->
            result.set(field.getKey(), inline(field.getValue()));
        default -> result.set(field.getKey(), field.getValue());
      }
    }
    return result;
  }

  private static ObjectNode load() {
    ClassLoader loader = Schemas.class.getClassLoader();
    try (InputStream in = loader.getResourceAsStream(LOCATION)) {
      if (in == null) {
        throw new IllegalStateException("missing from the classpath: " + LOCATION);
      }
      return (ObjectNode) new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
