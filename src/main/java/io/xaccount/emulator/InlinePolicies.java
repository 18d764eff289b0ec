package io.xaccount.emulator;

import java.util.ArrayList;

/** Inline policies embedded in a role. */
final class InlinePolicies {
  /** IAM's quota on the summed size of a role's inline policies (whitespace not counted). */
  static final int ROLE_INLINE_QUOTA = 10240;

  private InlinePolicies() {}

  static void put(AccountState a, String roleName, String policyName, String document) {
    RoleEntity role = a.role(roleName);
    Validation.name("policyName", policyName, 128);
    String stored = PolicyDocuments.compact(PolicyDocuments.parseIdentityPolicy(document));
    int total = PolicyDocuments.size(document);
    for (var e : role.inlinePolicies.entrySet()) {
      if (!e.getKey().equals(policyName)) {
        total += PolicyDocuments.size(e.getValue());
      }
    }
    if (total > ROLE_INLINE_QUOTA) {
      throw IamError.limit(
          "Maximum policy size of " + ROLE_INLINE_QUOTA + " bytes exceeded for role " + role.name);
    }
    role.inlinePolicies.put(policyName, stored);
  }

  static void register(ActionRegistry reg) {
    reg.noResult(
        "PutRolePolicy",
        r ->
            put(
                r.account,
                r.required("RoleName"),
                r.required("PolicyName"),
                r.required("PolicyDocument")));
    reg.result(
        "GetRolePolicy",
        (r, x) -> {
          RoleEntity role = r.account.role(r.required("RoleName"));
          String name = r.required("PolicyName");
          String doc = role.inlinePolicies.get(name);
          if (doc == null) {
            throw IamError.noSuchEntity("The role policy with name " + name + " cannot be found.");
          }
          x.el("RoleName", role.name)
              .el("PolicyName", name)
              .el("PolicyDocument", PolicyDocuments.encode(doc));
        });
    reg.noResult(
        "DeleteRolePolicy",
        r -> {
          RoleEntity role = r.account.role(r.required("RoleName"));
          String name = r.required("PolicyName");
          if (role.inlinePolicies.remove(name) == null) {
            throw IamError.noSuchEntity("The role policy with name " + name + " cannot be found.");
          }
        });
    reg.result(
        "ListRolePolicies",
        (r, x) -> {
          RoleEntity role = r.account.role(r.required("RoleName"));
          Pages.Page<String> page = Pages.of(new ArrayList<>(role.inlinePolicies.keySet()), r);
          IamXml.names(x, "PolicyNames", page.items());
          page.writeTail(x);
        });
  }
}
