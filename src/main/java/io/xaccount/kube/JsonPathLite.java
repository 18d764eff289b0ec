package io.xaccount.kube;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The subset of kubectl's JSONPath our printer columns use: {@code .a.b} field steps and {@code
 * [?(@.key=="value")]} filters over arrays.
 */
final class JsonPathLite {
  private static final Pattern FILTER =
      Pattern.compile("\\?\\(@\\.([A-Za-z0-9_]+)\\s*==\\s*[\"']([^\"']*)[\"']\\)");

  private JsonPathLite() {}

  /** The values at {@code path}, joined with commas as kubectl does; empty when there are none. */
  static String text(JsonNode root, String path) {
    List<JsonNode> current = List.of(root);
    int i = 0;
    while (i < path.length()) {
      char c = path.charAt(i);
      if (c == '.') {
        int end = i + 1;
        while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
          end++;
        }
        String field = path.substring(i + 1, end);
        current = step(current, field);
        i = end;
      } else if (c == '[') {
        int end = path.indexOf(']', i);
        current = filter(current, path.substring(i + 1, end));
        i = end + 1;
      } else {
        throw new IllegalArgumentException("unsupported JSONPath: " + path);
      }
    }
    List<String> texts = new ArrayList<>();
    for (JsonNode node : current) {
      texts.add(node.isValueNode() ? node.asText() : node.toString());
    }
    return String.join(",", texts);
  }

  private static List<JsonNode> step(List<JsonNode> nodes, String field) {
    List<JsonNode> next = new ArrayList<>();
    for (JsonNode node : nodes) {
      JsonNode child = node.get(field);
      if (child != null && !child.isNull()) {
        next.add(child);
      }
    }
    return next;
  }

  private static List<JsonNode> filter(List<JsonNode> nodes, String expression) {
    Matcher m = FILTER.matcher(expression);
    if (!m.matches()) {
      throw new IllegalArgumentException("unsupported JSONPath filter: " + expression);
    }
    List<JsonNode> next = new ArrayList<>();
    for (JsonNode node : nodes) {
      for (JsonNode element : node) {
        JsonNode key = element.get(m.group(1));
        if (key != null && key.asText().equals(m.group(2))) {
          next.add(element);
        }
      }
    }
    return next;
  }
}
