package io.xaccount.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The request context IAM builds for a call: who calls ({@code aws:PrincipalArn}, {@code
 * aws:username}, {@code aws:PrincipalTag/*}, MFA, source identity), when ({@code aws:CurrentTime}),
 * what the call touches ({@code aws:ResourceTag/*} and {@code iam:ResourceTag/*} of the target
 * entity) and what it asks for ({@code aws:RequestTag/*}, {@code aws:TagKeys}, {@code
 * iam:PolicyARN}, {@code iam:PermissionsBoundary}).
 */
final class ContextKeys {
  private ContextKeys() {}

  /** The context of an IAM or STS request handled by the dispatcher. */
  static RequestContext of(QueryRequest r, String service) {
    RequestContext ctx = new RequestContext(service + ":" + r.action, ResourceArns.of(r), r.caller);
    principal(ctx, r.state, r.caller);
    resourceTags(ctx, r);
    Map<String, String> requestTags = r.tags();
    if (!requestTags.isEmpty()) {
      ctx.putTags("aws:RequestTag/", requestTags);
      ctx.putAll("aws:TagKeys", requestTags.keySet());
    } else if (r.action.startsWith("Untag")) {
      ctx.putAll("aws:TagKeys", r.members("TagKeys"));
    }
    if (r.action.matches("(Attach|Detach)(Role|User|Group)Policy")) {
      ctx.put("iam:PolicyARN", r.get("PolicyArn"));
    }
    if (r.get("PermissionsBoundary") != null) {
      ctx.put("iam:PermissionsBoundary", r.get("PermissionsBoundary"));
    } else if (r.get("RoleName") != null && r.account.roles.get(r.get("RoleName")) != null) {
      ctx.put("iam:PermissionsBoundary", r.account.roles.get(r.get("RoleName")).boundaryArn);
    }
    return ctx;
  }

  /** The keys describing the caller and the time; shared with STS's own decisions. */
  static void principal(RequestContext ctx, EmulatorState state, Identity caller) {
    Instant now = state.now();
    ctx.put("aws:CurrentTime", now.toString())
        .put("aws:EpochTime", String.valueOf(now.getEpochSecond()))
        .put("aws:PrincipalArn", caller.principalArn())
        .put("aws:PrincipalAccount", caller.accountId())
        .put("aws:userid", caller.userId())
        .put(
            "aws:PrincipalType",
            caller.isRoot() ? "Account" : caller.isRoleSession() ? "AssumedRole" : "User");
    Principal p = state.principalById(caller.principalId());
    if (p instanceof UserEntity user) {
      ctx.put("aws:username", user.name);
    }
    if (p != null) {
      ctx.putTags("aws:PrincipalTag/", p.tags);
    }
    Identity.Session s = caller.session();
    if (s == null) {
      return; // long-term keys: aws:MultiFactorAuthPresent is absent, not false
    }
    ctx.putTags("aws:PrincipalTag/", s.tags())
        .put("aws:MultiFactorAuthPresent", String.valueOf(s.mfa()))
        .put("aws:TokenIssueTime", s.issued().toString())
        .put("aws:SourceIdentity", s.sourceIdentity());
    if (s.mfa()) {
      ctx.put(
          "aws:MultiFactorAuthAge",
          String.valueOf(Duration.between(s.mfaAuthenticated(), now).toSeconds()));
    }
  }

  private static void resourceTags(RequestContext ctx, QueryRequest r) {
    Map<String, String> tags = targetTags(r);
    ctx.putTags("aws:ResourceTag/", tags);
    ctx.putTags("iam:ResourceTag/", tags);
  }

  private static Map<String, String> targetTags(QueryRequest r) {
    if (r.get("RoleName") != null && !r.action.equals("CreateRole")) {
      RoleEntity role = r.account.roles.get(r.get("RoleName"));
      return role == null ? Map.of() : role.tags;
    }
    if (r.get("UserName") != null && !r.action.equals("CreateUser")) {
      UserEntity user = r.account.users.get(r.get("UserName"));
      return user == null ? Map.of() : user.tags;
    }
    if (r.get("PolicyArn") != null && !r.action.matches("(Attach|Detach)(Role|User|Group)Policy")) {
      PolicyEntity policy = r.account.findPolicy(r.get("PolicyArn"));
      return policy == null ? Map.of() : policy.tags;
    }
    return Map.of();
  }
}
