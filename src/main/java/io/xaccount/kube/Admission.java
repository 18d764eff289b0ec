package io.xaccount.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The checks every write goes through, whatever its verb (POST, PUT, each patch type, the status
 * subresource), in the API server's order: pruning of unknown fields as the request's field
 * validation asks ({@link #decode}), then defaulting and validation of the object it would store
 * ({@link #validate}): metadata, the schema, the CEL rules (with {@code oldSelf} on updates).
 */
final class Admission {
  /** {@code ?fieldValidation=}: the API server's default is Warn. */
  enum FieldValidation {
    STRICT,
    WARN,
    IGNORE;

    static FieldValidation of(String value) {
      if (value == null || value.isEmpty()) {
        return WARN;
      }
      try {
        return valueOf(value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw Statuses.badRequest(
            "fieldValidation: Unsupported value: \"%s\": supported values: \"Ignore\", \"Warn\", \"Strict\""
                .formatted(value));
      }
    }
  }

  private Admission() {}

  /**
   * Prunes {@code object} in place as its schema says; unknown fields, and the {@code duplicates}
   * of the request's body, become {@code warnings} or, with {@code Strict}, a refusal: {@code 400}
   * for a create or replace ("cannot be handled as"), {@code 422} for a patch (the object the patch
   * made is invalid).
   */
  static void decode(
      ResourceType type,
      ObjectNode object,
      FieldValidation validation,
      boolean patch,
      List<String> duplicates,
      List<String> warnings) {
    List<String> unknown = new ArrayList<>();
    duplicates.forEach(path -> unknown.add("duplicate field \"" + path + "\""));
    if (type.schema() != null) {
      Pruning.prune(type.schema(), object)
          .forEach(path -> unknown.add("unknown field \"" + path + "\""));
    }
    if (unknown.isEmpty() || validation == FieldValidation.IGNORE) {
      return;
    }
    if (validation == FieldValidation.WARN) {
      warnings.addAll(unknown);
      return;
    }
    String strict = "strict decoding error: " + String.join(", ", unknown);
    if (patch) {
      throw Statuses.invalid(
          "",
          "",
          "",
          "",
          List.of(FieldError.invalid("patch", TextNode.valueOf(object.toString()), strict)));
    }
    throw Statuses.badRequest(
        "%s in version \"%s\" cannot be handled as a %s: %s"
            .formatted(type.kind(), type.version(), type.kind(), strict));
  }

  /** Applies the schema's defaults to the object to store. */
  static void defaults(ResourceType type, ObjectNode object) {
    if (type.schema() != null) {
      Defaulting.apply(type.schema(), object);
    }
  }

  /** {@code 422 Invalid} unless {@code object} may be stored ({@code old}: null on create). */
  static void validate(ResourceType type, ObjectNode object, JsonNode old) {
    List<FieldError> errors = new ArrayList<>(MetaRules.errors(type, object.path("metadata")));
    if (old != null) {
      errors.addAll(MetaRules.updateErrors(object.path("metadata"), old.path("metadata")));
    }
    if (type.isCustom()) {
      errors.addAll(SchemaCheck.errors(type.schema(), object, ""));
      errors.addAll(CelRules.errors(type.schema(), object, old));
    }
    if (!errors.isEmpty()) {
      throw Statuses.invalid(type, object.path("metadata").path("name").asText(), dedupe(errors));
    }
  }

  /** Each message once, as the API server's aggregate shows them. */
  private static List<FieldError> dedupe(List<FieldError> errors) {
    return errors.stream()
        .collect(
            Collectors.toMap(
                FieldError::toString, e -> e, (a, b) -> a, java.util.LinkedHashMap::new))
        .values()
        .stream()
        .toList();
  }
}
