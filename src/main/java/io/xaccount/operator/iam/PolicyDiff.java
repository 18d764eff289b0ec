package io.xaccount.operator.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A readable difference between two policy documents, for people reviewing a plan: only what
 * differs, one line each, {@code + path: value} (added), {@code - path: value} (removed), {@code ~
 * path: old -> new} (changed). Both documents are canonical (key, statement and value order do not
 * count) and statements IAM evaluates alike are not differences at all. Statements are named by Sid
 * where they have one. ExternalId values are never shown: they are secrets.
 */
public final class PolicyDiff {
  /** What is shown instead of a condition value of {@code sts:ExternalId}. */
  public static final String SECRET = "(secret)";

  private PolicyDiff() {}

  /**
   * @param before the document IAM holds, or null when there is none
   * @param after the document the call writes, or null when it removes the document
   */
  public static List<String> between(PolicyDocument before, PolicyDocument after) {
    List<String> lines = new ArrayList<>();
    JsonNode old = before == null ? null : redacted(before.toJsonNode());
    JsonNode now = after == null ? null : redacted(after.toJsonNode());
    String oldVersion = old == null ? null : text(old.get("Version"));
    String newVersion = now == null ? null : text(now.get("Version"));
    scalar(lines, "Version", oldVersion, newVersion);
    List<JsonNode> removed = statements(old);
    List<JsonNode> added = statements(now);
    // Statements IAM evaluates alike are no difference, however they are written.
    for (Iterator<JsonNode> it = removed.iterator(); it.hasNext(); ) {
      JsonNode s = it.next();
      Optional<JsonNode> same = added.stream().filter(a -> sameStatement(a, s)).findFirst();
      if (same.isPresent()) {
        added.remove(same.get());
        it.remove();
      }
    }
    for (Iterator<JsonNode> it = removed.iterator(); it.hasNext(); ) {
      JsonNode s = it.next();
      Optional<JsonNode> paired =
          sid(s)
              .flatMap(
                  sid -> added.stream().filter(a -> sid(a).equals(Optional.of(sid))).findFirst());
      if (paired.isPresent()) {
        added.remove(paired.get());
        it.remove();
        fields(lines, label(paired.get()), s, paired.get());
      }
    }
    if (removed.size() == 1 && added.size() == 1) {
      // One statement became another (a Sid added or renamed, say): say what changed in it.
      fields(lines, label(added.get(0)), removed.get(0), added.get(0));
      return lines;
    }
    removed.forEach(s -> lines.add("- " + label(s) + ": " + s));
    added.forEach(s -> lines.add("+ " + label(s) + ": " + s));
    return lines;
  }

  /** Field by field, for two statements (or objects within them) of the same name. */
  private static void fields(List<String> lines, String path, JsonNode old, JsonNode now) {
    Set<String> keys = new TreeSet<>();
    old.fieldNames().forEachRemaining(keys::add);
    now.fieldNames().forEachRemaining(keys::add);
    for (String key : keys) {
      JsonNode a = old.get(key);
      JsonNode b = now.get(key);
      String at = path + "." + key;
      if (a == null) {
        lines.add("+ " + at + ": " + b);
      } else if (b == null) {
        lines.add("- " + at + ": " + a);
      } else if (a.isObject() && b.isObject()) {
        fields(lines, at, a, b);
      } else if (!values(a).equals(values(b))) {
        if (!a.isArray() && !b.isArray()) {
          lines.add("~ " + at + ": " + a + " -> " + b);
          continue;
        }
        Set<String> gone = new TreeSet<>(values(a));
        gone.removeAll(values(b));
        Set<String> come = new TreeSet<>(values(b));
        come.removeAll(values(a));
        gone.forEach(v -> lines.add("- " + at + ": " + TextNode.valueOf(v)));
        come.forEach(v -> lines.add("+ " + at + ": " + TextNode.valueOf(v)));
      }
    }
  }

  private static void scalar(List<String> lines, String path, String old, String now) {
    if (old == null && now != null) {
      lines.add("+ " + path + ": " + TextNode.valueOf(now));
    } else if (old != null && now == null) {
      lines.add("- " + path + ": " + TextNode.valueOf(old));
    } else if (old != null && !old.equals(now)) {
      lines.add("~ " + path + ": " + TextNode.valueOf(old) + " -> " + TextNode.valueOf(now));
    }
  }

  private static Set<String> values(JsonNode node) {
    Set<String> out = new TreeSet<>();
    if (node.isArray()) {
      node.forEach(v -> out.add(v.isTextual() ? v.asText() : v.toString()));
    } else {
      out.add(node.isTextual() ? node.asText() : node.toString());
    }
    return out;
  }

  private static boolean sameStatement(JsonNode a, JsonNode b) {
    return single(a).semanticallyEquals(single(b));
  }

  private static PolicyDocument single(JsonNode statement) {
    ObjectNode doc = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    doc.put("Version", "2012-10-17");
    doc.putArray("Statement").add(statement);
    return PolicyDocument.of(doc);
  }

  private static String label(JsonNode statement) {
    return sid(statement).map(s -> "Statement[" + s + "]").orElse("Statement");
  }

  private static Optional<String> sid(JsonNode statement) {
    String sid = statement.path("Sid").asText("");
    return sid.isEmpty() ? Optional.empty() : Optional.of(sid);
  }

  private static List<JsonNode> statements(JsonNode doc) {
    List<JsonNode> out = new ArrayList<>();
    if (doc != null) {
      doc.path("Statement").forEach(out::add);
    }
    return out;
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() ? null : node.asText();
  }

  /** The document with every sts:ExternalId condition value replaced by {@link #SECRET}. */
  private static JsonNode redacted(JsonNode doc) {
    for (JsonNode statement : doc.path("Statement")) {
      JsonNode condition = statement.get("Condition");
      if (condition == null || !condition.isObject()) {
        continue;
      }
      for (Iterator<Map.Entry<String, JsonNode>> ops = condition.fields(); ops.hasNext(); ) {
        JsonNode keys = ops.next().getValue();
        if (!keys.isObject()) {
          continue;
        }
        List<String> secret = new ArrayList<>();
        keys.fieldNames()
            .forEachRemaining(
                k -> {
                  if (k.equalsIgnoreCase("sts:ExternalId")) {
                    secret.add(k);
                  }
                });
        secret.forEach(k -> ((ObjectNode) keys).put(k, SECRET));
      }
    }
    return doc;
  }
}
