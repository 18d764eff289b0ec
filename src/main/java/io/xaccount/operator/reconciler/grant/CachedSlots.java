package io.xaccount.operator.reconciler.grant;

import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrantStatus;
import io.xaccount.operator.api.v1alpha1.GrantPrincipals;
import io.xaccount.operator.iam.GrantPack;
import io.xaccount.operator.iam.SlotBudget;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The grant pack slots the grant informer's cache knows of in one account, from each grant's status
 * (its policyArn and attachedPrincipals): no API call.
 */
final class CachedSlots {
  private CachedSlots() {}

  /**
   * The slots {@code namespace}'s grants hold, every slot any grant's status names, and every
   * grant's uid.
   */
  static SlotBudgets.Known known(
      Stream<AssumeRoleGrant> grants, String cluster, String namespace, String accountId) {
    List<SlotBudget.Held> held = new ArrayList<>();
    Set<String> named = new HashSet<>();
    Set<String> live = new HashSet<>();
    int[] placedHere = {0};
    grants.forEach(
        g -> {
          live.add(g.getMetadata().getUid());
          AssumeRoleGrantStatus status = g.getStatus();
          String arn = status == null ? null : status.getPolicyArn();
          boolean here =
              GrantPack.slot(arn).map(s -> s.accountId().equals(accountId)).orElse(false);
          if (!here) {
            return;
          }
          named.add(arn);
          placedHere[0]++;
          if (namespace.equals(g.getMetadata().getNamespace()) && g.getSpec() != null) {
            SlotBudget.held(
                    cluster,
                    namespace,
                    arn,
                    principals(g.getSpec().getPrincipals()),
                    principals(status.getAttachedPrincipals()))
                .ifPresent(held::add);
          }
        });
    return new SlotBudgets.Known(held, named, live, placedHere[0]);
  }

  /** Principals as packs take them: kind ({@code user}, {@code group}, {@code role}) to names. */
  static Map<String, List<String>> principals(GrantPrincipals p) {
    Map<String, List<String>> principals = new LinkedHashMap<>();
    principals.put("user", p == null || p.getUsers() == null ? List.of() : p.getUsers());
    principals.put("group", p == null || p.getGroups() == null ? List.of() : p.getGroups());
    principals.put("role", p == null || p.getRoles() == null ? List.of() : p.getRoles());
    return principals;
  }
}
