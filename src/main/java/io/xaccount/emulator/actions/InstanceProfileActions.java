package io.xaccount.emulator.actions;

import io.xaccount.emulator.model.AccountState;
import io.xaccount.emulator.model.IamError;
import io.xaccount.emulator.model.InstanceProfileEntity;
import io.xaccount.emulator.model.RoleEntity;
import io.xaccount.emulator.model.Validation;
import io.xaccount.emulator.wire.ActionRegistry;
import io.xaccount.emulator.wire.IamXml;
import io.xaccount.emulator.wire.Pages;
import java.util.ArrayList;
import java.util.List;

/** Instance profiles and the (single) role each may contain. */
public final class InstanceProfileActions {
  private InstanceProfileActions() {}

  static InstanceProfileEntity profile(AccountState a, String name) {
    InstanceProfileEntity ip = a.instanceProfiles.get(name);
    if (ip == null) {
      throw IamError.noSuchEntity("Instance Profile " + name + " cannot be found.");
    }
    return ip;
  }

  public static void register(ActionRegistry reg) {
    reg.result(
        "CreateInstanceProfile",
        (r, x) -> {
          String name = r.required("InstanceProfileName");
          Validation.name("instanceProfileName", name, 128);
          String path = Validation.path(r.get("Path"));
          Validation.tags(r.tags(), r.tags());
          if (r.account.instanceProfiles.containsKey(name)) {
            throw IamError.exists("Instance Profile " + name + " already exists.");
          }
          InstanceProfileEntity ip =
              new InstanceProfileEntity(
                  r.account.accountId, name, path, r.state.ids.uniqueId("AIPA"), r.state.now());
          ip.tags.putAll(r.tags());
          r.account.instanceProfiles.put(name, ip);
          IamXml.instanceProfile(x, "InstanceProfile", ip, r.account);
        });
    reg.noResult(
        "AddRoleToInstanceProfile",
        r -> {
          InstanceProfileEntity ip = profile(r.account, r.required("InstanceProfileName"));
          RoleEntity role = r.account.role(r.required("RoleName"));
          if (!ip.roleNames.isEmpty()) {
            throw IamError.limit("Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1");
          }
          ip.roleNames.add(role.name);
        });
    reg.noResult(
        "RemoveRoleFromInstanceProfile",
        r -> {
          InstanceProfileEntity ip = profile(r.account, r.required("InstanceProfileName"));
          RoleEntity role = r.account.role(r.required("RoleName"));
          if (!ip.roleNames.remove(role.name)) {
            throw IamError.noSuchEntity(
                "The role with name " + role.name + " cannot be found in instance profile.");
          }
        });
    reg.result(
        "ListInstanceProfilesForRole",
        (r, x) -> {
          RoleEntity role = r.account.role(r.required("RoleName"));
          List<InstanceProfileEntity> all = new ArrayList<>();
          r.account.instanceProfiles.values().stream()
              .filter(ip -> ip.roleNames.contains(role.name))
              .forEach(all::add);
          Pages.Page<InstanceProfileEntity> page = Pages.of(all, r);
          x.open("InstanceProfiles");
          page.items().forEach(ip -> IamXml.instanceProfile(x, "member", ip, r.account));
          x.close("InstanceProfiles");
          page.writeTail(x);
        });
    reg.noResult(
        "DeleteInstanceProfile",
        r -> {
          InstanceProfileEntity ip = profile(r.account, r.required("InstanceProfileName"));
          if (!ip.roleNames.isEmpty()) {
            throw IamError.conflict(
                "Cannot delete entity, must remove roles from instance profile first.");
          }
          r.account.instanceProfiles.remove(ip.name);
        });
  }
}
