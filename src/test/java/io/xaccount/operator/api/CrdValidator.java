package io.xaccount.operator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion.VersionFlag;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Validates custom resources against the checked-in CRDs the way the API server would: strict
 * structural schema validation plus the CEL rules of {@code x-kubernetes-validations}.
 */
final class CrdValidator {
  private final Map<String, JsonNode> schemas = CrdSchemas.byApiVersionAndKind();
  private final Map<String, JsonSchema> strictSchemas = new LinkedHashMap<>();

  CrdValidator() {
    // OpenAPI v3.0 schemas are closest to draft 4 (e.g. boolean exclusiveMaximum).
    JsonSchemaFactory factory = JsonSchemaFactory.getInstance(VersionFlag.V4);
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder().pathType(PathType.JSON_PATH).locale(Locale.ROOT).build();
    schemas.forEach(
        (key, schema) ->
            strictSchemas.put(key, factory.getSchema(StrictSchema.of(schema), config)));
  }

  /** Errors for creating {@code object}; empty when the API server would accept it. */
  List<String> validateCreate(JsonNode object) {
    return validate(object, null);
  }

  /** Errors for updating {@code oldObject} to {@code object}, including transition rules. */
  List<String> validateUpdate(JsonNode oldObject, JsonNode object) {
    return validate(object, oldObject);
  }

  private List<String> validate(JsonNode object, JsonNode oldObject) {
    String key = CrdSchemas.key(object.path("apiVersion").asText(), object.path("kind").asText());
    if (!schemas.containsKey(key)) {
      return List.of("no CRD in crds/ serves " + key + "; known: " + schemas.keySet());
    }
    List<String> errors = new ArrayList<>();
    for (ValidationMessage message : strictSchemas.get(key).validate(object)) {
      errors.add(message.getMessage());
    }
    errors.addAll(CelRules.check(schemas.get(key), object, oldObject));
    return errors;
  }
}
