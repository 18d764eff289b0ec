package io.xaccount.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Role lifecycle: create, read, update, trust policy, tags, permissions boundary, delete. */
final class Roles {
  private Roles() {}

  static RoleEntity create(
      AccountState a,
      String name,
      String path,
      String trust,
      String description,
      Integer maxSession,
      Map<String, String> tags) {
    Validation.name("roleName", name, 64);
    String p = Validation.path(path);
    Validation.roleDescription(description);
    Validation.maxSessionDuration(maxSession);
    Validation.tags(tags, tags);
    ObjectNode stored = storedTrust(a, trust);
    if (a.roles.containsKey(name)) {
      throw IamError.exists("Role with name " + name + " already exists.");
    }
    if (a.roles.size() >= a.rolesPerAccount) {
      throw IamError.limit("Cannot exceed quota for RolesPerAccount: " + a.rolesPerAccount);
    }
    RoleEntity r =
        new RoleEntity(a.accountId, name, p, a.state.ids.uniqueId("AROA"), a.state.now());
    r.trustPolicy = stored;
    r.description = description;
    r.maxSessionDuration = maxSession == null ? 3600 : maxSession;
    r.tags.putAll(tags);
    a.roles.put(name, r);
    a.state.principalCreated(r);
    return r;
  }

  /** Parses, size-checks and principal-rewrites a trust policy as IAM stores it. */
  static ObjectNode storedTrust(AccountState a, String trust) {
    ObjectNode doc = PolicyDocuments.parseTrustPolicy(trust);
    if (PolicyDocuments.size(trust) > a.trustPolicySize) {
      throw IamError.limit("Cannot exceed quota for ACLSizePerRole: " + a.trustPolicySize);
    }
    TrustPrincipals.toStored(doc, a.state);
    return doc;
  }

  /** A role as reads see it: inside the read-after-create delay a new role is not found yet. */
  static RoleEntity read(AccountState a, String name) {
    RoleEntity r = a.role(name);
    if (!visible(a, r)) {
      throw IamError.noSuchEntity("The role with name " + name + " cannot be found.");
    }
    return r;
  }

  /** Whether reads, listings included, show the role yet (the read-after-create delay). */
  static boolean visible(AccountState a, RoleEntity r) {
    return a.state.elapsed(r.created, a.state.readAfterCreateDelay);
  }

  static void delete(AccountState a, String name) {
    RoleEntity r = a.role(name);
    if (!r.inlinePolicies.isEmpty()) {
      throw IamError.conflict("Cannot delete entity, must delete policies first.");
    }
    if (!r.attachedPolicies.isEmpty()) {
      throw IamError.conflict("Cannot delete entity, must detach all policies first.");
    }
    if (a.instanceProfiles.values().stream().anyMatch(ip -> ip.roleNames.contains(r.name))) {
      throw IamError.conflict(
          "Cannot delete entity, must remove roles from instance profile first.");
    }
    a.roles.remove(name);
    a.state.principalDeleted(r);
  }

  static void register(ActionRegistry reg) {
    reg.result(
        "CreateRole",
        (r, x) -> {
          String boundary = r.get("PermissionsBoundary");
          if (boundary != null) {
            boundary(r.account, boundary);
          }
          RoleEntity role =
              create(
                  r.account,
                  r.required("RoleName"),
                  r.get("Path"),
                  r.required("AssumeRolePolicyDocument"),
                  r.get("Description"),
                  r.integer("MaxSessionDuration"),
                  r.tags());
          role.boundaryArn = boundary;
          IamXml.role(x, "Role", role, r.state, true);
        });
    reg.result(
        "GetRole",
        (r, x) -> IamXml.role(x, "Role", read(r.account, r.required("RoleName")), r.state, true));
    reg.noResult("DeleteRole", r -> delete(r.account, r.required("RoleName")));
    reg.result(
        "ListRoles",
        (r, x) -> {
          String prefix = r.get("PathPrefix") == null ? "/" : r.get("PathPrefix");
          List<RoleEntity> all = new ArrayList<>();
          r.account.roles.values().stream()
              .filter(e -> e.path.startsWith(prefix) && visible(r.account, e))
              .forEach(all::add);
          Pages.Page<RoleEntity> page = Pages.of(all, r);
          x.open("Roles");
          page.items().forEach(e -> IamXml.role(x, "member", e, r.state, false));
          x.close("Roles");
          page.writeTail(x);
        });
    reg.result(
        "UpdateRole",
        (r, x) -> {
          RoleEntity role = r.account.role(r.required("RoleName"));
          Validation.roleDescription(r.get("Description"));
          Validation.maxSessionDuration(r.integer("MaxSessionDuration"));
          if (r.get("Description") != null) {
            role.description = r.get("Description");
          }
          if (r.integer("MaxSessionDuration") != null) {
            role.maxSessionDuration = r.integer("MaxSessionDuration");
          }
        });
    reg.result(
        "UpdateRoleDescription",
        (r, x) -> {
          RoleEntity role = r.account.role(r.required("RoleName"));
          Validation.roleDescription(r.required("Description"));
          role.description = r.get("Description");
          IamXml.role(x, "Role", role, r.state, true);
        });
    reg.noResult(
        "UpdateAssumeRolePolicy",
        r -> {
          RoleEntity role = r.account.role(r.required("RoleName"));
          role.trustPolicy = storedTrust(r.account, r.required("PolicyDocument"));
        });
    registerTagsAndBoundary(reg);
  }

  private static void registerTagsAndBoundary(ActionRegistry reg) {
    reg.noResult(
        "TagRole",
        r -> {
          RoleEntity role = r.account.role(r.required("RoleName"));
          Map<String, String> merged = Tags.copy(role.tags);
          Tags.merge(merged, r.tags());
          Validation.tags(merged, r.tags());
          Tags.merge(role.tags, r.tags());
        });
    reg.noResult(
        "UntagRole",
        r -> r.members("TagKeys").forEach(r.account.role(r.required("RoleName")).tags::remove));
    reg.result(
        "ListRoleTags",
        (r, x) -> {
          RoleEntity role = r.account.role(r.required("RoleName"));
          Pages.Page<Map.Entry<String, String>> page =
              Pages.of(new ArrayList<>(role.tags.entrySet()), r);
          Map<String, String> shown = new LinkedHashMap<>();
          page.items().forEach(e -> shown.put(e.getKey(), e.getValue()));
          x.open("Tags");
          shown.forEach((k, v) -> x.open("member").el("Key", k).el("Value", v).close("member"));
          x.close("Tags");
          page.writeTail(x);
        });
    reg.noResult(
        "PutRolePermissionsBoundary",
        r -> {
          RoleEntity role = r.account.role(r.required("RoleName"));
          role.boundaryArn = boundary(r.account, r.required("PermissionsBoundary"));
        });
    reg.noResult(
        "DeleteRolePermissionsBoundary",
        r -> r.account.role(r.required("RoleName")).boundaryArn = null);
  }

  /** A permissions boundary must name an existing managed policy. */
  static String boundary(AccountState a, String arn) {
    if (a.findPolicy(arn) == null) {
      throw IamError.noSuchEntity("Scope ARN: " + arn + " does not exist or is not attachable.");
    }
    return arn;
  }
}
