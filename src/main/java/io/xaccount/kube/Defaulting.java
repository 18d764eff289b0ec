package io.xaccount.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Structural defaulting, as the API server applies a schema's {@code default}s on every write
 * (after pruning): a declared property that is absent gets its default; defaults apply inside
 * objects and list items that are present, never create a parent that is absent.
 */
final class Defaulting {
  private Defaulting() {}

  static void apply(JsonNode schema, JsonNode value) {
    if (schema == null || value == null) {
      return;
    }
    if (value.isObject()) {
      ObjectNode object = (ObjectNode) value;
      Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields();
      while (properties.hasNext()) {
        Map.Entry<String, JsonNode> property = properties.next();
        JsonNode defaultValue = property.getValue().get("default");
        if (defaultValue != null && !object.has(property.getKey())) {
          object.set(property.getKey(), defaultValue.deepCopy());
        }
      }
      JsonNode additional = schema.get("additionalProperties");
      object
          .fields()
          .forEachRemaining(
              field -> {
                JsonNode declared = schema.path("properties").get(field.getKey());
                apply(
                    declared != null
                        ? declared
                        : additional != null && additional.isObject() ? additional : null,
                    field.getValue());
              });
    } else if (value.isArray()) {
      value.forEach(item -> apply(schema.get("items"), item));
    }
  }
}
