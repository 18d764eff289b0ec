package io.xaccount.emulator.model;

import java.util.Map;

/** Users, groups and group membership: create, join, and the no-policies rule before a delete. */
public final class Users {
  private Users() {}

  public static UserEntity createUser(
      AccountState a, String name, String path, Map<String, String> tags) {
    Validation.name("userName", name, 64);
    String p = Validation.path(path);
    Validation.tags(tags, tags);
    if (a.users.containsKey(name)) {
      throw IamError.exists("User with name " + name + " already exists.");
    }
    UserEntity u =
        new UserEntity(a.accountId, name, p, a.state.ids.uniqueId("AIDA"), a.state.now());
    u.tags.putAll(tags);
    a.users.put(name, u);
    a.state.principalCreated(u);
    return u;
  }

  public static GroupEntity createGroup(AccountState a, String name, String path) {
    Validation.name("groupName", name, 128);
    String p = Validation.path(path);
    if (a.groups.containsKey(name)) {
      throw IamError.exists("Group with name " + name + " already exists.");
    }
    GroupEntity g =
        new GroupEntity(a.accountId, name, p, a.state.ids.uniqueId("AGPA"), a.state.now());
    a.groups.put(name, g);
    return g;
  }

  public static void addUserToGroup(AccountState a, String groupName, String userName) {
    GroupEntity g = a.group(groupName);
    UserEntity u = a.user(userName);
    g.members.add(u.name);
    u.groups.add(g.name);
  }

  public static void requireNoPolicies(Principal p) {
    if (!p.inlinePolicies.isEmpty()) {
      throw IamError.conflict("Cannot delete entity, must delete policies first.");
    }
    if (!p.attachedPolicies.isEmpty()) {
      throw IamError.conflict("Cannot delete entity, must detach all policies first.");
    }
  }
}
