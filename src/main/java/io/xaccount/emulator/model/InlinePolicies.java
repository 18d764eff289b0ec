package io.xaccount.emulator.model;

import java.util.function.BiFunction;

/**
 * Inline policies embedded in a role, a user or a group: each kind's quota, and embedding one as
 * Put{Kind}Policy does. What they allow is evaluated with the entity's other identity-based
 * policies ({@code CallerPolicies}).
 */
public final class InlinePolicies {
  /** IAM's quota on the summed size of a role's inline policies (whitespace not counted). */
  static final int ROLE_INLINE_QUOTA = 10240;

  /**
   * One kind of entity: its name in action and member names, the lowercase word of IAM's messages,
   * how to find it, and IAM's quota on the summed size of its inline policies.
   */
  public record Kind(
      String name, String word, BiFunction<AccountState, String, Principal> find, int quota) {}

  public static final Kind[] KINDS = {
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

  public static void put(Kind kind, Principal p, String policyName, String document) {
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
}
