package io.xaccount.emulator.wire;

import io.xaccount.emulator.evaluation.ContextKeys;
import io.xaccount.emulator.evaluation.RequestContext;
import io.xaccount.emulator.model.PolicyEntity;
import io.xaccount.emulator.model.RoleEntity;
import io.xaccount.emulator.model.UserEntity;
import java.util.Map;

/**
 * The request context of an IAM or STS Query request: its action, the resource it is authorized
 * against ({@link ResourceArns}), the caller's keys ({@code ContextKeys.principal}), and the keys
 * its own parameters give: {@code aws:ResourceTag/*} and {@code iam:ResourceTag/*} of the target
 * entity, {@code aws:RequestTag/*}, {@code aws:TagKeys}, {@code iam:PolicyARN}, {@code
 * iam:PermissionsBoundary}.
 */
public final class RequestContexts {
  private RequestContexts() {}

  /** The context of an IAM or STS request handled by the dispatcher. */
  public static RequestContext of(QueryRequest r, String service) {
    RequestContext ctx = new RequestContext(service + ":" + r.action, ResourceArns.of(r), r.caller);
    ContextKeys.principal(ctx, r.state, r.caller);
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
