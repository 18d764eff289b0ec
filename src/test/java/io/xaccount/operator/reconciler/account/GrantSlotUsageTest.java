package io.xaccount.operator.reconciler.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrantStatus;
import io.xaccount.operator.api.v1alpha1.GrantPrincipals;
import io.xaccount.operator.api.v1alpha1.NamespaceGrantSlots;
import io.xaccount.operator.api.v1alpha1.PrincipalGrantSlots;
import io.xaccount.operator.iam.GrantPack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class GrantSlotUsageTest {
  private static final String DEV = "123456789012";

  @Test
  void eachPrincipalCountsTheDistinctSlotsAttachedToItAndWhichNamespacesTheyCarry() {
    String platformSlot = slot("platform", 1, "Developers");
    String tenantSlot1 = slot("tenant", 1, "developers");
    String tenantSlot2 = slot("tenant", 2, "developers");
    String shared =
        GrantPack.shared("c", Map.of("group", List.of("developers")))
            .orElseThrow()
            .slotArn("aws", DEV, 1);
    Stream<AssumeRoleGrant> grants =
        Stream.of(
            grant("platform", platformSlot, List.of("Developers"), List.of("alice")),
            grant("platform", platformSlot, List.of("developers"), List.of("alice")),
            grant("tenant", tenantSlot1, List.of("developers"), List.of()),
            grant("tenant", tenantSlot2, List.of("developers"), List.of()),
            // A slot an earlier version shared: one slot, carrying both namespaces' grants.
            grant("tenant", shared, List.of("developers"), List.of()),
            grant("platform", shared, List.of("developers"), List.of()),
            // Not this account's, no slot, nothing attached yet: not counted.
            unattached("tenant", slot("tenant", 1, "developers").replace(DEV, "999999999999")),
            unattached("tenant", "arn:aws:iam::123456789012:policy/xaccount/t/t.g.0123abcd"),
            grant("tenant", slot("tenant", 3, "developers"), List.of(), List.of()));

    List<PrincipalGrantSlots> usage = GrantSlotUsage.of(DEV, grants, 12);

    assertThat(usage)
        .extracting(PrincipalGrantSlots::getPrincipal)
        .containsExactly("group/developers", "user/alice");
    PrincipalGrantSlots developers = usage.get(0);
    assertThat(developers.getSlots()).isEqualTo(4);
    assertThat(developers.getLimit()).isEqualTo(10);
    assertThat(developers.getNamespaces())
        .extracting(NamespaceGrantSlots::getNamespace, NamespaceGrantSlots::getSlots)
        .containsExactly(tuple("tenant", 3), tuple("platform", 2));
    assertThat(usage.get(1).getSlots()).isEqualTo(1);
    assertThat(usage.get(1).getLimit()).isEqualTo(12);
  }

  @Test
  void atMostFiftyPrincipalsBusiestFirst() {
    List<AssumeRoleGrant> grants = new ArrayList<>();
    IntStream.range(0, 60)
        .forEach(i -> grants.add(grant("ns", slot("ns", 1, "g" + i), List.of("g" + i), List.of())));
    grants.add(grant("ns", slot("ns", 2, "g59"), List.of("g59"), List.of()));

    List<PrincipalGrantSlots> usage = GrantSlotUsage.of(DEV, grants.stream(), 10);

    assertThat(usage).hasSize(GrantSlotUsage.MAX_ENTRIES);
    assertThat(usage.get(0).getPrincipal()).isEqualTo("group/g59");
    assertThat(usage.get(0).getSlots()).isEqualTo(2);
    assertThat(usage.get(1).getPrincipal()).isEqualTo("group/g0");
  }

  private static String slot(String namespace, int n, String group) {
    return GrantPack.of("c", Map.of("group", List.of(group)), namespace).slotArn("aws", DEV, n);
  }

  private static AssumeRoleGrant grant(
      String namespace, String policyArn, List<String> groups, List<String> users) {
    AssumeRoleGrant grant = unattached(namespace, policyArn);
    GrantPrincipals attached = new GrantPrincipals();
    attached.setGroups(groups);
    attached.setUsers(users);
    grant.getStatus().setAttachedPrincipals(attached);
    return grant;
  }

  private static AssumeRoleGrant unattached(String namespace, String policyArn) {
    AssumeRoleGrant grant = new AssumeRoleGrant();
    grant.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName("g").build());
    AssumeRoleGrantStatus status = new AssumeRoleGrantStatus();
    status.setPolicyArn(policyArn);
    grant.setStatus(status);
    return grant;
  }
}
