package io.xaccount.emulator.actions;

import io.xaccount.emulator.model.RoleEntity;
import io.xaccount.emulator.model.Roles;
import io.xaccount.emulator.model.Tags;
import io.xaccount.emulator.model.Validation;
import io.xaccount.emulator.wire.ActionRegistry;
import io.xaccount.emulator.wire.IamXml;
import io.xaccount.emulator.wire.Pages;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The role actions: CreateRole, GetRole, ListRoles, UpdateRole, the trust policy, tags, the
 * permissions boundary and DeleteRole.
 */
public final class RoleActions {
  private RoleActions() {}

  public static void register(ActionRegistry reg) {
    reg.result(
        "CreateRole",
        (r, x) -> {
          String boundary = r.get("PermissionsBoundary");
          if (boundary != null) {
            Roles.boundary(r.account, boundary);
          }
          RoleEntity role =
              Roles.create(
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
        (r, x) ->
            IamXml.role(x, "Role", Roles.read(r.account, r.required("RoleName")), r.state, true));
    reg.noResult("DeleteRole", r -> Roles.delete(r.account, r.required("RoleName")));
    reg.result(
        "ListRoles",
        (r, x) -> {
          String prefix = r.get("PathPrefix") == null ? "/" : r.get("PathPrefix");
          List<RoleEntity> all = new ArrayList<>();
          r.account.roles.values().stream()
              .filter(e -> e.path.startsWith(prefix) && Roles.visible(r.account, e))
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
          role.trustPolicy = Roles.storedTrust(r.account, r.required("PolicyDocument"));
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
          role.boundaryArn = Roles.boundary(r.account, r.required("PermissionsBoundary"));
        });
    reg.noResult(
        "DeleteRolePermissionsBoundary",
        r -> r.account.role(r.required("RoleName")).boundaryArn = null);
  }
}
