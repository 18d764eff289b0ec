package io.xaccount.emulator.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import io.xaccount.emulator.model.PolicyDocuments;
import java.util.List;

/**
 * Evaluates one policy document for one request: does some statement explicitly deny, allow, or
 * does none apply. A statement applies when its Action (or NotAction), its Resource (identity
 * policies) or Principal (resource policies) and its Condition all match. Actions compare without
 * case; resource ARNs with case, segment by segment, after policy variables are substituted.
 */
public final class PolicyEngine {
  private PolicyEngine() {}

  /** What a policy says about a request. */
  public enum Effect {
    NONE,
    ALLOW,
    DENY
  }

  /**
   * How a resource policy's Allow names the caller, which decides what it can do on its own within
   * one account (IAM User Guide, "Policy evaluation logic": "the principal ARN that is specified in
   * the policy determines whether implicit denies in other policy types are applicable").
   */
  enum Reach {
    /** No Allow applies to the caller. */
    NONE,
    /** The caller's account ({@code :root} or the bare ID): the account's own policies decide. */
    ACCOUNT,
    /**
     * The role a session belongs to: enough without an identity-based Allow, but still "limited by
     * an implicit deny in a permissions boundary or session policy".
     */
    ROLE,
    /**
     * The caller itself, the user or the session ({@code arn:aws:sts::<id>:assumed-role/<role>/
     * <session>}), or everyone ({@code *}): not limited by an implicit deny in any other policy.
     */
    DIRECT
  }

  /** The outcome of one policy; {@code reach} is the widest Allow of a resource policy. */
  public record Outcome(Effect effect, Reach reach) {
    static final Outcome NONE = new Outcome(Effect.NONE, Reach.NONE);
  }

  /** An identity-based policy, permissions boundary or session policy. */
  static Effect identity(JsonNode document, RequestContext ctx) {
    Effect effect = Effect.NONE;
    for (JsonNode st : PolicyDocuments.statements(document)) {
      if (!applies(st, ctx, false)) {
        continue;
      }
      if ("Deny".equals(st.path("Effect").asText())) {
        return Effect.DENY;
      }
      if ("Allow".equals(st.path("Effect").asText())) {
        effect = Effect.ALLOW;
      }
    }
    return effect;
  }

  /** A resource-based policy (a role's trust policy): statements name principals. */
  public static Outcome resource(JsonNode document, RequestContext ctx) {
    return resource(document, ctx, false);
  }

  /**
   * A resource-based policy for a caller who may have a permissions boundary: a Deny with {@code
   * NotPrincipal} then applies whatever it lists (IAM User Guide, "Permissions boundaries": it
   * "will always deny any IAM principal that has a permissions boundary policy attached, regardless
   * of the values specified in the NotPrincipal element").
   */
  static Outcome resource(JsonNode document, RequestContext ctx, boolean callerHasBoundary) {
    Outcome outcome = Outcome.NONE;
    for (JsonNode st : PolicyDocuments.statements(document)) {
      boolean deny = "Deny".equals(st.path("Effect").asText());
      boolean boundaryQuirk = deny && callerHasBoundary && st.has("NotPrincipal");
      if (!boundaryQuirk && !ResourcePrincipals.matches(st, ctx.caller)) {
        continue;
      }
      if (!applies(st, ctx, true)) {
        continue;
      }
      if (deny) {
        return new Outcome(Effect.DENY, Reach.NONE);
      }
      if ("Allow".equals(st.path("Effect").asText())) {
        Reach reach = ResourcePrincipals.reach(st, ctx.caller);
        if (reach.compareTo(outcome.reach()) > 0) {
          outcome = new Outcome(Effect.ALLOW, reach);
        }
      }
    }
    return outcome;
  }

  /** Action, Resource (where the statement has one) and Condition all match. */
  private static boolean applies(JsonNode st, RequestContext ctx, boolean resourcePolicy) {
    if (!actionMatches(st, ctx)) {
      return false;
    }
    // A trust policy has no Resource: the role it belongs to is the resource.
    boolean hasResource = st.has("Resource") || st.has("NotResource");
    if ((!resourcePolicy || hasResource) && !resourceMatches(st, ctx)) {
      return false;
    }
    return Conditions.hold(st.get("Condition"), ctx);
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
    boolean unresolved = false;
    for (String pattern : patterns) {
      String p = PolicyVariables.substituteInResource(pattern, ctx);
      unresolved |= p == null;
      if (p != null && (p.equals("*") || Wildcards.arnMatches(p, ctx.resource))) {
        any = true;
      }
    }
    // A variable the request lacks fails the match, so NotResource cannot be sure of a miss.
    return positive ? any : !any && !unresolved;
  }
}
