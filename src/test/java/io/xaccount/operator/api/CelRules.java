package io.xaccount.operator.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Evaluates a CRD schema's {@code x-kubernetes-validations} rules with CEL, as the API server does:
 * {@code self} is the value at the rule's node and transition rules (those using {@code oldSelf})
 * run only on updates where the old object has a value at the same path.
 */
final class CelRules {
  private static final Pattern OLD_SELF = Pattern.compile("\\boldSelf\\b");
  private static final Cel CEL =
      CelFactory.standardCelBuilder()
          // has(), all(), exists() etc. are macros; Kubernetes enables the standard set.
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("self", SimpleType.DYN)
          .addVar("oldSelf", SimpleType.DYN)
          .build();

  private CelRules() {}

  /** Messages of the failed rules; {@code oldObject} is null for a create. */
  static List<String> check(JsonNode schema, JsonNode object, JsonNode oldObject) {
    List<String> errors = new ArrayList<>();
    walk(schema, object, oldObject, "", errors);
    return errors;
  }

  private static void walk(
      JsonNode schema, JsonNode value, JsonNode old, String path, List<String> errors) {
    if (schema == null || value == null || value.isNull()) {
      return;
    }
    for (JsonNode rule : schema.path("x-kubernetes-validations")) {
      evaluate(rule, value, old, path.isEmpty() ? "<root>" : path, errors);
    }
    if (value.isObject()) {
      JsonNode properties = schema.path("properties");
      JsonNode additional = schema.path("additionalProperties");
      value
          .fields()
          .forEachRemaining(
              field -> {
                JsonNode fieldSchema =
                    properties.has(field.getKey())
                        ? properties.get(field.getKey())
                        : additional.isObject() ? additional : null;
                JsonNode oldField = old == null ? null : old.get(field.getKey());
                walk(fieldSchema, field.getValue(), oldField, path + "." + field.getKey(), errors);
              });
    } else if (value.isArray()) {
      // Items of atomic lists (the only kind these CRDs use) have no old value to correlate.
      for (int i = 0; i < value.size(); i++) {
        walk(schema.get("items"), value.get(i), null, path + "[" + i + "]", errors);
      }
    }
  }

  private static void evaluate(
      JsonNode rule, JsonNode value, JsonNode old, String path, List<String> errors) {
    String expression = rule.path("rule").asText();
    boolean transition = OLD_SELF.matcher(expression).find();
    if (transition && (old == null || old.isNull())) {
      return;
    }
    Map<String, Object> vars = new HashMap<>();
    vars.put("self", toCel(value));
    if (transition) {
      vars.put("oldSelf", toCel(old));
    }
    String message = rule.path("message").asText("failed rule: " + expression);
    try {
      Object result = CEL.createProgram(CEL.compile(expression).getAst()).eval(vars);
      if (!Boolean.TRUE.equals(result)) {
        errors.add(path + ": " + message);
      }
    } catch (CelValidationException | CelEvaluationException e) {
      errors.add(path + ": rule '" + expression + "' could not be evaluated: " + e.getMessage());
    }
  }

  /** The JSON-like value CEL sees: maps, lists, strings, longs, doubles and booleans. */
  static Object toCel(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      // The API server drops null fields of non-nullable schemas before validation.
      node.fields()
          .forEachRemaining(
              f -> {
                if (!f.getValue().isNull()) {
                  map.put(f.getKey(), toCel(f.getValue()));
                }
              });
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(item -> list.add(toCel(item)));
      return list;
    }
    if (node.isIntegralNumber()) {
      return node.asLong();
    }
    if (node.isNumber()) {
      return node.asDouble();
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    return node.asText();
  }
}
