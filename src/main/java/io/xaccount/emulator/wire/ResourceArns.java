package io.xaccount.emulator.wire;

import io.xaccount.emulator.model.GroupEntity;
import io.xaccount.emulator.model.RoleEntity;
import io.xaccount.emulator.model.UserEntity;

/**
 * The resource an IAM action is authorized against, as IAM names it in policies and in AccessDenied
 * messages: the role, user or group the action changes (for AttachRolePolicy the role; the policy
 * is the condition key {@code iam:PolicyARN}), the instance profile, the managed policy, and for
 * listings the collection ({@code arn:aws:iam::<id>:role/}).
 */
final class ResourceArns {
  private ResourceArns() {}

  static String of(QueryRequest r) {
    String acct = "arn:aws:iam::" + r.account.accountId + ":";
    String path = r.get("Path") == null ? "/" : r.get("Path");
    if (r.get("RoleArn") != null) {
      return r.get("RoleArn");
    }
    if (r.get("InstanceProfileName") != null) {
      return acct + "instance-profile" + path + r.get("InstanceProfileName");
    }
    if (r.get("GroupName") != null && r.action.matches("AddUserToGroup|RemoveUserFromGroup")) {
      return group(r, acct, path);
    }
    if (r.get("RoleName") != null) {
      RoleEntity role = r.account.roles.get(r.get("RoleName"));
      return role != null ? role.arn : acct + "role" + path + r.get("RoleName");
    }
    if (r.get("UserName") == null
        && r.action.matches("(Create|Delete|Update)AccessKey|ListAccessKeys")) {
      return r.caller.arn(); // the calling user's own keys
    }
    if (r.get("UserName") != null) {
      UserEntity user = r.account.users.get(r.get("UserName"));
      return user != null ? user.arn : acct + "user" + path + r.get("UserName");
    }
    if (r.get("GroupName") != null) {
      return group(r, acct, path);
    }
    if (r.get("PolicyArn") != null) {
      return r.get("PolicyArn");
    }
    if (r.get("PolicyName") != null && r.action.equals("CreatePolicy")) {
      return acct + "policy" + path + r.get("PolicyName");
    }
    String prefix = r.get("PathPrefix") == null ? "/" : r.get("PathPrefix");
    return switch (r.action) {
      case "ListRoles" -> acct + "role" + prefix;
      case "ListUsers" -> acct + "user" + prefix;
      case "ListGroups" -> acct + "group" + prefix;
      case "ListPolicies" -> acct + "policy" + prefix;
      case "ListInstanceProfiles" -> acct + "instance-profile" + prefix;
      default -> "*";
    };
  }

  private static String group(QueryRequest r, String acct, String path) {
    GroupEntity group = r.account.groups.get(r.get("GroupName"));
    return group != null ? group.arn : acct + "group" + path + r.get("GroupName");
  }
}
