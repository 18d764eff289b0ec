package io.xaccount.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Checks a (pruned) object against its structural schema as the API server does, with its messages:
 * types, required fields, enums, patterns, lengths, bounds, item and property counts ({@code
 * kube-openapi} validation, turned into field errors by {@code apiextensions-apiserver}). CEL rules
 * are {@link CelRules}'.
 */
final class SchemaCheck {
  private SchemaCheck() {}

  /** The errors of {@code value} against {@code schema}; empty when it is valid. */
  static List<FieldError> errors(JsonNode schema, JsonNode value, String at) {
    List<FieldError> errors = new ArrayList<>();
    check(schema, value, at, errors);
    return errors;
  }

  private static void check(JsonNode schema, JsonNode value, String at, List<FieldError> errors) {
    if (value == null || value.isNull()) {
      if (!schema.path("nullable").asBoolean(false)) {
        String type = schema.path("type").asText("object");
        errors.add(typeError(at, value, type));
      }
      return;
    }
    if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
      if (!value.isIntegralNumber() && !value.isTextual()) {
        errors.add(typeError(at, value, "integer,string"));
      }
      return;
    }
    String type = schema.path("type").asText("");
    if (!type.isEmpty() && !hasType(type, value)) {
      errors.add(typeError(at, value, type));
      return;
    }
    JsonNode allowed = schema.get("enum");
    if (allowed != null && allowed.isArray() && !contains(allowed, value)) {
      String supported = streamOf(allowed).map(FieldError::show).collect(Collectors.joining(", "));
      errors.add(FieldError.notSupported(name(at), value, "supported values: " + supported));
    }
    if (value.isTextual()) {
      ScalarBounds.string(schema, value, name(at), errors);
    } else if (value.isNumber()) {
      ScalarBounds.number(schema, value, name(at), errors);
    } else if (value.isArray()) {
      checkArray(schema, value, at, errors);
    } else if (value.isObject()) {
      checkObject(schema, value, at, errors);
    }
  }

  private static void checkArray(
      JsonNode schema, JsonNode array, String at, List<FieldError> errors) {
    if (schema.has("maxItems") && array.size() > schema.get("maxItems").asInt()) {
      errors.add(
          FieldError.tooMany(
              name(at),
              array.size(),
              "must have at most " + schema.get("maxItems").asInt() + " items"));
    }
    if (schema.has("minItems") && array.size() < schema.get("minItems").asInt()) {
      errors.add(
          FieldError.invalid(
              name(at),
              IntNode.valueOf(array.size()),
              name(at)
                  + " in body should have at least "
                  + schema.get("minItems").asInt()
                  + " items"));
    }
    JsonNode items = schema.get("items");
    if (items != null && items.isObject()) {
      for (int i = 0; i < array.size(); i++) {
        check(items, array.get(i), at + "[" + i + "]", errors);
      }
    }
  }

  private static void checkObject(
      JsonNode schema, JsonNode object, String at, List<FieldError> errors) {
    for (JsonNode required : schema.path("required")) {
      if (!object.has(required.asText()) || object.get(required.asText()).isNull()) {
        errors.add(FieldError.required(name(at + "." + required.asText()), ""));
      }
    }
    if (schema.has("maxProperties") && object.size() > schema.get("maxProperties").asInt()) {
      errors.add(
          FieldError.tooMany(
              name(at),
              object.size(),
              "must have at most " + schema.get("maxProperties").asInt() + " items"));
    }
    JsonNode properties = schema.path("properties");
    JsonNode additional = schema.get("additionalProperties");
    object
        .fields()
        .forEachRemaining(
            field -> {
              JsonNode declared = properties.get(field.getKey());
              if (declared != null) {
                check(declared, field.getValue(), at + "." + field.getKey(), errors);
              } else if (additional != null && additional.isObject()) {
                check(additional, field.getValue(), at + "." + field.getKey(), errors);
              }
            });
  }

  private static FieldError typeError(String at, JsonNode value, String type) {
    String actual = value == null || value.isNull() ? "null" : typeName(value);
    return FieldError.typeInvalid(
        name(at),
        value == null ? TextNode.valueOf("null") : value,
        name(at) + " in body must be of type " + type + ": " + FieldError.quote(actual));
  }

  private static boolean hasType(String type, JsonNode value) {
    return switch (type) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "integer" ->
          value.isIntegralNumber()
              || (value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0);
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      default -> true;
    };
  }

  private static String typeName(JsonNode value) {
    if (value.isTextual()) {
      return "string";
    } else if (value.isIntegralNumber()) {
      return "integer";
    } else if (value.isNumber()) {
      return "number";
    } else if (value.isBoolean()) {
      return "boolean";
    }
    return value.isArray() ? "array" : "object";
  }

  private static boolean contains(JsonNode allowed, JsonNode value) {
    return streamOf(allowed).anyMatch(candidate -> candidate.equals(value));
  }

  private static java.util.stream.Stream<JsonNode> streamOf(JsonNode array) {
    return java.util.stream.StreamSupport.stream(array.spliterator(), false);
  }

  private static String name(String at) {
    return at.startsWith(".") ? at.substring(1) : at;
  }
}
