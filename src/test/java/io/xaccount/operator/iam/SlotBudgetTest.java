package io.xaccount.operator.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.xaccount.operator.iam.SlotBudget.Held;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SlotBudgetTest {
  private static final String ACCOUNT = "123456789012";
  private static final Map<String, List<String>> DEVELOPERS =
      Map.of("group", List.of("Developers"));
  private static final Map<String, List<String>> DEVELOPERS_AND_ALICE =
      Map.of("group", List.of("developers"), "user", List.of("alice"));

  @Test
  void aGrantHoldsItsSlotForThePrincipalsOfItsSpecWhenTheSlotIsOfTheirPack() {
    String slot = GrantPack.of("c", DEVELOPERS, "team-a").slotArn("aws", ACCOUNT, 2);

    assertThat(SlotBudget.held("c", "team-a", slot, DEVELOPERS, Map.of()))
        .contains(new Held(slot, Set.of("group/developers")));
  }

  @Test
  void aGrantMovingToOtherPrincipalsHoldsItsOldSlotForThoseItIsAttachedTo() {
    String old = GrantPack.of("c", DEVELOPERS_AND_ALICE, "team-a").slotArn("aws", ACCOUNT, 1);

    assertThat(SlotBudget.held("c", "team-a", old, DEVELOPERS, DEVELOPERS_AND_ALICE))
        .contains(new Held(old, Set.of("group/developers", "user/alice")));
    // Attached to nobody (a principal of its set did not exist): it holds nothing.
    assertThat(SlotBudget.held("c", "team-a", old, DEVELOPERS, Map.of())).isEmpty();
  }

  @Test
  void aSlotOfAPackEarlierVersionsSharedIsNoNamespacesOwn() {
    String shared = GrantPack.shared("c", DEVELOPERS).orElseThrow().slotArn("aws", ACCOUNT, 1);

    assertThat(SlotBudget.held("c", "team-a", shared, DEVELOPERS, DEVELOPERS)).isEmpty();
    assertThat(SlotBudget.held("c", "team-a", null, DEVELOPERS, DEVELOPERS)).isEmpty();
    assertThat(
            SlotBudget.held(
                "c",
                "team-a",
                "arn:aws:iam::123456789012:policy/xaccount/team-a/team-a.g.0123abcd",
                DEVELOPERS,
                DEVELOPERS))
        .isEmpty();
  }

  @Test
  void roomIsWhatTheBusiestPrincipalOfTheSetHasLeft() {
    List<Held> held =
        List.of(
            new Held("slot-1", Set.of("group/developers")),
            new Held("slot-2", Set.of("group/developers", "user/alice")),
            new Held("slot-2", Set.of("group/developers", "user/alice")),
            new Held("slot-3", Set.of("user/bob")));

    Map<String, Set<String>> byMember =
        SlotBudget.byMember(held, Set.of("group/developers", "user/alice"));

    assertThat(byMember)
        .containsEntry("group/developers", Set.of("slot-1", "slot-2"))
        .containsEntry("user/alice", Set.of("slot-2"))
        .doesNotContainKey("user/bob");
    assertThat(SlotBudget.room(byMember, 2)).isZero();
    assertThat(SlotBudget.room(byMember, 3)).isEqualTo(1);
    assertThat(SlotBudget.room(SlotBudget.byMember(held, Set.of("user/carol")), 2)).isEqualTo(2);
  }

  @Test
  void aRefusalNamesEachPrincipalPastTheLimitItsCountTheGuardrailAndWhatToDo() {
    Map<String, Set<String>> byMember =
        Map.of("group/developers", Set.of("slot-1", "slot-2"), "user/alice", Set.of("slot-2"));

    List<Violation> refusals = SlotBudget.refusals(byMember, 1, 2, "team-a");

    assertThat(refusals).hasSize(1);
    assertThat(refusals.get(0).rule()).isEqualTo("maxGrantSlotsPerPrincipal");
    assertThat(refusals.get(0).value()).isEqualTo("group/developers");
    assertThat(refusals.get(0).message())
        .startsWith("guardrail maxGrantSlotsPerPrincipal: ")
        .contains("namespace team-a already has 2 grant policies for group/developers")
        .contains("(2)")
        .contains("a set of principals the namespace already grants to")
        .contains("raise guardrails.maxGrantSlotsPerPrincipal");
  }
}
