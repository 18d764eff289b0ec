package io.xaccount.kube;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Label and field selectors of lists and watches ({@code labelSelector=team=a,tier!=b}, {@code
 * fieldSelector=metadata.name=x}), with the API server's syntax: equality, inequality, {@code
 * in}/{@code notin} sets and existence for labels; equality and inequality on the fields each kind
 * supports for fields (any other is refused, as a cluster refuses it).
 */
final class Selectors {
  private static final Set<String> EVERY_KIND = Set.of("metadata.name", "metadata.namespace");
  private static final Map<String, Set<String>> BY_KIND =
      Map.of(
          "Event",
          Set.of(
              "involvedObject.kind",
              "involvedObject.namespace",
              "involvedObject.name",
              "involvedObject.uid",
              "involvedObject.apiVersion",
              "involvedObject.resourceVersion",
              "involvedObject.fieldPath",
              "reason",
              "reportingComponent",
              "source",
              "type"),
          "Secret",
          Set.of("type"),
          "Namespace",
          Set.of("status.phase"));

  private Selectors() {}

  /** Objects the two selectors (either may be null) select; 400 for a selector refused. */
  static Predicate<Stored> of(ResourceType type, String labelSelector, String fieldSelector) {
    Predicate<Map<String, String>> labels = labels(labelSelector);
    Predicate<Stored> fields = fields(type, fieldSelector);
    return object -> labels.test(object.labels()) && fields.test(object);
  }

  static Predicate<Map<String, String>> labels(String selector) {
    Predicate<Map<String, String>> all = o -> true;
    if (selector == null || selector.isBlank()) {
      return all;
    }
    for (String term : terms(selector)) {
      all = all.and(labelTerm(term.trim()));
    }
    return all;
  }

  private static Predicate<Map<String, String>> labelTerm(String term) {
    java.util.regex.Matcher set =
        java.util.regex.Pattern.compile("^(\\S+)\\s+(in|notin)\\s*\\((.*)\\)$").matcher(term);
    if (set.matches()) {
      String key = set.group(1);
      Set<String> values =
          new java.util.HashSet<>(List.of(set.group(3).replace(" ", "").split(",")));
      boolean in = set.group(2).equals("in");
      return labels -> in == values.contains(labels.get(key));
    }
    if (term.startsWith("!")) {
      String key = term.substring(1).trim();
      return labels -> !labels.containsKey(key);
    }
    String[] parts = term.split("!=|==|=", 2);
    if (parts.length == 1) {
      return labels -> labels.containsKey(term);
    }
    String key = parts[0].trim();
    String expected = parts[1].trim();
    boolean negated = term.contains("!=");
    return labels -> expected.equals(labels.get(key)) != negated;
  }

  static Predicate<Stored> fields(ResourceType type, String selector) {
    Predicate<Stored> all = o -> true;
    if (selector == null || selector.isBlank()) {
      return all;
    }
    for (String term : selector.split(",")) {
      String[] parts = term.split("!=|==|=", 2);
      if (parts.length != 2) {
        throw Statuses.badRequest("invalid field selector: " + term);
      }
      String field = parts[0].trim();
      if (!EVERY_KIND.contains(field)
          && !BY_KIND.getOrDefault(type.kind(), Set.of()).contains(field)) {
        throw Statuses.badRequest("field label not supported: " + field);
      }
      String path = field.equals("source") ? "source.component" : field;
      String expected = parts[1].trim();
      boolean negated = term.contains("!=");
      all = all.and(o -> value(o, path).equals(expected) != negated);
    }
    return all;
  }

  private static String value(Stored object, String path) {
    switch (path) {
      case "metadata.name":
        return object.name();
      case "metadata.namespace":
        return object.namespace();
      default:
        JsonNode node = object.object();
        for (String segment : path.split("\\.")) {
          node = node.path(segment);
        }
        return node.asText("");
    }
  }

  /** The comma-separated terms of a label selector; commas inside {@code (...)} do not split. */
  private static List<String> terms(String selector) {
    List<String> terms = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < selector.length(); i++) {
      char c = selector.charAt(i);
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      if (c == ',' && depth == 0) {
        terms.add(selector.substring(start, i));
        start = i + 1;
      }
    }
    terms.add(selector.substring(start));
    return terms;
  }
}
