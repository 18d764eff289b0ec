package io.xaccount.operator.iam;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@code allowedInlineActions} guardrail. Every Action of every Allow statement of every inline
 * policy must be covered by an allowed pattern (when any are listed). Whatever the list, {@code *},
 * a wildcard service ({@code *:*}, {@code *:Get*}) and {@code iam:*} are rejected unless the list
 * names that action or {@code *} explicitly. An Allow statement with NotAction allows everything
 * not named, so it counts as {@code *}. Deny statements only take away and are not checked.
 */
final class InlineActionRule {

  static final String RULE = "allowedInlineActions";

  private final List<String> allowed;

  InlineActionRule(List<String> allowed) {
    this.allowed = allowed;
  }

  List<Violation> check(Map<String, PolicyDocument> inlinePolicies) {
    List<Violation> violations = new ArrayList<>();
    for (var policy : new TreeMap<>(inlinePolicies).entrySet()) {
      String field = "spec.inlinePolicies[\"" + policy.getKey() + "\"]";
      for (JsonNode statement : policy.getValue().toJsonNode().path("Statement")) {
        if (!"Allow".equalsIgnoreCase(statement.path("Effect").asText())) {
          continue;
        }
        if (statement.has("NotAction")) {
          if (!explicitlyListed("*")) {
            violations.add(
                Violation.of(
                    RULE,
                    field,
                    "NotAction",
                    "inline policy \""
                        + policy.getKey()
                        + "\" has an Allow statement with NotAction, which allows every action not"
                        + " named and is rejected unless \"*\" is allowed"));
          }
        }
        for (String action : values(statement.path("Action"))) {
          reason(action)
              .ifPresent(
                  why ->
                      violations.add(
                          Violation.of(
                              RULE,
                              field,
                              action,
                              "inline policy \"" + policy.getKey() + "\" allows " + action + why)));
        }
      }
    }
    return violations;
  }

  private Optional<String> reason(String action) {
    if (dangerous(action)) {
      return explicitlyListed(action)
          ? Optional.empty()
          : Optional.of(", which is rejected unless listed explicitly");
    }
    if (allowed.isEmpty() || allowed.stream().anyMatch(p -> Wildcards.covers(p, action))) {
      return Optional.empty();
    }
    return Optional.of(", which matches none of the allowed patterns " + allowed);
  }

  /** {@code *}, a service wildcard, or all of IAM: the actions that hand over the account. */
  static boolean dangerous(String action) {
    int colon = action.indexOf(':');
    if (colon < 0) {
      return true; // "*" (or a malformed action IAM would reject anyway)
    }
    String service = action.substring(0, colon);
    String name = action.substring(colon + 1);
    return Wildcards.hasWildcard(service)
        || (service.equalsIgnoreCase("iam") && name.chars().allMatch(c -> c == '*'));
  }

  private boolean explicitlyListed(String action) {
    String lower = action.toLowerCase(Locale.ROOT);
    return allowed.stream()
        .map(a -> a.toLowerCase(Locale.ROOT))
        .anyMatch(a -> a.equals("*") || a.equals("*:*") || a.equals(lower));
  }

  private static List<String> values(JsonNode node) {
    List<String> values = new ArrayList<>();
    if (node.isTextual()) {
      values.add(node.asText());
    } else if (node.isArray()) {
      node.forEach(n -> values.add(n.asText()));
    }
    return values;
  }
}
