package io.xaccount.operator.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Renders a policy in the one deterministic shape the operator sends to IAM. Values are kept as
 * written (no case folding, no {@code :root} rewriting) so the rendering stays what the user wrote;
 * only order and repetition are normalised:
 *
 * <ul>
 *   <li>top-level keys in the order Version, Id, Statement, then any others alphabetically;
 *   <li>{@code Statement} always an array, statements deduplicated and sorted by their rendering;
 *   <li>statement keys in the order AWS documents them (Sid, Effect, Principal, NotPrincipal,
 *       Action, NotAction, Resource, NotResource, Condition), then any others alphabetically;
 *   <li>principal types, condition operators and condition keys alphabetically;
 *   <li>value lists flattened, deduplicated and sorted; a list of one is rendered as a bare value
 *       (IAM's own style, and the shortest, which matters for the size quotas).
 * </ul>
 */
final class PolicyCanonicalizer {

  static final List<String> STATEMENT_KEY_ORDER =
      List.of(
          "Sid",
          "Effect",
          "Principal",
          "NotPrincipal",
          "Action",
          "NotAction",
          "Resource",
          "NotResource",
          "Condition");
  static final Set<String> VALUE_LIST_KEYS =
      Set.of("Action", "NotAction", "Resource", "NotResource");
  static final Set<String> PRINCIPAL_KEYS = Set.of("Principal", "NotPrincipal");

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Comparator<String> VALUE_ORDER =
      Comparator.comparing((String s) -> s.toLowerCase(java.util.Locale.ROOT))
          .thenComparing(Comparator.naturalOrder());

  private PolicyCanonicalizer() {}

  static ObjectNode canonical(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new InvalidPolicyException("a policy document must be a JSON object");
    }
    if (!root.has("Statement")) {
      throw new InvalidPolicyException("a policy document needs a Statement");
    }
    ObjectNode out = NODES.objectNode();
    copyIfPresent(root, "Version", out);
    copyIfPresent(root, "Id", out);
    out.set("Statement", statements(root.get("Statement")));
    sortedRest(root, List.of("Version", "Id", "Statement"), out);
    return out;
  }

  /** The statements of a policy, whether written as one object or a (nested) array. */
  static List<JsonNode> statementList(JsonNode statement) {
    List<JsonNode> flat = new ArrayList<>();
    flatten(statement, flat);
    for (JsonNode s : flat) {
      if (!s.isObject()) {
        throw new InvalidPolicyException("every Statement must be a JSON object, got " + s);
      }
    }
    return flat;
  }

  /** The scalar values of a value list, whether written as a bare value or a (nested) array. */
  static List<JsonNode> scalars(JsonNode node, String field) {
    List<JsonNode> flat = new ArrayList<>();
    flatten(node, flat);
    for (JsonNode v : flat) {
      if (!v.isValueNode() || v.isNull()) {
        throw new InvalidPolicyException(field + " values must be strings, got " + v);
      }
    }
    return flat;
  }

  private static ArrayNode statements(JsonNode statement) {
    Map<String, JsonNode> byRendering = new TreeMap<>();
    for (JsonNode s : statementList(statement)) {
      ObjectNode c = statementOf(s);
      byRendering.put(c.toString(), c);
    }
    ArrayNode out = NODES.arrayNode();
    byRendering.values().forEach(out::add);
    return out;
  }

  private static ObjectNode statementOf(JsonNode s) {
    ObjectNode out = NODES.objectNode();
    for (String key : STATEMENT_KEY_ORDER) {
      JsonNode v = s.get(key);
      if (v == null) {
        continue;
      }
      if (VALUE_LIST_KEYS.contains(key)) {
        out.set(key, valueList(v, key));
      } else if (PRINCIPAL_KEYS.contains(key)) {
        out.set(key, v.isObject() ? mapOfValueLists(v, key) : valueList(v, key));
      } else if (key.equals("Condition")) {
        out.set(key, condition(v));
      } else {
        out.set(key, v);
      }
    }
    sortedRest(s, STATEMENT_KEY_ORDER, out);
    return out;
  }

  private static ObjectNode condition(JsonNode condition) {
    if (!condition.isObject()) {
      throw new InvalidPolicyException("Condition must be a JSON object");
    }
    ObjectNode out = NODES.objectNode();
    for (String op : sortedNames(condition)) {
      JsonNode keys = condition.get(op);
      if (!keys.isObject()) {
        throw new InvalidPolicyException("Condition." + op + " must be a JSON object");
      }
      out.set(op, mapOfValueLists(keys, "Condition." + op));
    }
    return out;
  }

  private static ObjectNode mapOfValueLists(JsonNode map, String field) {
    ObjectNode out = NODES.objectNode();
    for (String name : sortedNames(map)) {
      out.set(name, valueList(map.get(name), field + "." + name));
    }
    return out;
  }

  private static JsonNode valueList(JsonNode node, String field) {
    Map<String, JsonNode> byText = new TreeMap<>(VALUE_ORDER);
    for (JsonNode v : scalars(node, field)) {
      byText.putIfAbsent(v.asText(), v);
    }
    if (byText.size() == 1) {
      return byText.values().iterator().next();
    }
    ArrayNode out = NODES.arrayNode();
    byText.values().forEach(out::add);
    return out;
  }

  private static void flatten(JsonNode node, List<JsonNode> into) {
    if (node.isArray()) {
      node.forEach(child -> flatten(child, into));
    } else {
      into.add(node);
    }
  }

  private static void copyIfPresent(JsonNode from, String key, ObjectNode to) {
    if (from.has(key)) {
      to.set(key, from.get(key));
    }
  }

  private static void sortedRest(JsonNode from, List<String> handled, ObjectNode to) {
    Map<String, JsonNode> rest = new LinkedHashMap<>();
    for (String name : sortedNames(from)) {
      if (!handled.contains(name)) {
        rest.put(name, from.get(name));
      }
    }
    rest.forEach(to::set);
  }

  private static List<String> sortedNames(JsonNode object) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    names.sort(Comparator.naturalOrder());
    return names;
  }
}
