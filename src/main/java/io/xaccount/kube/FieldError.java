package io.xaccount.kube;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One field's validation error, formatted as the API server's {@code field.Error}: {@code
 * spec.roleName: Invalid value: "string": roleName is immutable}.
 *
 * @param type the cause type ({@code FieldValueInvalid}, {@code FieldValueRequired}, ...)
 * @param field the path, {@code spec.trust.accountIds[0]}
 * @param value the bad value, or null when the message shows none
 * @param detail what is wrong, may be empty
 */
record FieldError(String type, String field, JsonNode value, String detail) {
  static FieldError invalid(String field, JsonNode value, String detail) {
    return new FieldError("FieldValueInvalid", field, value, detail);
  }

  static FieldError typeInvalid(String field, JsonNode value, String detail) {
    return new FieldError("FieldValueTypeInvalid", field, value, detail);
  }

  static FieldError required(String field, String detail) {
    return new FieldError("FieldValueRequired", field, null, detail);
  }

  static FieldError notSupported(String field, JsonNode value, String detail) {
    return new FieldError("FieldValueNotSupported", field, value, detail);
  }

  static FieldError tooLong(String field, String detail) {
    return new FieldError("FieldValueTooLong", field, null, detail);
  }

  static FieldError tooMany(String field, int actual, String detail) {
    return new FieldError(
        "FieldValueTooMany",
        field,
        com.fasterxml.jackson.databind.node.IntNode.valueOf(actual),
        detail);
  }

  static FieldError forbidden(String field, String detail) {
    return new FieldError("FieldValueForbidden", field, null, detail);
  }

  /** The message without the field name, as a Status cause's {@code message} carries it. */
  String body() {
    String label =
        switch (type) {
          case "FieldValueRequired" -> "Required value";
          case "FieldValueNotSupported" -> "Unsupported value";
          case "FieldValueForbidden" -> "Forbidden";
          case "FieldValueTooLong" -> "Too long";
          case "FieldValueTooMany" -> "Too many";
          case "FieldValueDuplicate" -> "Duplicate value";
          default -> "Invalid value";
        };
    String text = value == null ? label : label + ": " + show(value);
    return detail == null || detail.isEmpty() ? text : text + ": " + detail;
  }

  @Override
  public String toString() {
    return field + ": " + body();
  }

  /** Strings quoted (Go's %q), numbers and booleans plain, as the API server prints them. */
  static String show(JsonNode value) {
    if (value.isTextual()) {
      return quote(value.asText());
    }
    return value.isValueNode() ? value.asText() : quote(value.toString());
  }

  static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        default -> out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
