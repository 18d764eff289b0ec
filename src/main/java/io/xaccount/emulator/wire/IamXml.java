package io.xaccount.emulator.wire;

import io.xaccount.emulator.knobs.Reshape;
import io.xaccount.emulator.model.AccountState;
import io.xaccount.emulator.model.Attachments;
import io.xaccount.emulator.model.EmulatorState;
import io.xaccount.emulator.model.GroupEntity;
import io.xaccount.emulator.model.InstanceProfileEntity;
import io.xaccount.emulator.model.PolicyDocuments;
import io.xaccount.emulator.model.PolicyEntity;
import io.xaccount.emulator.model.RoleEntity;
import io.xaccount.emulator.model.TrustPrincipals;
import io.xaccount.emulator.model.UserEntity;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;

/** Writes IAM entities in the shapes of the IAM service model. */
public final class IamXml {
  private IamXml() {}

  /** URL-encodes a document the way IAM returns it ({@code %7B%22Version%22...}). */
  public static String encode(String document) {
    return URLEncoder.encode(Reshape.apply(document), StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * A {@code Role}; {@code full} adds what only GetRole returns (tags, permissions boundary,
   * last-used), as ListRoles omits them.
   */
  public static void role(Xml x, String element, RoleEntity r, EmulatorState state, boolean full) {
    String trust = PolicyDocuments.compact(TrustPrincipals.toShown(r.trustPolicy, state));
    x.open(element)
        .el("Path", r.path)
        .el("RoleName", r.name)
        .el("RoleId", r.id)
        .el("Arn", r.arn)
        .el("CreateDate", r.created)
        .el("AssumeRolePolicyDocument", encode(trust))
        .el("Description", r.description)
        .el("MaxSessionDuration", r.maxSessionDuration);
    if (full) {
      boundary(x, r.boundaryArn);
      tags(x, "Tags", r.tags);
      x.open("RoleLastUsed")
          .el("LastUsedDate", r.lastUsed)
          .el("Region", r.lastUsedRegion)
          .close("RoleLastUsed");
    }
    x.close(element);
  }

  public static void user(Xml x, String element, UserEntity u, boolean full) {
    x.open(element)
        .el("Path", u.path)
        .el("UserName", u.name)
        .el("UserId", u.id)
        .el("Arn", u.arn)
        .el("CreateDate", u.created);
    if (full) {
      boundary(x, u.boundaryArn);
      tags(x, "Tags", u.tags);
    }
    x.close(element);
  }

  public static void group(Xml x, String element, GroupEntity g) {
    x.open(element)
        .el("Path", g.path)
        .el("GroupName", g.name)
        .el("GroupId", g.id)
        .el("Arn", g.arn)
        .el("CreateDate", g.created)
        .close(element);
  }

  public static void policy(
      Xml x, String element, PolicyEntity p, AccountState account, boolean full) {
    x.open(element)
        .el("PolicyName", p.name)
        .el("PolicyId", p.id)
        .el("Arn", p.arn)
        .el("Path", p.path)
        .el("DefaultVersionId", p.defaultVersionId)
        .el("AttachmentCount", Attachments.count(account, p.arn))
        .el("PermissionsBoundaryUsageCount", Attachments.boundaryCount(account, p.arn))
        .el("IsAttachable", true)
        .el("Description", full ? p.description : null)
        .el("CreateDate", p.created)
        .el("UpdateDate", p.updated);
    if (full) {
      tags(x, "Tags", p.tags);
    }
    x.close(element);
  }

  public static void version(
      Xml x, String element, PolicyEntity p, PolicyEntity.Version v, boolean doc) {
    x.open(element)
        .el("Document", doc ? encode(v.document()) : null)
        .el("VersionId", v.id())
        .el("IsDefaultVersion", v.id().equals(p.defaultVersionId))
        .el("CreateDate", v.created())
        .close(element);
  }

  public static void instanceProfile(
      Xml x, String element, InstanceProfileEntity ip, AccountState account) {
    x.open(element)
        .el("Path", ip.path)
        .el("InstanceProfileName", ip.name)
        .el("InstanceProfileId", ip.id)
        .el("Arn", ip.arn)
        .el("CreateDate", ip.created)
        .open("Roles");
    for (String roleName : ip.roleNames) {
      role(x, "member", account.roles.get(roleName), account.state, false);
    }
    x.close("Roles");
    tags(x, "Tags", ip.tags);
    x.close(element);
  }

  /** An {@code AttachedPolicy} list (name and ARN of each managed policy). */
  public static void attached(Xml x, String element, Collection<String> arns) {
    x.open(element);
    for (String arn : arns) {
      x.open("member")
          .el("PolicyName", arn.substring(arn.lastIndexOf('/') + 1))
          .el("PolicyArn", arn)
          .close("member");
    }
    x.close(element);
  }

  static void tags(Xml x, String element, Map<String, String> tags) {
    if (tags.isEmpty()) {
      return;
    }
    x.open(element);
    tags.forEach((k, v) -> x.open("member").el("Key", k).el("Value", v).close("member"));
    x.close(element);
  }

  public static void names(Xml x, String element, Collection<String> names) {
    x.open(element);
    names.forEach(n -> x.el("member", n));
    x.close(element);
  }

  private static void boundary(Xml x, String arn) {
    if (arn != null) {
      x.open("PermissionsBoundary")
          .el("PermissionsBoundaryType", "PermissionsBoundaryPolicy")
          .el("PermissionsBoundaryArn", arn)
          .close("PermissionsBoundary");
    }
  }
}
