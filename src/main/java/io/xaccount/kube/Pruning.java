package io.xaccount.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Structural pruning, as the API server does it on every write of an object with a schema: fields
 * the schema does not declare are dropped and their paths returned (for {@code
 * fieldValidation=Strict} errors and {@code Warn} warnings); null fields the schema does not make
 * {@code nullable} are dropped silently.
 *
 * <p>{@code x-kubernetes-preserve-unknown-fields: true} keeps the undeclared fields of its object,
 * and everything below them, but not of its declared properties: those are pruned by their own
 * schemas (unless they preserve too). Items of a preserving list keep their undeclared fields
 * likewise. This is the API server's algorithm ({@code apiextensions-apiserver/pkg/apiserver/
 * schema/pruning}): a security setting kept inside a preserving object but spelled as a declared
 * property with a typo below it is still dropped.
 */
final class Pruning {
  private Pruning() {}

  /** Prunes {@code object} in place; the paths of the unknown fields dropped. */
  static List<String> prune(JsonNode schema, ObjectNode object) {
    List<String> pruned = new ArrayList<>();
    prune(object, schema, "", pruned);
    return pruned;
  }

  private static void prune(JsonNode value, JsonNode schema, String path, List<String> pruned) {
    if (schema != null && schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
      prunePreserving(value, schema, path, pruned);
      return;
    }
    if (value.isObject()) {
      ObjectNode object = (ObjectNode) value;
      for (String key : List.copyOf(iterable(object))) {
        JsonNode field = object.get(key);
        JsonNode fieldSchema = schema == null ? null : schemaOf(schema, key);
        if (fieldSchema == null) {
          object.remove(key);
          pruned.add(join(path, key));
        } else if (field.isNull() && !fieldSchema.path("nullable").asBoolean(false)) {
          object.remove(key);
        } else {
          prune(field, fieldSchema, join(path, key), pruned);
        }
      }
    } else if (value.isArray()) {
      ArrayNode array = (ArrayNode) value;
      JsonNode items = schema == null ? null : schema.get("items");
      for (int i = 0; i < array.size(); i++) {
        prune(array.get(i), items, path + "[" + i + "]", pruned);
      }
    }
  }

  /** Under {@code x-kubernetes-preserve-unknown-fields}: only declared fields are pruned. */
  private static void prunePreserving(
      JsonNode value, JsonNode schema, String path, List<String> pruned) {
    if (value.isObject()) {
      ObjectNode object = (ObjectNode) value;
      for (String key : List.copyOf(iterable(object))) {
        JsonNode fieldSchema = schemaOf(schema, key);
        if (fieldSchema != null) {
          JsonNode field = object.get(key);
          if (field.isNull() && !fieldSchema.path("nullable").asBoolean(false)) {
            object.remove(key);
          } else {
            prune(field, fieldSchema, join(path, key), pruned);
          }
        }
      }
    } else if (value.isArray()) {
      JsonNode items = schema.get("items");
      if (items != null) {
        for (int i = 0; i < value.size(); i++) {
          prunePreserving(value.get(i), items, path + "[" + i + "]", pruned);
        }
      }
    }
  }

  /** The schema of a field: a declared property, or additionalProperties; null when neither. */
  private static JsonNode schemaOf(JsonNode schema, String key) {
    JsonNode property = schema.path("properties").get(key);
    if (property != null) {
      return property;
    }
    JsonNode additional = schema.get("additionalProperties");
    return additional != null && additional.isObject() ? additional : null;
  }

  private static List<String> iterable(ObjectNode object) {
    List<String> keys = new ArrayList<>();
    object.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
