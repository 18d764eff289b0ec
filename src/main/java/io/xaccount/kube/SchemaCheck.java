package io.xaccount.kube;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks an object against a CRD's structural schema the way the API server would before storing it
 * (the mock server does not): types, required and unknown fields, enums, patterns, bounds. CEL
 * rules are left to the operator, which refuses an invalid spec with {@code InvalidSpec}.
 */
public final class SchemaCheck {
  private SchemaCheck() {}

  /** One message per violation, naming the field; empty when the object is valid. */
  public static List<String> violations(JsonNode schema, JsonNode value) {
    List<String> errors = new ArrayList<>();
    check(schema, value, "", errors);
    return errors;
  }

  private static void check(JsonNode schema, JsonNode value, String at, List<String> errors) {
    if (value == null || value.isNull()) {
      if (!schema.path("nullable").asBoolean(false)) {
        errors.add(name(at) + ": must not be null");
      }
      return;
    }
    if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
      if (!value.isIntegralNumber() && !value.isTextual()) {
        errors.add(name(at) + ": must be an integer or a string");
      }
      return;
    }
    String type = schema.path("type").asText("");
    if (!type.isEmpty() && !hasType(type, value)) {
      errors.add(name(at) + ": must be of type " + type + ", not " + value.getNodeType());
      return;
    }
    checkEnum(schema, value, at, errors);
    if (value.isTextual()) {
      checkString(schema, value.asText(), at, errors);
    } else if (value.isNumber()) {
      checkNumber(schema, value.asDouble(), at, errors);
    } else if (value.isArray()) {
      checkArray(schema, value, at, errors);
    } else if (value.isObject()) {
      checkObject(schema, value, at, errors);
    }
  }

  private static boolean hasType(String type, JsonNode value) {
    switch (type) {
      case "object":
        return value.isObject();
      case "array":
        return value.isArray();
      case "string":
        return value.isTextual();
      case "integer":
        return value.isIntegralNumber();
      case "number":
        return value.isNumber();
      case "boolean":
        return value.isBoolean();
      default:
        return true;
    }
  }

  private static void checkEnum(JsonNode schema, JsonNode value, String at, List<String> errors) {
    JsonNode allowed = schema.get("enum");
    if (allowed == null || !allowed.isArray()) {
      return;
    }
    for (JsonNode candidate : allowed) {
      if (candidate.equals(value)) {
        return;
      }
    }
    errors.add(name(at) + ": must be one of " + allowed + ", not " + value);
  }

  private static void checkString(JsonNode schema, String text, String at, List<String> errors) {
    if (schema.has("pattern")
        && !Pattern.compile(schema.get("pattern").asText()).matcher(text).find()) {
      errors.add(name(at) + ": \"" + text + "\" must match " + schema.get("pattern").asText());
    }
    if (schema.has("maxLength") && text.length() > schema.get("maxLength").asInt()) {
      errors.add(name(at) + ": may be at most " + schema.get("maxLength").asInt() + " characters");
    }
    if (schema.has("minLength") && text.length() < schema.get("minLength").asInt()) {
      errors.add(
          name(at) + ": must be at least " + schema.get("minLength").asInt() + " characters");
    }
  }

  private static void checkNumber(JsonNode schema, double number, String at, List<String> errors) {
    if (schema.has("minimum") && number < schema.get("minimum").asDouble()) {
      errors.add(name(at) + ": must be at least " + schema.get("minimum").asText());
    }
    if (schema.has("maximum") && number > schema.get("maximum").asDouble()) {
      errors.add(name(at) + ": must be at most " + schema.get("maximum").asText());
    }
  }

  private static void checkArray(JsonNode schema, JsonNode array, String at, List<String> errors) {
    if (schema.has("maxItems") && array.size() > schema.get("maxItems").asInt()) {
      errors.add(name(at) + ": may have at most " + schema.get("maxItems").asInt() + " items");
    }
    if (schema.has("minItems") && array.size() < schema.get("minItems").asInt()) {
      errors.add(name(at) + ": must have at least " + schema.get("minItems").asInt() + " items");
    }
    JsonNode items = schema.get("items");
    if (items != null && items.isObject()) {
      for (int i = 0; i < array.size(); i++) {
        check(items, array.get(i), at + "[" + i + "]", errors);
      }
    }
  }

  private static void checkObject(
      JsonNode schema, JsonNode object, String at, List<String> errors) {
    JsonNode properties = schema.path("properties");
    for (JsonNode required : schema.path("required")) {
      if (!object.has(required.asText())) {
        errors.add(name(at + "." + required.asText()) + ": Required value");
      }
    }
    if (schema.has("maxProperties") && object.size() > schema.get("maxProperties").asInt()) {
      errors.add(
          name(at) + ": may have at most " + schema.get("maxProperties").asInt() + " properties");
    }
    boolean preserveUnknown = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    JsonNode additional = schema.get("additionalProperties");
    Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String path = at + "." + field.getKey();
      if (properties.has(field.getKey())) {
        check(properties.get(field.getKey()), field.getValue(), path, errors);
      } else if (additional != null && additional.isObject()) {
        check(additional, field.getValue(), path, errors);
      } else if (!preserveUnknown && !properties.isMissingNode() && !isAny(additional)) {
        errors.add(name(path) + ": unknown field");
      }
    }
  }

  private static boolean isAny(JsonNode additional) {
    return additional != null && additional.isBoolean() && additional.asBoolean();
  }

  private static String name(String at) {
    return at.isEmpty() ? "<root>" : at.substring(1);
  }
}
