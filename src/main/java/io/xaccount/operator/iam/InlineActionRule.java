package io.xaccount.operator.iam;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The inline-action guardrails, decided by pattern overlap rather than by the shape of a string.
 *
 * <ul>
 *   <li>{@code deniedInlineActions} (default {@link #DEFAULT_DENIED}: what hands over the account
 *       or lets a role escape its guardrails): an Allow statement is refused when any of its action
 *       patterns <em>can match</em> a denied action, both sides being patterns ({@code iam:?*},
 *       {@code I?M:*}, {@code *} and {@code iam:Pass*} all overlap {@code iam:*}). An Allow with
 *       {@code NotAction} allows everything it does not name, so it is refused unless every denied
 *       pattern is covered by one of its NotAction patterns.
 *   <li>{@code allowedInlineActions}: when listed, every action of an Allow statement must be
 *       covered by one of them. Listing a denied action there exactly (e.g. {@code iam:PassRole})
 *       lets it through, as before; so does {@code *}.
 * </ul>
 *
 * Deny statements only take away and are not checked.
 */
final class InlineActionRule {

  static final String RULE = "allowedInlineActions";
  static final String DENIED_RULE = "deniedInlineActions";

  /** Escalation: IAM itself, STS (new sessions, other roles), the organization and the account. */
  static final List<String> DEFAULT_DENIED =
      List.of("iam:*", "sts:*", "organizations:*", "account:*");

  private final List<String> allowed;
  private final List<String> denied;

  /**
   * @param denied the account's deniedInlineActions; empty or null: {@link #DEFAULT_DENIED}
   */
  InlineActionRule(List<String> allowed, List<String> denied) {
    this.allowed = allowed == null ? List.of() : allowed;
    this.denied = denied == null || denied.isEmpty() ? DEFAULT_DENIED : denied;
  }

  List<Violation> check(Map<String, PolicyDocument> inlinePolicies) {
    List<Violation> violations = new ArrayList<>();
    for (var policy : new TreeMap<>(inlinePolicies).entrySet()) {
      JsonNode statements = policy.getValue().toJsonNode().path("Statement");
      for (int i = 0; i < statements.size(); i++) {
        JsonNode statement = statements.get(i);
        if (!"Allow".equals(statement.path("Effect").asText())) {
          continue;
        }
        String field =
            "spec.inlinePolicies[%s].document.Statement[%d]".formatted(policy.getKey(), i);
        if (statement.has("NotAction")) {
          notAction(policy.getKey(), field, values(statement.path("NotAction")))
              .ifPresent(violations::add);
        }
        for (String action : values(statement.path("Action"))) {
          reason(action)
              .ifPresent(
                  why ->
                      violations.add(
                          Violation.of(
                              why.rule(),
                              field + ".Action",
                              action,
                              "inline policy \""
                                  + policy.getKey()
                                  + "\" allows "
                                  + action
                                  + why.text())));
        }
      }
    }
    return violations;
  }

  private record Why(String rule, String text) {}

  private Optional<Why> reason(String action) {
    if (explicitlyListed(action)) {
      return Optional.empty();
    }
    Optional<String> overlapping =
        denied.stream().filter(d -> ActionPatterns.overlap(action, d)).findFirst();
    if (overlapping.isPresent()) {
      return Optional.of(
          new Why(
              DENIED_RULE,
              ", which can match the denied action "
                  + overlapping.get()
                  + " (refused unless allowedInlineActions lists "
                  + action
                  + " exactly)"));
    }
    if (allowed.isEmpty() || allowed.stream().anyMatch(p -> Wildcards.covers(p, action))) {
      return Optional.empty();
    }
    return Optional.of(new Why(RULE, ", which matches none of the allowed patterns " + allowed));
  }

  /** An Allow with NotAction allows every action it does not name, denied ones included. */
  private Optional<Violation> notAction(String policy, String field, List<String> notActions) {
    if (explicitlyListed("*")) {
      return Optional.empty();
    }
    List<String> uncovered =
        denied.stream()
            .filter(d -> notActions.stream().noneMatch(n -> Wildcards.covers(n, d)))
            .toList();
    if (uncovered.isEmpty() && allowed.isEmpty()) {
      return Optional.empty();
    }
    String what =
        uncovered.isEmpty()
            ? "every action it does not name, beyond the allowed patterns " + allowed
            : "every action it does not name, including the denied " + String.join(", ", uncovered);
    return Optional.of(
        Violation.of(
            uncovered.isEmpty() ? RULE : DENIED_RULE,
            field + ".NotAction",
            "NotAction",
            "inline policy \""
                + policy
                + "\" has an Allow statement with NotAction, which allows "
                + what));
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
