package io.xaccount.operator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;

/**
 * Turns a CRD's openAPIV3Schema into a JSON schema that rejects unknown fields, as the API server
 * does with strict field validation (kubectl's default), which plain JSON schema would allow.
 */
final class StrictSchema {
  private static final List<String> SUBSCHEMA_LISTS = List.of("allOf", "anyOf", "oneOf");

  private StrictSchema() {}

  static ObjectNode of(JsonNode openApiV3Schema) {
    ObjectNode copy = openApiV3Schema.deepCopy();
    // The API server owns these and validates them itself; the CRD schema does not list them.
    ObjectNode properties = (ObjectNode) copy.path("properties");
    properties.putObject("apiVersion").put("type", "string");
    properties.putObject("kind").put("type", "string");
    properties.putObject("metadata").put("type", "object");
    tighten(copy);
    return copy;
  }

  private static void tighten(JsonNode node) {
    if (!(node instanceof ObjectNode schema)) {
      return;
    }
    boolean preserveUnknown = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    if (schema.has("properties") && !preserveUnknown && !schema.has("additionalProperties")) {
      schema.put("additionalProperties", false);
    }
    // Kubernetes extensions are not JSON schema keywords; drop them to keep the validator quiet.
    Iterator<String> names = schema.fieldNames();
    while (names.hasNext()) {
      if (names.next().startsWith("x-kubernetes-")) {
        names.remove();
      }
    }
    schema.path("properties").forEach(StrictSchema::tighten);
    tighten(schema.get("items"));
    tighten(schema.get("additionalProperties"));
    tighten(schema.get("not"));
    SUBSCHEMA_LISTS.forEach(list -> schema.path(list).forEach(StrictSchema::tighten));
  }
}
