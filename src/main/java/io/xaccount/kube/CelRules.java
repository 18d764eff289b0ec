package io.xaccount.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The CEL rules of a schema ({@code x-kubernetes-validations}), evaluated on every write as the API
 * server does: {@code self} is the value at the rule's node; a transition rule (one using {@code
 * oldSelf}) runs only on an update whose old object has a value at the same path (through object
 * properties and map keys; items of atomic lists have none). A failed rule is {@code <path>:
 * Invalid value: "<type>": <message>}.
 */
final class CelRules {
  private static final Pattern OLD_SELF = Pattern.compile("\\boldSelf\\b");
  private static final Cel CEL =
      CelFactory.standardCelBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("self", SimpleType.DYN)
          .addVar("oldSelf", SimpleType.DYN)
          .build();
  private static final Map<String, CelRuntime.Program> PROGRAMS = new ConcurrentHashMap<>();

  private CelRules() {}

  /** The failed rules' errors; {@code old} is null for a create. */
  static List<FieldError> errors(JsonNode schema, JsonNode object, JsonNode old) {
    List<FieldError> errors = new ArrayList<>();
    walk(schema, object, old, "", errors);
    return errors;
  }

  private static void walk(
      JsonNode schema, JsonNode value, JsonNode old, String path, List<FieldError> errors) {
    if (schema == null || value == null || value.isNull()) {
      return;
    }
    for (JsonNode rule : schema.path("x-kubernetes-validations")) {
      evaluate(rule, schema, value, old, path, errors);
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
                walk(fieldSchema, field.getValue(), oldField, join(path, field.getKey()), errors);
              });
    } else if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        walk(schema.get("items"), value.get(i), null, path + "[" + i + "]", errors);
      }
    }
  }

  private static void evaluate(
      JsonNode rule,
      JsonNode schema,
      JsonNode value,
      JsonNode old,
      String path,
      List<FieldError> errors) {
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
    String field = rule.has("fieldPath") ? path + rule.get("fieldPath").asText() : path;
    try {
      Object result = program(expression).eval(vars);
      if (!Boolean.TRUE.equals(result)) {
        errors.add(failed(rule, field, schema.path("type").asText("object"), message));
      }
    } catch (CelValidationException | CelEvaluationException e) {
      errors.add(
          FieldError.invalid(
              field,
              TextNode.valueOf(schema.path("type").asText("object")),
              "rule compile or evaluation error: " + e.getMessage()));
    }
  }

  /** The rule's error: {@code reason} chooses its type, as in the API server. */
  private static FieldError failed(JsonNode rule, String field, String type, String message) {
    return switch (rule.path("reason").asText("FieldValueInvalid")) {
      case "FieldValueForbidden" -> FieldError.forbidden(field, message);
      case "FieldValueRequired" -> FieldError.required(field, message);
      case "FieldValueDuplicate" -> new FieldError("FieldValueDuplicate", field, null, message);
      default -> FieldError.invalid(field, TextNode.valueOf(type), message);
    };
  }

  private static CelRuntime.Program program(String expression) throws CelValidationException {
    CelRuntime.Program program = PROGRAMS.get(expression);
    if (program == null) {
      try {
        program = CEL.createProgram(CEL.compile(expression).getAst());
      } catch (CelEvaluationException e) {
        throw new IllegalStateException(e);
      }
      PROGRAMS.put(expression, program);
    }
    return program;
  }

  /** The JSON-like value CEL sees: maps, lists, strings, longs, doubles and booleans. */
  static Object toCel(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
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

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
