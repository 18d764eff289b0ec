package io.xaccount.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Evaluates one policy document for one request: does some statement explicitly deny, allow, or
 * does none apply. A statement applies when its Action (or NotAction), its Resource (identity
 * policies) or Principal (resource policies) and its Condition all match. Actions compare without
 * case; resource ARNs with case, segment by segment, after policy variables are substituted.
 */
final class PolicyEngine {
  private PolicyEngine() {}

  /** What a policy says about a request. */
  enum Effect {
    NONE,
    ALLOW,
    DENY
  }

  /**
   * The outcome of one policy.
   *
   * @param specific for a resource policy's Allow: it names the caller itself (user, role or
   *     session), not merely its account, which within one account suffices on its own
   */
  record Outcome(Effect effect, boolean specific) {
    static final Outcome NONE = new Outcome(Effect.NONE, false);
  }

  /** An identity-based policy, permissions boundary or session policy. */
  static Effect identity(JsonNode document, RequestContext ctx) {
    return evaluate(document, ctx, false).effect();
  }

  /** A resource-based policy (a role's trust policy): statements name principals, not resources. */
  static Outcome resource(JsonNode document, RequestContext ctx) {
    return evaluate(document, ctx, true);
  }

  private static Outcome evaluate(JsonNode document, RequestContext ctx, boolean resourcePolicy) {
    Outcome outcome = Outcome.NONE;
    for (JsonNode st : PolicyDocuments.statements(document)) {
      if (!actionMatches(st, ctx)) {
        continue;
      }
      if (resourcePolicy && !principalMatches(st, ctx.caller)) {
        continue;
      }
      // A trust policy has no Resource: the role it belongs to is the resource.
      boolean hasResource = st.has("Resource") || st.has("NotResource");
      if ((!resourcePolicy || hasResource) && !resourceMatches(st, ctx)) {
        continue;
      }
      if (!Conditions.hold(st.get("Condition"), ctx)) {
        continue;
      }
      if ("Deny".equals(st.path("Effect").asText())) {
        return new Outcome(Effect.DENY, false);
      }
      if ("Allow".equals(st.path("Effect").asText())) {
        boolean specific = resourcePolicy && namesCaller(st.get("Principal"), ctx.caller);
        if (outcome.effect() != Effect.ALLOW || specific) {
          outcome = new Outcome(Effect.ALLOW, specific || outcome.specific());
        }
      }
    }
    return outcome;
  }

  private static boolean actionMatches(JsonNode st, RequestContext ctx) {
    boolean positive = st.has("Action");
    List<String> patterns =
        PolicyDocuments.strings(positive ? st.get("Action") : st.get("NotAction"));
    boolean any = patterns.stream().anyMatch(p -> Wildcards.matches(p, ctx.action, true));
    return positive == any;
  }

  private static boolean resourceMatches(JsonNode st, RequestContext ctx) {
    boolean positive = st.has("Resource");
    List<String> patterns =
        PolicyDocuments.strings(positive ? st.get("Resource") : st.get("NotResource"));
    boolean any = false;
    for (String pattern : patterns) {
      String p = PolicyVariables.substitute(pattern, ctx);
      if (p != null && (p.equals("*") || Wildcards.arnMatches(p, ctx.resource))) {
        any = true;
        break;
      }
    }
    return positive == any;
  }

  private static boolean principalMatches(JsonNode st, Identity caller) {
    if (st.has("NotPrincipal")) {
      return !principalListed(st.get("NotPrincipal"), caller);
    }
    return principalListed(st.get("Principal"), caller);
  }

  private static boolean principalListed(JsonNode principal, Identity caller) {
    if (principal == null) {
      return false;
    }
    if (principal.isTextual()) {
      return principal.asText().equals("*");
    }
    for (String p : PolicyDocuments.strings(principal.get("AWS"))) {
      if (p.equals("*")
          || p.equals("arn:aws:iam::" + caller.accountId() + ":root")
          || p.equals(caller.accountId())
          || isCaller(p, caller)) {
        return true;
      }
    }
    return false;
  }

  private static boolean namesCaller(JsonNode principal, Identity caller) {
    return principal != null
        && principal.isObject()
        && PolicyDocuments.strings(principal.get("AWS")).stream()
            .anyMatch(p -> isCaller(p, caller));
  }

  /** The value names the caller itself: its unique ID (as IAM stores it), its ARN or its role. */
  private static boolean isCaller(String value, Identity caller) {
    return value.equals(caller.principalId())
        || value.equals(caller.arn())
        || (caller.isRoleSession() && value.equals(caller.principalArn()));
  }
}
