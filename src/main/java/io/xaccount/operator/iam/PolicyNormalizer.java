package io.xaccount.operator.iam;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reduces a policy to the value IAM evaluates, so that two documents IAM treats alike compare equal
 * however IAM has reordered or reshaped them. The rules, from the IAM policy grammar and from what
 * IAM hands back:
 *
 * <ul>
 *   <li>key order, statement order and value order never matter; a repeated statement or value
 *       counts once; a bare value equals an array of one, at any nesting depth;
 *   <li>a missing {@code Version} is {@code 2008-10-17}: IAM evaluates such a policy in the old
 *       grammar, where policy variables like {@code ${aws:username}} are literal text, so it is
 *       genuinely different from {@code 2012-10-17} and must be re-put;
 *   <li>an empty {@code Sid} is no Sid; a non-empty Sid is compared as written;
 *   <li>action names compare case-insensitively (IAM documents them so); resources, principals and
 *       condition values compare exactly;
 *   <li>{@code "Principal": "*"} is {@code {"AWS": "*"}}, and a bare 12-digit account ID is that
 *       account's {@code arn:<partition>:iam::<id>:root}, which is how IAM stores it;
 *   <li>condition keys compare case-insensitively (IAM documents them so), operators exactly;
 *       scalar values compare by text, so {@code true} equals {@code "true"} and {@code 3600}
 *       equals {@code "3600"}.
 * </ul>
 */
final class PolicyNormalizer {

  static final String DEFAULT_VERSION = "2008-10-17";
  private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

  private PolicyNormalizer() {}

  static Map<String, Object> normalize(JsonNode root, String partition) {
    Map<String, Object> out = new HashMap<>();
    JsonNode version = root.get("Version");
    out.put("Version", version == null ? DEFAULT_VERSION : version.asText());
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getKey().equals("Version") && !e.getKey().equals("Statement")) {
        out.put(e.getKey(), e.getValue());
      }
    }
    Set<Map<String, Object>> statements = new HashSet<>();
    for (JsonNode s : PolicyCanonicalizer.statementList(root.get("Statement"))) {
      statements.add(statement(s, partition));
    }
    out.put("Statement", statements);
    return out;
  }

  /** The partition named by the first ARN among the principals and resources, if any. */
  static Optional<String> partitionOf(JsonNode root) {
    for (JsonNode s : PolicyCanonicalizer.statementList(root.get("Statement"))) {
      for (String key : List.of("Principal", "NotPrincipal", "Resource", "NotResource")) {
        JsonNode v = s.get(key);
        if (v == null) {
          continue;
        }
        List<JsonNode> values = new ArrayList<>();
        if (v.isObject()) {
          v.forEach(typed -> values.addAll(PolicyCanonicalizer.scalars(typed, key)));
        } else {
          values.addAll(PolicyCanonicalizer.scalars(v, key));
        }
        for (JsonNode value : values) {
          Optional<String> p = Arns.partitionOf(value.asText());
          if (p.isPresent()) {
            return p;
          }
        }
      }
    }
    return Optional.empty();
  }

  private static Map<String, Object> statement(JsonNode s, String partition) {
    Map<String, Object> out = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      JsonNode v = e.getValue();
      switch (key) {
        case "Sid" -> {
          if (!v.asText().isEmpty()) {
            out.put(key, v.asText());
          }
        }
        case "Action", "NotAction" -> out.put(key, lowerCased(texts(v, key)));
        case "Resource", "NotResource" -> out.put(key, texts(v, key));
        case "Principal", "NotPrincipal" -> out.put(key, principal(v, key, partition));
        case "Condition" -> out.put(key, condition(v));
        default -> out.put(key, v); // ObjectNode equality ignores key order
      }
    }
    return out;
  }

  private static Map<String, Set<String>> principal(JsonNode v, String field, String partition) {
    Map<String, Set<String>> out = new HashMap<>();
    if (!v.isObject()) {
      out.put("AWS", texts(v, field));
    } else {
      v.fields().forEachRemaining(e -> out.put(e.getKey(), texts(e.getValue(), field)));
    }
    Set<String> aws = out.get("AWS");
    if (aws != null) {
      Set<String> expanded = new TreeSet<>();
      for (String p : aws) {
        expanded.add(ACCOUNT_ID.matcher(p).matches() ? Arns.accountRoot(partition, p) : p);
      }
      out.put("AWS", expanded);
    }
    return out;
  }

  private static Map<String, Map<String, Set<String>>> condition(JsonNode v) {
    Map<String, Map<String, Set<String>>> out = new HashMap<>();
    v.fields()
        .forEachRemaining(
            op -> {
              Map<String, Set<String>> keys =
                  out.computeIfAbsent(op.getKey(), k -> new HashMap<>());
              op.getValue()
                  .fields()
                  .forEachRemaining(
                      k ->
                          keys.computeIfAbsent(
                                  k.getKey().toLowerCase(Locale.ROOT), x -> new TreeSet<>())
                              .addAll(texts(k.getValue(), "Condition")));
            });
    return out;
  }

  private static Set<String> texts(JsonNode v, String field) {
    Set<String> out = new TreeSet<>();
    PolicyCanonicalizer.scalars(v, field).forEach(n -> out.add(n.asText()));
    return out;
  }

  private static Set<String> lowerCased(Set<String> values) {
    Set<String> out = new TreeSet<>();
    values.forEach(a -> out.add(a.toLowerCase(Locale.ROOT)));
    return out;
  }
}
