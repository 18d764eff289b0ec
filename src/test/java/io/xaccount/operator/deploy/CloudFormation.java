package io.xaccount.operator.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CloudFormation JSON template of {@code deploy/cloudformation/} evaluated for given parameters,
 * as CloudFormation would: conditions, {@code Ref}, {@code Fn::Sub}, {@code Fn::If}, {@code
 * Fn::GetAtt} (to a readable placeholder) and {@code AWS::NoValue}. Only what our templates use;
 * anything else fails, so a template cannot quietly use what this evaluator gets wrong.
 */
final class CloudFormation {
  static final Path DIR = Path.of("deploy", "cloudformation");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SUB = Pattern.compile("\\$\\{(!?)([^}]+)}");

  private final JsonNode template;
  private final Map<String, String> parameters = new HashMap<>();
  private final Map<String, Boolean> conditions = new HashMap<>();

  /**
   * @param given parameter values; others take their template default, and the pseudo parameters
   *     ({@code AWS::Partition} is {@code aws}) may be given too
   */
  CloudFormation(String file, Map<String, String> given) {
    try {
      this.template = JSON.readTree(DIR.resolve(file).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    parameters.put("AWS::Partition", "aws");
    template
        .path("Parameters")
        .fields()
        .forEachRemaining(
            p -> {
              if (p.getValue().has("Default")) {
                parameters.put(p.getKey(), p.getValue().get("Default").asText());
              }
            });
    given.forEach(
        (name, value) -> {
          if (!name.startsWith("AWS::") && !template.path("Parameters").has(name)) {
            throw new IllegalArgumentException("no parameter " + name + " in " + file);
          }
          parameters.put(name, value);
        });
  }

  JsonNode template() {
    return template;
  }

  /** The resource's properties, evaluated; empty when its condition is false. */
  Optional<JsonNode> resource(String logicalId) {
    JsonNode resource = template.path("Resources").path(logicalId);
    if (resource.isMissingNode()) {
      throw new IllegalArgumentException("no resource " + logicalId);
    }
    if (resource.has("Condition") && !condition(resource.get("Condition").asText())) {
      return Optional.empty();
    }
    return Optional.of(evaluate(resource.path("Properties")));
  }

  boolean condition(String name) {
    Boolean known = conditions.get(name);
    if (known == null) {
      JsonNode definition = template.path("Conditions").path(name);
      if (definition.isMissingNode()) {
        throw new IllegalArgumentException("no condition " + name);
      }
      known = truth(definition);
      conditions.put(name, known);
    }
    return known;
  }

  private boolean truth(JsonNode node) {
    Map.Entry<String, JsonNode> function = onlyField(node);
    JsonNode args = function.getValue();
    return switch (function.getKey()) {
      case "Fn::Equals" -> evaluate(args.get(0)).equals(evaluate(args.get(1)));
      case "Fn::Not" -> !truth(args.get(0));
      case "Fn::And" -> all(args, true);
      case "Fn::Or" -> !all(args, false);
      case "Condition" -> condition(args.asText());
      default -> throw new IllegalArgumentException("unsupported in a condition: " + node);
    };
  }

  /** True when every argument's truth is {@code expected}. */
  private boolean all(JsonNode args, boolean expected) {
    for (JsonNode arg : args) {
      if (truth(arg) != expected) {
        return false;
      }
    }
    return true;
  }

  /** The node with every intrinsic function applied; null for {@code AWS::NoValue}. */
  JsonNode evaluate(JsonNode node) {
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      for (JsonNode item : node) {
        JsonNode value = evaluate(item);
        if (value != null) {
          out.add(value);
        }
      }
      return out;
    }
    if (!node.isObject()) {
      return node;
    }
    if (node.size() == 1) {
      Map.Entry<String, JsonNode> only = onlyField(node);
      if (only.getKey().equals("Ref") || only.getKey().startsWith("Fn::")) {
        return function(only.getKey(), only.getValue());
      }
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    node.fields()
        .forEachRemaining(
            field -> {
              JsonNode value = evaluate(field.getValue());
              if (value != null) {
                out.set(field.getKey(), value);
              }
            });
    return out;
  }

  private JsonNode function(String name, JsonNode args) {
    return switch (name) {
      case "Ref" -> args.asText().equals("AWS::NoValue") ? null : new TextNode(ref(args.asText()));
      case "Fn::Sub" -> new TextNode(sub(args));
      case "Fn::If" -> evaluate(condition(args.get(0).asText()) ? args.get(1) : args.get(2));
      case "Fn::GetAtt" ->
          new TextNode("<" + args.get(0).asText() + "." + args.get(1).asText() + ">");
      default -> throw new IllegalArgumentException("unsupported function " + name);
    };
  }

  private String ref(String name) {
    if (template.path("Resources").has(name)) {
      // A resource's Ref is its physical ID, known only once it exists.
      return "<" + name + ">";
    }
    String value = parameters.get(name);
    if (value == null) {
      throw new IllegalArgumentException("no value for " + name);
    }
    return value;
  }

  private String sub(JsonNode args) {
    String text = args.isArray() ? args.get(0).asText() : args.asText();
    if (args.isArray() && args.size() > 1) {
      throw new IllegalArgumentException("Fn::Sub with a variable map is not used here");
    }
    Matcher m = SUB.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      // ${!Literal} is CloudFormation's escape for a literal ${Literal}.
      String replacement = m.group(1).isEmpty() ? ref(m.group(2)) : "${" + m.group(2) + "}";
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static Map.Entry<String, JsonNode> onlyField(JsonNode node) {
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    Map.Entry<String, JsonNode> first = fields.next();
    if (fields.hasNext()) {
      throw new IllegalArgumentException("expected one function in " + node);
    }
    return first;
  }

  /** A document held as a JSON string (CloudFormation accepts both), parsed. */
  static JsonNode document(JsonNode value) {
    try {
      return value.isTextual() ? JSON.readTree(value.asText()) : value;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
