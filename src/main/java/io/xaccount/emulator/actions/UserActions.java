package io.xaccount.emulator.actions;

import io.xaccount.emulator.model.GroupEntity;
import io.xaccount.emulator.model.IamError;
import io.xaccount.emulator.model.Roles;
import io.xaccount.emulator.model.UserEntity;
import io.xaccount.emulator.model.Users;
import io.xaccount.emulator.wire.ActionRegistry;
import io.xaccount.emulator.wire.IamXml;
import io.xaccount.emulator.wire.Pages;
import java.util.ArrayList;
import java.util.List;

/** The user and group actions: users, groups and group membership. */
public final class UserActions {
  private UserActions() {}

  public static void register(ActionRegistry reg) {
    reg.result(
        "CreateUser",
        (r, x) -> {
          String boundary = r.get("PermissionsBoundary");
          if (boundary != null) {
            Roles.boundary(r.account, boundary);
          }
          UserEntity u =
              Users.createUser(r.account, r.required("UserName"), r.get("Path"), r.tags());
          u.boundaryArn = boundary;
          IamXml.user(x, "User", u, true);
        });
    reg.result(
        "GetUser",
        (r, x) -> {
          String name = r.get("UserName");
          if (name == null) {
            // Without a name GetUser describes the caller; the root user has no IAM user.
            name = r.caller.arn().substring(r.caller.arn().lastIndexOf('/') + 1);
          }
          IamXml.user(x, "User", r.account.user(name), true);
        });
    reg.noResult(
        "DeleteUser",
        r -> {
          UserEntity u = r.account.user(r.required("UserName"));
          if (!u.groups.isEmpty()) {
            throw IamError.conflict("Cannot delete entity, must remove users from group first.");
          }
          Users.requireNoPolicies(u);
          if (!u.accessKeys.isEmpty()) {
            throw IamError.conflict("Cannot delete entity, must delete access keys first.");
          }
          r.account.users.remove(u.name);
          r.state.principalDeleted(u);
        });
    reg.result(
        "ListUsers",
        (r, x) -> {
          String prefix = r.get("PathPrefix") == null ? "/" : r.get("PathPrefix");
          List<UserEntity> all = new ArrayList<>();
          r.account.users.values().stream()
              .filter(u -> u.path.startsWith(prefix))
              .forEach(all::add);
          Pages.Page<UserEntity> page = Pages.of(all, r);
          x.open("Users");
          page.items().forEach(u -> IamXml.user(x, "member", u, false));
          x.close("Users");
          page.writeTail(x);
        });
    registerGroups(reg);
  }

  private static void registerGroups(ActionRegistry reg) {
    reg.result(
        "CreateGroup",
        (r, x) ->
            IamXml.group(
                x, "Group", Users.createGroup(r.account, r.required("GroupName"), r.get("Path"))));
    reg.result(
        "GetGroup",
        (r, x) -> {
          GroupEntity g = r.account.group(r.required("GroupName"));
          IamXml.group(x, "Group", g);
          Pages.Page<String> page = Pages.of(new ArrayList<>(g.members), r);
          x.open("Users");
          page.items().forEach(n -> IamXml.user(x, "member", r.account.users.get(n), false));
          x.close("Users");
          page.writeTail(x);
        });
    reg.noResult(
        "DeleteGroup",
        r -> {
          GroupEntity g = r.account.group(r.required("GroupName"));
          if (!g.members.isEmpty()) {
            throw IamError.conflict("Cannot delete entity, must remove users from group first.");
          }
          Users.requireNoPolicies(g);
          r.account.groups.remove(g.name);
        });
    reg.result(
        "ListGroupsForUser",
        (r, x) -> {
          UserEntity u = r.account.user(r.required("UserName"));
          List<GroupEntity> groups = new ArrayList<>();
          u.groups.forEach(name -> groups.add(r.account.group(name)));
          Pages.Page<GroupEntity> page = Pages.of(groups, r);
          x.open("Groups");
          page.items().forEach(g -> IamXml.group(x, "member", g));
          x.close("Groups");
          page.writeTail(x);
        });
    reg.noResult(
        "AddUserToGroup",
        r -> Users.addUserToGroup(r.account, r.required("GroupName"), r.required("UserName")));
    reg.noResult(
        "RemoveUserFromGroup",
        r -> {
          GroupEntity g = r.account.group(r.required("GroupName"));
          UserEntity u = r.account.user(r.required("UserName"));
          if (!g.members.remove(u.name)) {
            throw IamError.noSuchEntity(
                "The user with name " + u.name + " cannot be found in group " + g.name + ".");
          }
          u.groups.remove(g.name);
        });
  }
}
