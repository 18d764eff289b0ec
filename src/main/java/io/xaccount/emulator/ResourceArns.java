package io.xaccount.emulator;

/** The resource ARN an IAM action targets, for the AccessDenied message of a denied call. */
final class ResourceArns {
  private ResourceArns() {}

  static String of(QueryRequest r) {
    String acct = "arn:aws:iam::" + r.account.accountId + ":";
    String path = r.get("Path") == null ? "/" : r.get("Path");
    if (r.get("RoleArn") != null) {
      return r.get("RoleArn");
    }
    if (r.get("PolicyArn") != null) {
      return r.get("PolicyArn");
    }
    if (r.get("RoleName") != null) {
      RoleEntity role = r.account.roles.get(r.get("RoleName"));
      return role != null ? role.arn : acct + "role" + path + r.get("RoleName");
    }
    if (r.get("UserName") != null) {
      UserEntity user = r.account.users.get(r.get("UserName"));
      return user != null ? user.arn : acct + "user" + path + r.get("UserName");
    }
    if (r.get("GroupName") != null) {
      GroupEntity group = r.account.groups.get(r.get("GroupName"));
      return group != null ? group.arn : acct + "group" + path + r.get("GroupName");
    }
    if (r.get("InstanceProfileName") != null) {
      return acct + "instance-profile" + path + r.get("InstanceProfileName");
    }
    if (r.get("PolicyName") != null && r.action.equals("CreatePolicy")) {
      return acct + "policy" + path + r.get("PolicyName");
    }
    return "*";
  }
}
