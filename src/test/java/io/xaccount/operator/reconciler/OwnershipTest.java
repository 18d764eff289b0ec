package io.xaccount.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.reconciler.Ownership.Claim;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Who an entity's tags say holds it, and what may be adopted: one row per case. */
class OwnershipTest {
  private static final String CLUSTER = "0d6f3c2e-kube-system-uid";
  private static final Ownership OWNERSHIP = new Ownership(CLUSTER);
  private static final CrossAccountRole RESOURCE = resource("team-a", "web", "uid-1");

  static Stream<Arguments> claims() {
    Map<String, String> ours = OWNERSHIP.tagsFor(RESOURCE);
    return Stream.of(
        row("our tags", ours, true, Claim.Ours.class),
        row("no tags", Map.of(), true, Claim.Unmanaged.class),
        row("foreign tags only", Map.of("owner", "secteam"), true, Claim.Unmanaged.class),
        row(
            "managed-by spelled differently",
            with(ours, Ownership.MANAGED_BY, "other-operator"),
            true,
            Claim.Unmanaged.class),
        row(
            "released",
            with(ours, Ownership.RELEASED, "2026-01-01T00:00:00Z"),
            true,
            Claim.Released.class),
        row(
            "written by a version without cluster identity",
            with(ours, Ownership.CLUSTER, "default"),
            true,
            Claim.Ours.class),
        row(
            "another cluster",
            with(ours, Ownership.CLUSTER, "blue"),
            true,
            Claim.OtherCluster.class),
        row(
            "another cluster's resource of the same name, old version",
            with(with(ours, Ownership.CLUSTER, "default"), Ownership.UID, "uid-2"),
            true,
            Claim.OtherCluster.class),
        row(
            "another uid, its resource alive",
            with(ours, Ownership.UID, "uid-2"),
            true,
            Claim.HeldByResource.class),
        row(
            "another uid, its resource gone",
            with(ours, Ownership.UID, "uid-2"),
            false,
            Claim.Orphaned.class),
        row(
            "another namespace",
            with(ours, Ownership.NAMESPACE, "team-b"),
            true,
            Claim.HeldByResource.class),
        row("another name", with(ours, Ownership.NAME, "api"), true, Claim.HeldByResource.class),
        row(
            "another kind",
            with(ours, Ownership.KIND, "AssumeRoleGrant"),
            true,
            Claim.HeldByResource.class),
        row("no uid tag", without(ours, Ownership.UID), false, Claim.Orphaned.class));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("claims")
  void classifiesTheClaim(
      String name, Map<String, String> tags, boolean alive, Class<? extends Claim> expected) {
    assertThat(OWNERSHIP.claim(tags, RESOURCE, owner -> alive)).isInstanceOf(expected);
    assertThat(OWNERSHIP.owns(tags, RESOURCE)).isEqualTo(expected == Claim.Ours.class);
  }

  static Stream<Arguments> adoptions() {
    Function<String, Optional<String>> allowed = x -> Optional.empty();
    Function<String, Optional<String>> refused = x -> Optional.of("spec.adoption says no");
    Ownership.Owner owner = new Ownership.Owner(CLUSTER, "CrossAccountRole", "team-b", "x", "u");
    return Stream.of(
        Arguments.of(new Claim.Unmanaged(), true, allowed, "adopt"),
        Arguments.of(new Claim.Released(owner), true, allowed, "adopt"),
        Arguments.of(new Claim.Orphaned(owner), true, allowed, "does not exist in this cluster"),
        Arguments.of(new Claim.Unmanaged(), false, allowed, "does not ask for adoption"),
        Arguments.of(new Claim.Unmanaged(), true, refused, "spec.adoption says no"),
        Arguments.of(new Claim.HeldByResource(owner), true, allowed, "which still exists"),
        Arguments.of(new Claim.OtherCluster(owner), true, allowed, "another cluster"));
  }

  @ParameterizedTest(name = "{0} annotated={1} -> {3}")
  @MethodSource("adoptions")
  void adoptsOnlyWhatNobodyHoldsWhenAskedAndAllowed(
      Claim claim, boolean annotated, Function<String, Optional<String>> account, String outcome) {
    CrossAccountRole resource = adopter(annotated);
    // The refusal is told why (for the operator's log); what it says is NotOurs' business.
    Function<String, ReconcileFailure> refuse =
        why -> new ReconcileFailure(Reason.NameConflict, why);
    if (outcome.equals("adopt")) {
      assertThat(AdoptionRules.decide(claim, resource, () -> account.apply(""), refuse)).isTrue();
    } else {
      assertThatThrownBy(
              () -> AdoptionRules.decide(claim, resource, () -> account.apply(""), refuse))
          .isInstanceOf(ReconcileFailure.class)
          .hasMessageContaining(outcome);
    }
  }

  @Test
  void everyRefusalReadsTheSameAndNamesNeitherOwnerNorPath() {
    Set<String> messages = new HashSet<>();
    adoptions()
        .map(Arguments::get)
        .filter(row -> !row[3].equals("adopt"))
        .forEach(
            row -> {
              CrossAccountRole resource = adopter((Boolean) row[1]);
              @SuppressWarnings("unchecked")
              var account = (Function<String, Optional<String>>) row[2];
              assertThatThrownBy(
                      () ->
                          AdoptionRules.decide(
                              (Claim) row[0],
                              resource,
                              () -> account.apply(""),
                              why -> NotOurs.roleName(resource, "Ops", "/hidden/Ops", why)))
                  .satisfies(e -> messages.add(e.getMessage()));
            });

    assertThat(messages).hasSize(1);
    assertThat(messages.iterator().next())
        .contains("The role name Ops is not available", "xaccount.io/adopt", "spec.adoption")
        .doesNotContain("/hidden/", "team-b", CLUSTER, "uid");
  }

  private static CrossAccountRole adopter(boolean annotated) {
    CrossAccountRole resource = resource("team-b", "adopter", "uid-9");
    if (annotated) {
      resource.getMetadata().setAnnotations(Map.of("xaccount.io/adopt", "true"));
    }
    return resource;
  }

  @Test
  void aBulkReadKeepsWhatThisClustersOperatorCreatedForAnyResource() {
    Map<String, String> ours = OWNERSHIP.tagsFor(RESOURCE);
    assertThat(OWNERSHIP.ownedByThisCluster(ours)).isTrue();
    assertThat(OWNERSHIP.ownedByThisCluster(with(ours, Ownership.UID, "uid-2"))).isTrue();
    assertThat(OWNERSHIP.ownedByThisCluster(with(ours, Ownership.CLUSTER, "default"))).isTrue();
    assertThat(OWNERSHIP.ownedByThisCluster(with(ours, Ownership.CLUSTER, "blue"))).isFalse();
    assertThat(OWNERSHIP.ownedByThisCluster(without(ours, Ownership.MANAGED_BY))).isFalse();
    assertThat(OWNERSHIP.ownedByThisCluster(Map.of())).isFalse();
  }

  private static Arguments row(
      String name, Map<String, String> tags, boolean alive, Class<? extends Claim> expected) {
    return Arguments.of(name, tags, alive, expected);
  }

  private static Map<String, String> with(Map<String, String> tags, String key, String value) {
    Map<String, String> copy = new HashMap<>(tags);
    copy.put(key, value);
    return copy;
  }

  private static Map<String, String> without(Map<String, String> tags, String key) {
    Map<String, String> copy = new HashMap<>(tags);
    copy.remove(key);
    return copy;
  }

  private static CrossAccountRole resource(String namespace, String name, String uid) {
    CrossAccountRole role = new CrossAccountRole();
    role.setMetadata(
        new ObjectMetaBuilder().withNamespace(namespace).withName(name).withUid(uid).build());
    return role;
  }
}
