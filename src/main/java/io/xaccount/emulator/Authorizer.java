package io.xaccount.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides a request the way IAM's evaluation logic does: an explicit Deny in any applicable policy
 * (identity-based, resource-based, permissions boundary, session policy) refuses; otherwise an
 * Allow is needed from the identity-based policies (or, within one account, from a resource policy
 * naming the caller itself), and the boundary and session policies, where present, must allow too.
 * Across accounts the resource policy and the caller's identity policies must both allow. The root
 * user is not limited by identity policies. Refusals are {@code AccessDenied} with AWS's message
 * shape.
 */
final class Authorizer {
  private Authorizer() {}

  /** The caller's policies, grouped as the evaluation logic needs them. */
  private record Policies(List<JsonNode> identity, JsonNode boundary, List<JsonNode> session) {}

  /** Authorizes an action governed by identity-based policies only (every IAM action). */
  static void authorize(EmulatorState state, RequestContext ctx) {
    decide(state, ctx, null, null);
  }

  /**
   * Authorizes an action on a resource that has a resource-based policy (a role's trust policy for
   * {@code sts:AssumeRole}), owned by {@code resourceAccount}.
   */
  static void authorize(
      EmulatorState state, RequestContext ctx, JsonNode resourcePolicy, String resourceAccount) {
    decide(state, ctx, resourcePolicy, resourceAccount);
  }

  private static void decide(
      EmulatorState state, RequestContext ctx, JsonNode resourcePolicy, String resourceAccount) {
    Identity caller = ctx.caller;
    Policies p = caller.isRoot() ? null : policiesOf(state, caller);
    if (p != null) {
      if (any(p.identity(), ctx, PolicyEngine.Effect.DENY)) {
        throw denied(ctx, "with an explicit deny in an identity-based policy");
      }
      if (p.boundary() != null
          && PolicyEngine.identity(p.boundary(), ctx) == PolicyEngine.Effect.DENY) {
        throw denied(ctx, "with an explicit deny in a permissions boundary");
      }
      if (any(p.session(), ctx, PolicyEngine.Effect.DENY)) {
        throw denied(ctx, "with an explicit deny in a session policy");
      }
    }
    PolicyEngine.Outcome resource =
        resourcePolicy == null ? null : PolicyEngine.resource(resourcePolicy, ctx);
    if (resource != null && resource.effect() == PolicyEngine.Effect.DENY) {
      throw denied(ctx, "with an explicit deny in a resource-based policy");
    }
    boolean resourceAllows = resource != null && resource.effect() == PolicyEngine.Effect.ALLOW;
    boolean sameAccount = resourceAccount == null || resourceAccount.equals(caller.accountId());
    if (resource != null && sameAccount && resourceAllows && resource.specific()) {
      return; // a resource policy naming the caller itself allows on its own within an account
    }
    if (resource != null && !resourceAllows) {
      throw denied(ctx, "because no resource-based policy allows the " + ctx.action + " action");
    }
    if (p == null) {
      return;
    }
    if (!any(p.identity(), ctx, PolicyEngine.Effect.ALLOW)) {
      throw denied(ctx, "because no identity-based policy allows the " + ctx.action + " action");
    }
    if (p.boundary() != null
        && PolicyEngine.identity(p.boundary(), ctx) != PolicyEngine.Effect.ALLOW) {
      throw denied(ctx, "because no permissions boundary allows the " + ctx.action + " action");
    }
    if (!p.session().isEmpty() && !any(p.session(), ctx, PolicyEngine.Effect.ALLOW)) {
      throw denied(ctx, "because no session policy allows the " + ctx.action + " action");
    }
  }

  private static boolean any(List<JsonNode> docs, RequestContext ctx, PolicyEngine.Effect effect) {
    for (JsonNode doc : docs) {
      if (PolicyEngine.identity(doc, ctx) == effect) {
        return true;
      }
    }
    return false;
  }

  /** AWS's AccessDenied for identity-policy decisions. */
  static IamError denied(RequestContext ctx, String why) {
    return IamError.of(
        "AccessDenied",
        "User: %s is not authorized to perform: %s on resource: %s %s"
            .formatted(ctx.caller.arn(), ctx.action, ctx.resource, why));
  }

  private static Policies policiesOf(EmulatorState state, Identity caller) {
    Principal principal = state.principalById(caller.principalId());
    List<JsonNode> identity = new ArrayList<>();
    JsonNode boundary = null;
    if (principal != null) {
      AccountState account = state.accounts.get(principal.accountId);
      addPolicies(account, principal, identity);
      if (principal instanceof UserEntity user) {
        for (String g : user.groups) {
          addPolicies(account, account.groups.get(g), identity);
        }
      }
      boundary = managed(account, principal.boundaryArn);
    }
    List<JsonNode> session = new ArrayList<>();
    Identity.Session s = caller.session();
    if (s != null && (s.policy() != null || !s.policyArns().isEmpty())) {
      AccountState account = state.accounts.get(caller.accountId());
      if (s.policy() != null) {
        session.add(PolicyDocuments.stored(s.policy()));
      }
      for (String arn : s.policyArns()) {
        JsonNode doc = managed(account, arn);
        if (doc != null) {
          session.add(doc);
        }
      }
      if (session.isEmpty()) {
        // Session policies were given but none could be read: they allow nothing.
        session.add(PolicyDocuments.stored("{\"Version\":\"2012-10-17\",\"Statement\":[]}"));
      }
    }
    return new Policies(identity, boundary, session);
  }

  private static void addPolicies(AccountState account, Principal p, List<JsonNode> out) {
    if (p == null) {
      return;
    }
    p.inlinePolicies.values().forEach(doc -> out.add(PolicyDocuments.stored(doc)));
    for (String arn : p.attachedPolicies) {
      JsonNode doc = managed(account, arn);
      if (doc != null) {
        out.add(doc);
      }
    }
  }

  private static JsonNode managed(AccountState account, String arn) {
    if (arn == null || account == null) {
      return null;
    }
    PolicyEntity policy = account.findPolicy(arn);
    return policy == null ? null : PolicyDocuments.stored(policy.defaultVersion().document());
  }
}
