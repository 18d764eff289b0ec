package io.xaccount.operator.reconciler.account;

import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrantStatus;
import io.xaccount.operator.api.v1alpha1.GrantPrincipals;
import io.xaccount.operator.api.v1alpha1.NamespaceGrantSlots;
import io.xaccount.operator.api.v1alpha1.PrincipalGrantSlots;
import io.xaccount.operator.iam.GrantPack;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * An AwsAccount's {@code status.grantSlots}: how the operator's grant policies use each principal's
 * managed-policy slots (IAM lets a group hold 10, a user or role 10 to 20), by namespace, so that
 * the admins see who takes what of them. From the grants the account controller's informer holds
 * (their status.policyArn and attachedPrincipals): no IAM call.
 */
final class GrantSlotUsage {
  /** Enough to show every busy principal; a status is no inventory. */
  static final int MAX_ENTRIES = 50;

  /** IAM's quota of managed policies per group, which AWS does not raise. */
  static final int GROUP_LIMIT = 10;

  private GrantSlotUsage() {}

  /**
   * The busiest principals first (then by name), at most {@link #MAX_ENTRIES}.
   *
   * @param userOrRoleLimit the quota assumed for a user or role
   */
  static List<PrincipalGrantSlots> of(
      String accountId, Stream<AssumeRoleGrant> grants, int userOrRoleLimit) {
    Map<String, Map<String, Set<String>>> used = new TreeMap<>();
    grants.forEach(
        g -> {
          AssumeRoleGrantStatus status = g.getStatus();
          String arn = status == null ? null : status.getPolicyArn();
          if (GrantPack.slot(arn).filter(s -> s.accountId().equals(accountId)).isEmpty()) {
            return;
          }
          for (String member : GrantPack.members(principals(status.getAttachedPrincipals()))) {
            used.computeIfAbsent(member, m -> new TreeMap<>())
                .computeIfAbsent(g.getMetadata().getNamespace(), n -> new HashSet<>())
                .add(arn);
          }
        });
    return used.entrySet().stream()
        .map(e -> entry(e.getKey(), e.getValue(), userOrRoleLimit))
        .sorted(
            Comparator.comparing(PrincipalGrantSlots::getSlots)
                .reversed()
                .thenComparing(PrincipalGrantSlots::getPrincipal))
        .limit(MAX_ENTRIES)
        .toList();
  }

  private static PrincipalGrantSlots entry(
      String member, Map<String, Set<String>> byNamespace, int userOrRoleLimit) {
    PrincipalGrantSlots entry = new PrincipalGrantSlots();
    entry.setPrincipal(member);
    Set<String> all = new HashSet<>();
    byNamespace.values().forEach(all::addAll);
    entry.setSlots(all.size());
    entry.setLimit(member.startsWith("group/") ? GROUP_LIMIT : userOrRoleLimit);
    byNamespace.forEach(
        (namespace, slots) -> {
          NamespaceGrantSlots n = new NamespaceGrantSlots();
          n.setNamespace(namespace);
          n.setSlots(slots.size());
          entry.getNamespaces().add(n);
        });
    entry.getNamespaces().sort(Comparator.comparing(NamespaceGrantSlots::getSlots).reversed());
    return entry;
  }

  private static Map<String, List<String>> principals(GrantPrincipals p) {
    return Map.of(
        "user", p == null || p.getUsers() == null ? List.of() : p.getUsers(),
        "group", p == null || p.getGroups() == null ? List.of() : p.getGroups(),
        "role", p == null || p.getRoles() == null ? List.of() : p.getRoles());
  }
}
