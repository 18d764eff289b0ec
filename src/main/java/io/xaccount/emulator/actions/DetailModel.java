package io.xaccount.emulator.actions;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xaccount.emulator.model.AccountState;
import io.xaccount.emulator.model.Attachments;
import io.xaccount.emulator.model.GroupEntity;
import io.xaccount.emulator.model.InstanceProfileEntity;
import io.xaccount.emulator.model.PolicyDocuments;
import io.xaccount.emulator.model.PolicyEntity;
import io.xaccount.emulator.model.Principal;
import io.xaccount.emulator.model.RoleEntity;
import io.xaccount.emulator.model.TrustPrincipals;
import io.xaccount.emulator.model.UserEntity;
import java.util.Map;

/** Builds the GetAccountAuthorizationDetails entries of each entity as JSON (CLI shape). */
final class DetailModel {
  private DetailModel() {}

  static ObjectNode user(AccountState a, UserEntity u) {
    ObjectNode n = base("UserDetailList", u.path, "User", u.name, u.id, u.arn);
    n.put("CreateDate", AuthorizationDetails.cliDate(u.created));
    inline(n, "UserPolicyList", u.inlinePolicies);
    ArrayNode groups = n.putArray("GroupList");
    u.groups.forEach(groups::add);
    attached(n, u.attachedPolicies);
    boundaryAndTags(n, u);
    return n;
  }

  static ObjectNode group(GroupEntity g) {
    ObjectNode n = base("GroupDetailList", g.path, "Group", g.name, g.id, g.arn);
    n.put("CreateDate", AuthorizationDetails.cliDate(g.created));
    inline(n, "GroupPolicyList", g.inlinePolicies);
    attached(n, g.attachedPolicies);
    return n;
  }

  static ObjectNode role(AccountState a, RoleEntity r) {
    ObjectNode n = base("RoleDetailList", r.path, "Role", r.name, r.id, r.arn);
    n.put("CreateDate", AuthorizationDetails.cliDate(r.created));
    n.set("AssumeRolePolicyDocument", TrustPrincipals.toShown(r.trustPolicy, a.state));
    ArrayNode profiles = n.putArray("InstanceProfileList");
    for (InstanceProfileEntity ip : a.instanceProfiles.values()) {
      if (ip.roleNames.contains(r.name)) {
        ObjectNode p = profiles.addObject();
        p.put("Path", ip.path).put("InstanceProfileName", ip.name);
        p.put("InstanceProfileId", ip.id).put("Arn", ip.arn);
        p.put("CreateDate", AuthorizationDetails.cliDate(ip.created));
        ArrayNode roles = p.putArray("Roles");
        ip.roleNames.forEach(name -> roles.add(profileRole(a, a.roles.get(name))));
      }
    }
    inline(n, "RolePolicyList", r.inlinePolicies);
    attached(n, r.attachedPolicies);
    boundaryAndTags(n, r);
    ObjectNode used = n.putObject("RoleLastUsed");
    if (r.lastUsed != null) {
      used.put("LastUsedDate", AuthorizationDetails.cliDate(r.lastUsed));
      if (r.lastUsedRegion != null) {
        used.put("Region", r.lastUsedRegion);
      }
    }
    return n;
  }

  /** A role inside an instance profile, as the CLI shows it there: the Role shape's basics. */
  private static ObjectNode profileRole(AccountState a, RoleEntity r) {
    ObjectNode n = PolicyDocuments.JSON.createObjectNode();
    n.put("Path", r.path).put("RoleName", r.name).put("RoleId", r.id).put("Arn", r.arn);
    n.put("CreateDate", AuthorizationDetails.cliDate(r.created));
    n.set("AssumeRolePolicyDocument", TrustPrincipals.toShown(r.trustPolicy, a.state));
    return n;
  }

  static ObjectNode policy(AccountState a, PolicyEntity p) {
    ObjectNode n = PolicyDocuments.JSON.createObjectNode();
    n.put("_list", "Policies");
    n.put("PolicyName", p.name).put("PolicyId", p.id).put("Arn", p.arn).put("Path", p.path);
    n.put("DefaultVersionId", p.defaultVersionId);
    n.put("AttachmentCount", Attachments.count(a, p.arn));
    n.put("PermissionsBoundaryUsageCount", Attachments.boundaryCount(a, p.arn));
    n.put("IsAttachable", true);
    if (p.description != null) {
      n.put("Description", p.description);
    }
    n.put("CreateDate", AuthorizationDetails.cliDate(p.created));
    n.put("UpdateDate", AuthorizationDetails.cliDate(p.updated));
    ArrayNode versions = n.putArray("PolicyVersionList");
    for (PolicyEntity.Version v : p.versions.values()) {
      ObjectNode vn = versions.addObject();
      vn.set("Document", PolicyDocuments.parse(v.document()));
      vn.put("VersionId", v.id()).put("IsDefaultVersion", v.id().equals(p.defaultVersionId));
      vn.put("CreateDate", AuthorizationDetails.cliDate(v.created()));
    }
    return n;
  }

  private static ObjectNode base(
      String list, String path, String kind, String name, String id, String arn) {
    ObjectNode n = PolicyDocuments.JSON.createObjectNode();
    n.put("_list", list);
    n.put("Path", path).put(kind + "Name", name).put(kind + "Id", id).put("Arn", arn);
    return n;
  }

  private static void inline(ObjectNode n, String field, Map<String, String> policies) {
    ArrayNode list = n.putArray(field);
    policies.forEach(
        (name, doc) ->
            list.addObject()
                .put("PolicyName", name)
                .set("PolicyDocument", PolicyDocuments.parse(doc)));
  }

  private static void attached(ObjectNode n, Iterable<String> arns) {
    ArrayNode list = n.putArray("AttachedManagedPolicies");
    for (String arn : arns) {
      list.addObject()
          .put("PolicyName", arn.substring(arn.lastIndexOf('/') + 1))
          .put("PolicyArn", arn);
    }
  }

  private static void boundaryAndTags(ObjectNode n, Principal p) {
    if (p.boundaryArn != null) {
      n.putObject("PermissionsBoundary")
          .put("PermissionsBoundaryType", "PermissionsBoundaryPolicy")
          .put("PermissionsBoundaryArn", p.boundaryArn);
    }
    ArrayNode tags = n.putArray("Tags");
    p.tags.forEach((k, v) -> tags.addObject().put("Key", k).put("Value", v));
  }
}
