package io.xaccount.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides whether a role's (stored) trust policy lets a caller call {@code sts:AssumeRole}: an
 * explicit Deny wins, otherwise some Allow must match action, principal and conditions.
 *
 * <p>Conditions supported: StringEquals/StringNotEquals/StringLike on {@code sts:ExternalId},
 * {@code aws:PrincipalArn}, {@code aws:PrincipalAccount}, and Bool on {@code
 * aws:MultiFactorAuthPresent} (emulated sessions never carry MFA). Any other condition is treated
 * as not satisfied, so the emulator errs on the side of denying.
 */
final class TrustEvaluator {
  private TrustEvaluator() {}

  /** The outcome; a specific principal grants on its own within the role's own account. */
  enum Decision {
    DENY,
    ALLOW_ACCOUNT,
    ALLOW_SPECIFIC
  }

  static Decision evaluate(ObjectNode trust, Identity caller, String externalId) {
    Decision allowed = Decision.DENY;
    for (JsonNode st : PolicyDocuments.statements(trust)) {
      if (!actionMatches(st) || !principalMatches(st.get("Principal"), caller)) {
        continue;
      }
      if (!conditionsHold(st.get("Condition"), caller, externalId)) {
        continue;
      }
      if (st.path("Effect").asText().equals("Deny")) {
        return Decision.DENY;
      }
      if (allowed != Decision.ALLOW_SPECIFIC) {
        allowed =
            namesCallerSpecifically(st.get("Principal"), caller)
                ? Decision.ALLOW_SPECIFIC
                : Decision.ALLOW_ACCOUNT;
      }
    }
    return allowed;
  }

  private static boolean namesCallerSpecifically(JsonNode principal, Identity caller) {
    return principal.isObject()
        && PolicyDocuments.strings(principal.get("AWS")).stream()
            .anyMatch(p -> p.equals(caller.principalId()) || p.equals(caller.arn()));
  }

  private static boolean actionMatches(JsonNode st) {
    for (String a : PolicyDocuments.strings(st.get("Action"))) {
      if (glob(a.toLowerCase(Locale.ROOT), "sts:assumerole")) {
        return true;
      }
    }
    return false;
  }

  private static boolean principalMatches(JsonNode principal, Identity caller) {
    if (principal == null) {
      return false;
    }
    if (!principal.isObject()) {
      return principal.asText().equals("*");
    }
    for (String p : PolicyDocuments.strings(principal.get("AWS"))) {
      if (p.equals("*")
          || p.equals("arn:aws:iam::" + caller.accountId() + ":root")
          || p.equals(caller.principalId())
          || p.equals(caller.arn())) {
        return true;
      }
    }
    return false;
  }

  private static boolean conditionsHold(JsonNode condition, Identity caller, String externalId) {
    if (condition == null) {
      return true;
    }
    Iterator<Map.Entry<String, JsonNode>> ops = condition.fields();
    while (ops.hasNext()) {
      Map.Entry<String, JsonNode> op = ops.next();
      Iterator<Map.Entry<String, JsonNode>> keys = op.getValue().fields();
      while (keys.hasNext()) {
        Map.Entry<String, JsonNode> key = keys.next();
        String actual = contextValue(key.getKey(), caller, externalId);
        if (!holds(op.getKey(), actual, PolicyDocuments.strings(key.getValue()))) {
          return false;
        }
      }
    }
    return true;
  }

  private static String contextValue(String key, Identity caller, String externalId) {
    return switch (key.toLowerCase(Locale.ROOT)) {
      case "sts:externalid" -> externalId;
      case "aws:principalarn" -> caller.principalArn();
      case "aws:principalaccount" -> caller.accountId();
      case "aws:multifactorauthpresent" -> "false";
      default -> null;
    };
  }

  private static boolean holds(String operator, String actual, List<String> expected) {
    return switch (operator) {
      case "StringEquals" -> actual != null && expected.contains(actual);
      case "StringNotEquals" -> actual != null && !expected.contains(actual);
      case "StringLike" -> actual != null && expected.stream().anyMatch(e -> glob(e, actual));
      case "Bool" -> actual != null && expected.stream().anyMatch(actual::equalsIgnoreCase);
      default -> false;
    };
  }

  /** IAM wildcard match: {@code *} any run of characters, {@code ?} exactly one. */
  static boolean glob(String pattern, String value) {
    StringBuilder regex = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      regex.append(
          c == '*' ? ".*" : c == '?' ? "." : java.util.regex.Pattern.quote(String.valueOf(c)));
    }
    return value.matches(regex.toString());
  }
}
