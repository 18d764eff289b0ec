package io.xaccount.emulator;

import java.util.ArrayList;
import java.util.function.BiFunction;

/**
 * Inline policies embedded in a role, a user or a group: Put, Get, List and Delete{Kind}Policy.
 * What they allow is evaluated with the entity's other identity-based policies ({@link
 * CallerPolicies}).
 */
final class InlinePolicies {
  /** IAM's quota on the summed size of a role's inline policies (whitespace not counted). */
  static final int ROLE_INLINE_QUOTA = 10240;

  /**
   * One kind of entity: its name in action and member names, the lowercase word of IAM's messages,
   * how to find it, and IAM's quota on the summed size of its inline policies.
   */
  private record Kind(
      String name, String word, BiFunction<AccountState, String, Principal> find, int quota) {}

  private static final Kind[] KINDS = {
    new Kind("Role", "role", AccountState::role, ROLE_INLINE_QUOTA),
    new Kind("User", "user", AccountState::user, 2048),
    new Kind("Group", "group", AccountState::group, 5120)
  };

  private InlinePolicies() {}

  static void put(AccountState a, String roleName, String policyName, String document) {
    put(KINDS[0], a.role(roleName), policyName, document);
  }

  /** Embeds an inline policy in a role, user or group, as Put{Kind}Policy does. */
  static void put(Principal p, String policyName, String document) {
    Kind kind = p instanceof UserEntity ? KINDS[1] : p instanceof GroupEntity ? KINDS[2] : KINDS[0];
    put(kind, p, policyName, document);
  }

  private static void put(Kind kind, Principal p, String policyName, String document) {
    Validation.name("policyName", policyName, 128);
    String stored = PolicyDocuments.compact(PolicyDocuments.parseIdentityPolicy(document));
    int total = PolicyDocuments.size(document);
    for (var e : p.inlinePolicies.entrySet()) {
      if (!e.getKey().equals(policyName)) {
        total += PolicyDocuments.size(e.getValue());
      }
    }
    if (total > kind.quota()) {
      throw IamError.limit(
          "Maximum policy size of %d bytes exceeded for %s %s"
              .formatted(kind.quota(), kind.word(), p.name));
    }
    p.inlinePolicies.put(policyName, stored);
  }

  static void register(ActionRegistry reg) {
    for (Kind kind : KINDS) {
      register(reg, kind);
    }
  }

  private static void register(ActionRegistry reg, Kind kind) {
    String member = kind.name() + "Name";
    reg.noResult(
        "Put" + kind.name() + "Policy",
        r ->
            put(
                kind,
                kind.find().apply(r.account, r.required(member)),
                r.required("PolicyName"),
                r.required("PolicyDocument")));
    reg.result(
        "Get" + kind.name() + "Policy",
        (r, x) -> {
          Principal p = kind.find().apply(r.account, r.required(member));
          String name = policyName(r);
          x.el(member, p.name)
              .el("PolicyName", name)
              .el("PolicyDocument", PolicyDocuments.encode(document(kind, p, name)));
        });
    reg.noResult(
        "Delete" + kind.name() + "Policy",
        r -> {
          Principal p = kind.find().apply(r.account, r.required(member));
          String name = policyName(r);
          document(kind, p, name);
          p.inlinePolicies.remove(name);
        });
    reg.result(
        "List" + kind.name() + "Policies",
        (r, x) -> {
          Principal p = kind.find().apply(r.account, r.required(member));
          Pages.Page<String> page = Pages.of(new ArrayList<>(p.inlinePolicies.keySet()), r);
          IamXml.names(x, "PolicyNames", page.items());
          page.writeTail(x);
        });
  }

  private static String policyName(QueryRequest r) {
    String name = r.required("PolicyName");
    Validation.name("policyName", name, 128);
    return name;
  }

  private static String document(Kind kind, Principal p, String name) {
    String doc = p.inlinePolicies.get(name);
    if (doc == null) {
      throw IamError.noSuchEntity(
          "The " + kind.word() + " policy with name " + name + " cannot be found.");
    }
    return doc;
  }
}
