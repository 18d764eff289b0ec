package io.xaccount.emulator.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import io.xaccount.emulator.evaluation.PolicyEngine.Effect;
import io.xaccount.emulator.evaluation.PolicyEngine.Reach;
import io.xaccount.emulator.model.EmulatorState;
import io.xaccount.emulator.model.IamError;
import java.util.List;

/**
 * Decides a request the way IAM's evaluation logic does (IAM User Guide, "Policy evaluation
 * logic"): an explicit Deny in any applicable policy refuses; otherwise an Allow is needed from the
 * identity-based policies, with the permissions boundary and session policies, where present,
 * allowing too. Within one account a resource policy may allow on its own, as far as the principal
 * it names reaches ({@link Reach}); across accounts it and the caller's own policies must both
 * allow. The root user is not limited by identity policies. Refusals are {@code AccessDenied} with
 * AWS's message shape.
 */
public final class Authorizer {
  private Authorizer() {}

  /** IAM's three answers. */
  enum Verdict {
    ALLOW,
    EXPLICIT_DENY,
    IMPLICIT_DENY
  }

  /** A verdict and, for a refusal, the end of AWS's AccessDenied message. */
  record Decision(Verdict verdict, String why) {
    static final Decision ALLOWED = new Decision(Verdict.ALLOW, "");
  }

  /**
   * The resource's own side of a request: its account and its resource-based policy.
   *
   * @param document the resource-based policy, or null when the resource has none (then only the
   *     caller's account can reach it)
   * @param required a role trust policy must allow the caller itself, even within one account ("IAM
   *     role trust policies and KMS key policies are exceptions to this logic, because they must
   *     explicitly allow access for principals"); other resource policies only add to the caller's
   *     own within one account
   */
  record ResourcePolicy(JsonNode document, String accountId, boolean required) {}

  /** Authorizes an action governed by identity-based policies only (every IAM action). */
  public static void authorize(EmulatorState state, RequestContext ctx) {
    require(decide(CallerPolicies.of(state, ctx.caller), ctx, null), ctx);
  }

  /** Authorizes an action on a role, whose trust policy must allow it ({@code sts:AssumeRole}). */
  public static void authorize(
      EmulatorState state, RequestContext ctx, JsonNode trustPolicy, String roleAccount) {
    ResourcePolicy trust = new ResourcePolicy(trustPolicy, roleAccount, true);
    require(decide(CallerPolicies.of(state, ctx.caller), ctx, trust), ctx);
  }

  /** The decision, from the caller's policies and the resource's policy (or null). */
  static Decision decide(CallerPolicies p, RequestContext ctx, ResourcePolicy resourcePolicy) {
    if (any(p.identity(), ctx, Effect.DENY)) {
      return deny("with an explicit deny in an identity-based policy");
    }
    if (p.boundary() != null && PolicyEngine.identity(p.boundary(), ctx) == Effect.DENY) {
      return deny("with an explicit deny in a permissions boundary");
    }
    if (any(p.session(), ctx, Effect.DENY)) {
      return deny("with an explicit deny in a session policy");
    }
    if (resourcePolicy != null) {
      PolicyEngine.Outcome resource =
          resourcePolicy.document() == null
              ? PolicyEngine.Outcome.NONE
              : PolicyEngine.resource(resourcePolicy.document(), ctx, p.boundary() != null);
      if (resource.effect() == Effect.DENY) {
        return deny("with an explicit deny in a resource-based policy");
      }
      boolean sameAccount = resourcePolicy.accountId().equals(ctx.caller.accountId());
      if (sameAccount && resource.reach() == Reach.DIRECT) {
        return Decision.ALLOWED; // granted to the user or session itself
      }
      if (sameAccount && resource.reach() == Reach.ROLE) {
        // Granted to the session's role: no identity-based Allow needed, the rest still limits.
        return limits(p, ctx);
      }
      boolean mustAllow = resourcePolicy.required() || !sameAccount;
      if (mustAllow && resource.reach() == Reach.NONE) {
        return implicit(ctx, "resource-based policy");
      }
    }
    if (p.root()) {
      return Decision.ALLOWED;
    }
    if (!any(p.identity(), ctx, Effect.ALLOW)) {
      return implicit(ctx, "identity-based policy");
    }
    return limits(p, ctx);
  }

  /** The permissions boundary and session policies, where present, must allow. */
  private static Decision limits(CallerPolicies p, RequestContext ctx) {
    if (p.boundary() != null && PolicyEngine.identity(p.boundary(), ctx) != Effect.ALLOW) {
      return implicit(ctx, "permissions boundary");
    }
    if (!p.session().isEmpty() && !any(p.session(), ctx, Effect.ALLOW)) {
      return implicit(ctx, "session policy");
    }
    return Decision.ALLOWED;
  }

  private static boolean any(List<JsonNode> docs, RequestContext ctx, Effect effect) {
    for (JsonNode doc : docs) {
      if (PolicyEngine.identity(doc, ctx) == effect) {
        return true;
      }
    }
    return false;
  }

  private static Decision deny(String why) {
    return new Decision(Verdict.EXPLICIT_DENY, why);
  }

  private static Decision implicit(RequestContext ctx, String policyType) {
    return new Decision(
        Verdict.IMPLICIT_DENY,
        "because no " + policyType + " allows the " + ctx.action + " action");
  }

  private static void require(Decision d, RequestContext ctx) {
    if (d.verdict() != Verdict.ALLOW) {
      throw denied(ctx, d.why());
    }
  }

  /** AWS's AccessDenied for identity-policy decisions. */
  static IamError denied(RequestContext ctx, String why) {
    return IamError.of(
        "AccessDenied",
        "User: %s is not authorized to perform: %s on resource: %s %s"
            .formatted(ctx.caller.arn(), ctx.action, ctx.resource, why));
  }
}
