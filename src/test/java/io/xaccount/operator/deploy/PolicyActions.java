package io.xaccount.operator.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.xaccount.operator.iam.Wildcards;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides whether a policy document allows an action, looking at Action and NotAction only.
 *
 * <p>Conditions and resources are not evaluated: an Allow counts whatever its Condition and
 * Resource, and a Deny counts only when it has no Condition and applies to every resource ({@code
 * "Resource": "*"}). So "allowed" here means "allowed for some request the operator makes", and
 * "denied" means "denied for every request": the deliberate, unconditional refusals.
 */
final class PolicyActions {

  /** What a document says about one action. */
  enum Decision {
    ALLOWED,
    NOT_ALLOWED,
    DENIED
  }

  private PolicyActions() {}

  static Decision decide(JsonNode document, String action) {
    boolean allowed = false;
    for (JsonNode statement : document.path("Statement")) {
      if (!applies(statement, action)) {
        continue;
      }
      if ("Deny".equals(statement.path("Effect").asText())) {
        if (!statement.has("Condition") && strings(statement.path("Resource")).contains("*")) {
          return Decision.DENIED;
        }
      } else {
        allowed = true;
      }
    }
    return allowed ? Decision.ALLOWED : Decision.NOT_ALLOWED;
  }

  /** The Action patterns of the document's Allow statements. */
  static List<String> allowedPatterns(JsonNode document) {
    List<String> patterns = new ArrayList<>();
    for (JsonNode statement : document.path("Statement")) {
      if ("Allow".equals(statement.path("Effect").asText())) {
        patterns.addAll(strings(statement.path("Action")));
      }
    }
    return patterns;
  }

  private static boolean applies(JsonNode statement, String action) {
    if (statement.has("NotAction")) {
      return strings(statement.path("NotAction")).stream()
          .noneMatch(p -> Wildcards.matches(p, action, true));
    }
    return strings(statement.path("Action")).stream()
        .anyMatch(p -> Wildcards.matches(p, action, true));
  }

  static List<String> strings(JsonNode node) {
    List<String> values = new ArrayList<>();
    if (node.isTextual()) {
      values.add(node.asText());
    } else {
      node.forEach(n -> values.add(n.asText()));
    }
    return values;
  }
}
