package io.xaccount.operator.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.xaccount.operator.iam.GrantPackPlanner.Placement;
import io.xaccount.operator.iam.GrantPackPlanner.SlotState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class GrantPackTest {
  private static final String ROLE = "arn:aws:iam::111111111111:role/CrossAccountSignin";
  private static final Predicate<String> KEEP_ALL = sid -> true;

  @Test
  void aPackIsNamedByClusterPrincipalSetAndNamespaceWhateverTheOrderAndCaseOfThePrincipals() {
    GrantPack a =
        GrantPack.of(
            "cluster-1",
            Map.of("group", List.of("Developers"), "user", List.of("alice"), "role", List.of()),
            "team-a");
    GrantPack b =
        GrantPack.of(
            "cluster-1",
            Map.of("user", List.of("Alice"), "group", List.of("developers")),
            "team-a");

    assertThat(a).isEqualTo(b);
    // The naming rule is a contract with the packs already in IAM: pinned.
    assertThat(a.hash()).isEqualTo("70a4b006a1f1");
    assertThat(a.principals()).isEqualTo("group/developers,user/alice");
    assertThat(a.namespace()).isEqualTo("team-a");
    assertThat(a.path()).isEqualTo("/xaccount/grants/" + a.hash() + "/");
    assertThat(a.slotName(3)).isEqualTo("xaccount-grants." + a.hash() + ".3");
    assertThat(a.slotArn("aws", "123456789012", 3))
        .isEqualTo(
            "arn:aws:iam::123456789012:policy/xaccount/grants/%s/xaccount-grants.%s.3"
                .formatted(a.hash(), a.hash()));
    assertThat(
            GrantPack.of(
                    "cluster-2",
                    Map.of("group", List.of("developers"), "user", List.of("alice")),
                    "team-a")
                .hash())
        .isNotEqualTo(a.hash());
  }

  @Test
  void everySetIsPackedPerNamespace() {
    Map<String, List<String>> group = Map.of("group", List.of("developers"));
    Map<String, List<String>> role = Map.of("role", List.of("Deployer"));

    assertThat(GrantPack.of("c", group, "team-a").hash())
        .isNotEqualTo(GrantPack.of("c", group, "team-b").hash());
    assertThat(GrantPack.of("c", role, "team-a").hash())
        .isNotEqualTo(GrantPack.of("c", role, "team-b").hash());
  }

  @Test
  void theSharedPackOfEarlierVersionsIsNamedWithoutNamespaceAndOnlyForSetsWithoutARole() {
    Map<String, List<String>> set =
        Map.of("group", List.of("developers"), "user", List.of("alice"));

    GrantPack shared = GrantPack.shared("cluster-1", set).orElseThrow();
    assertThat(shared.hash()).isEqualTo("d92ad8ed704c");
    assertThat(shared.namespace()).isNull();
    assertThat(shared.hash()).isNotEqualTo(GrantPack.of("cluster-1", set, "team-a").hash());
    // A set with a role was already packed per namespace, under the name it still has.
    assertThat(GrantPack.shared("c", Map.of("role", List.of("Deployer")))).isEmpty();
    assertThat(GrantPack.of("c", Map.of("role", List.of("Deployer")), "team-a").hash())
        .isEqualTo("fea1c9b0369a");
  }

  @Test
  void slotArnsAreRecognisedOnlyWhenNameAndPathAgree() {
    GrantPack p = GrantPack.of("c", Map.of("group", List.of("developers")), "ns");
    String arn = p.slotArn("aws-cn", "123456789012", 2);

    assertThat(GrantPack.slot(arn))
        .contains(new GrantPack.Slot("aws-cn", "123456789012", p.hash(), 2));
    assertThat(p.slotOf(arn)).contains(2);
    assertThat(GrantPack.slot(arn.replace("/grants/", "/other/"))).isEmpty();
    assertThat(GrantPack.slot("arn:aws:iam::123456789012:policy/xaccount/ns/ns.grant.0123abcd"))
        .isEmpty();
    assertThat(GrantPack.of("c", Map.of("group", List.of("ops")), "ns").slotOf(arn)).isEmpty();
  }

  @Test
  void aStatementGoesToTheFirstSlotWithRoomAndANewSlotWhenNoneHasAny() {
    List<SlotState> slots = new ArrayList<>();
    int created = 0;
    for (int i = 0; i < 100; i++) {
      JsonNode statement = statement(i, false);
      Placement p = GrantPackPlanner.place(slots, Set.of(), statement, KEEP_ALL).get();
      assertThat(p.deletes()).isEmpty();
      assertThat(p.writes()).containsOnlyKeys(p.slot());
      if (slots.stream().noneMatch(s -> s.number() == p.slot())) {
        created++;
        assertThat(p.slot()).isEqualTo(slots.size() + 1);
      }
      slots.removeIf(s -> s.number() == p.slot());
      slots.add(new SlotState(p.slot(), p.writes().get(p.slot())));
    }
    assertThat(created).isBetween(2, 4);
    assertThat(slots)
        .allMatch(s -> s.document().minifiedLength() <= GrantPackPlanner.MAX_POLICY_SIZE);
    assertThat(slots.stream().mapToInt(s -> GrantPackPlanner.statements(s.document()).size()).sum())
        .isEqualTo(100);
  }

  @Test
  void anUnchangedStatementIsNoWriteAndAChangedOneIsReplacedInPlace() {
    JsonNode first = statement(1, false);
    SlotState slot = new SlotState(1, doc(first, statement(2, false)));

    assertThat(GrantPackPlanner.place(List.of(slot), Set.of(), first, KEEP_ALL).get().isEmpty())
        .isTrue();

    Placement changed =
        GrantPackPlanner.place(List.of(slot), Set.of(), statement(1, true), KEEP_ALL).get();
    assertThat(changed.slot()).isEqualTo(1);
    assertThat(GrantPackPlanner.statements(changed.writes().get(1))).hasSize(2);
    assertThat(changed.writes().get(1).toJson()).contains("aws:MultiFactorAuthPresent");
  }

  @Test
  void statementsOfGrantsThatAreGoneOrForeignAreDroppedButRetainedOnesStay() {
    String retained = GrantPackPlanner.retainedSid(uid(7));
    JsonNode kept = statement(3, false);
    SlotState slot =
        new SlotState(
            1,
            PolicyDocument.parse(
                """
                {"Version":"2012-10-17","Statement":[
                 %s, %s,
                 {"Sid":"%s","Effect":"Allow","Action":"sts:AssumeRole","Resource":"%s"},
                 {"Effect":"Allow","Action":"s3:*","Resource":"*"}]}
                """
                    .formatted(statement(9, false), kept, retained, ROLE)));
    Predicate<String> live =
        sid ->
            GrantPackPlanner.isRetained(sid)
                || GrantPackPlanner.uidHex(sid)
                    .map(h -> h.equals(GrantPackPlanner.hex(uid(3))))
                    .orElse(false);

    Placement p = GrantPackPlanner.place(List.of(slot), Set.of(), statement(1, false), live).get();

    List<String> sids =
        GrantPackPlanner.statements(p.writes().get(1)).stream()
            .map(s -> s.path("Sid").asText())
            .toList();
    assertThat(sids)
        .containsExactlyInAnyOrder(
            GrantPackPlanner.sid(uid(1)), GrantPackPlanner.sid(uid(3)), retained);
  }

  @Test
  void anotherCopyOfTheStatementIsRemovedAndASlotLeftEmptyIsDeleted() {
    JsonNode mine = statement(1, false);
    SlotState one = new SlotState(1, doc(statement(2, false)));
    SlotState two = new SlotState(2, doc(mine));
    SlotState three = new SlotState(3, doc(mine, statement(4, false)));

    Placement p = GrantPackPlanner.place(List.of(one, two, three), Set.of(), mine, KEEP_ALL).get();

    assertThat(p.slot()).isEqualTo(2);
    assertThat(p.writes()).containsOnlyKeys(3);
    assertThat(p.deletes()).isEmpty();

    Placement removal =
        GrantPackPlanner.remove(
            List.of(one, two, three), GrantPackPlanner.sid(uid(1)), KEEP_ALL, Optional.empty());
    assertThat(removal.deletes()).containsExactly(2);
    assertThat(removal.writes()).containsOnlyKeys(3);
  }

  @Test
  void aBatchOfStatementsIsOneWritePerSlot() {
    SlotState one = new SlotState(1, doc(statement(1, false)));
    List<JsonNode> batch = new ArrayList<>();
    for (int i = 2; i < 60; i++) {
      batch.add(statement(i, false));
    }
    batch.add(statement(1, false));

    GrantPackPlanner.Batch placed =
        GrantPackPlanner.placeAll(List.of(one), Set.of(), batch, KEEP_ALL);

    assertThat(placed.slots()).hasSize(59).containsEntry(GrantPackPlanner.sid(uid(1)), 1);
    assertThat(placed.writes()).containsOnlyKeys(1, 2);
    assertThat(placed.deletes()).isEmpty();
    int total =
        placed.writes().values().stream()
            .mapToInt(d -> GrantPackPlanner.statements(d).size())
            .sum();
    assertThat(total).isEqualTo(59);
  }

  @Test
  void severalStatementsLeaveInOneWriteAndTheSlotGoesWhenTheLastOneDoes() {
    SlotState slot =
        new SlotState(1, doc(statement(1, false), statement(2, false), statement(3, false)));

    Placement two =
        GrantPackPlanner.removeAll(
            List.of(slot),
            Map.of(
                GrantPackPlanner.sid(uid(1)),
                Optional.empty(),
                GrantPackPlanner.sid(uid(2)),
                Optional.of(GrantPackPlanner.retainedSid(uid(2)))),
            KEEP_ALL);
    assertThat(two.writes()).containsOnlyKeys(1);
    assertThat(
            GrantPackPlanner.statements(two.writes().get(1)).stream()
                .map(s -> s.path("Sid").asText()))
        .containsExactlyInAnyOrder(
            GrantPackPlanner.retainedSid(uid(2)), GrantPackPlanner.sid(uid(3)));

    Placement all =
        GrantPackPlanner.removeAll(
            List.of(slot),
            Map.of(
                GrantPackPlanner.sid(uid(1)), Optional.empty(),
                GrantPackPlanner.sid(uid(2)), Optional.empty(),
                GrantPackPlanner.sid(uid(3)), Optional.empty()),
            KEEP_ALL);
    assertThat(all.writes()).isEmpty();
    assertThat(all.deletes()).containsExactly(1);
  }

  @Test
  void aRetainedRemovalKeepsTheStatementUnderItsRetainedSid() {
    SlotState slot = new SlotState(1, doc(statement(1, true)));

    Placement p =
        GrantPackPlanner.remove(
            List.of(slot),
            GrantPackPlanner.sid(uid(1)),
            KEEP_ALL,
            Optional.of(GrantPackPlanner.retainedSid(uid(1))));

    JsonNode kept = GrantPackPlanner.statements(p.writes().get(1)).get(0);
    assertThat(kept.path("Sid").asText()).isEqualTo(GrantPackPlanner.retainedSid(uid(1)));
    assertThat(kept.path("Condition").toString()).contains("aws:MultiFactorAuthPresent");
    assertThat(p.deletes()).isEmpty();
  }

  @Test
  void aFullPackOrSlotNamesTakenElsewhereAreReported() {
    List<SlotState> full = new ArrayList<>();
    for (int n = 1; n <= GrantPack.MAX_SLOTS; n++) {
      List<JsonNode> statements = new ArrayList<>();
      for (int i = 0; statements.size() < 60; i++) {
        statements.add(statement(n * 1000 + i, true));
      }
      full.add(new SlotState(n, doc(statements.toArray(JsonNode[]::new))));
    }
    assertThat(GrantPackPlanner.place(full, Set.of(), statement(1, false), KEEP_ALL).isValid())
        .isFalse();

    Placement skipped =
        GrantPackPlanner.place(List.of(), Set.of(1, 2), statement(1, false), KEEP_ALL).get();
    assertThat(skipped.slot()).isEqualTo(3);
  }

  private static String uid(int i) {
    return "%08d-0000-4000-8000-000000000000".formatted(i);
  }

  private static JsonNode statement(int i, boolean mfa) {
    return GrantPackPlanner.statement(uid(i), ROLE + i, mfa).get();
  }

  private static PolicyDocument doc(JsonNode... statements) {
    StringBuilder json = new StringBuilder("{\"Version\":\"2012-10-17\",\"Statement\":[");
    for (int i = 0; i < statements.length; i++) {
      json.append(i == 0 ? "" : ",").append(statements[i]);
    }
    return PolicyDocument.parse(json.append("]}").toString());
  }
}
