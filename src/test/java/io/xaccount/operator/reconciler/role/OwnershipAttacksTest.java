package io.xaccount.operator.reconciler.role;

import static io.xaccount.operator.testsupport.EmulatorResource.DEV;
import static io.xaccount.operator.testsupport.EmulatorResource.PROD;
import static io.xaccount.operator.testsupport.EmulatorResource.adminIam;
import static io.xaccount.operator.testsupport.EmulatorResource.emulator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.xaccount.operator.api.v1alpha1.Adoption;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.Guardrails;
import io.xaccount.operator.api.v1alpha1.ManagementPolicy;
import io.xaccount.operator.reconciler.NotOurs;
import io.xaccount.operator.testsupport.EmulatorResource;
import io.xaccount.operator.testsupport.KubeSystem;
import io.xaccount.operator.testsupport.Ready;
import io.xaccount.operator.testsupport.Resources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * Issue 10's attacks, one row each: a tenant in namespace {@code team-b} tries to take over, or get
 * deleted, a role it does not own. Every row ends in a terminal status, with zero IAM writes in the
 * account, the victim byte-for-byte unchanged (GetAccountAuthorizationDetails before and after),
 * and, when the victim is another resource's role, that resource still converged. Deleting the
 * attacker afterwards touches nothing either. Issue 24: a name that is not the attacker's is
 * refused with one message whoever holds it, and nothing of the victim (path, owner, uid, cluster,
 * policies) reaches the attacker's status or events.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = KubeSystem.class)
class OwnershipAttacksTest extends RoleTestSupport {
  private static final String ACCOUNT = "shared-prod";
  private static final String TEAM_A = "team-a";
  private static final String TEAM_B = "team-b";
  private static final String ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";
  private static final String ANY_TRUST =
      """
      {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
      "Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":"sts:AssumeRole"}]}"""
          .formatted(PROD);

  /** Whose role the attacker aims at. */
  enum Victim {
    /** A CrossAccountRole of team-a, converged. */
    TEAM_A_ROLE,
    /** A role that predates the operator: tagged owner=secteam, AdministratorAccess, path /. */
    SECTEAM_ADMIN,
    /** A role the operator of another cluster created for team-b/attacker. */
    OTHER_CLUSTER,
    /** The same, created by an older version that tagged every cluster "default". */
    LEGACY_OTHER_CLUSTER,
    /**
     * A role tagged for this cluster and team-b/attacker with another uid: left by a resource that
     * lost its finalizer, or created by a second cluster given the same name.
     */
    ORPHANED,
    /** The role the operator itself assumes in the account. */
    OPERATOR_ROLE,
    /** A role that predates the operator at a path nobody outside the account knows. */
    HIDDEN_PATH
  }

  /** What every NameConflict row says, whoever holds the name. */
  private static final List<String> NOT_AVAILABLE =
      List.of("is not available to this CrossAccountRole", "xaccount.io/adopt", "spec.adoption");

  /**
   * One attack.
   *
   * @param id names the row and the victim role
   * @param victim whose role it is
   * @param account what the account's owner configured
   * @param attacker the attacker's manifest, starting from team-b/attacker adopting the victim
   * @param reason the attacker's Ready reason
   * @param says fragments of the attacker's message ({@code NameConflict}: exactly {@link
   *     NotOurs#ROLE_NAME}, whoever holds the name)
   */
  record Attack(
      String id,
      Victim victim,
      Consumer<AwsAccount> account,
      Consumer<CrossAccountRole> attacker,
      String reason,
      List<String> says) {
    @Override
    public String toString() {
      return id;
    }

    String roleName() {
      return victim == Victim.OPERATOR_ROLE ? EmulatorResource.OPERATOR_ROLE : "V" + id.hashCode();
    }
  }

  static List<Attack> attacks() {
    Consumer<AwsAccount> none = a -> {};
    Consumer<CrossAccountRole> asIs = r -> {};
    return List.of(
        new Attack(
            "hijack another namespace's role",
            Victim.TEAM_A_ROLE,
            none,
            asIs,
            "NameConflict",
            NOT_AVAILABLE),
        new Attack(
            "hijack another namespace's role although the account allows adoption",
            Victim.TEAM_A_ROLE,
            adoption(List.of(TEAM_B), List.of("/*")),
            asIs,
            "NameConflict",
            NOT_AVAILABLE),
        new Attack(
            "hijack another namespace's role by a differently cased name",
            Victim.TEAM_A_ROLE,
            adoption(List.of(TEAM_B), List.of("/*")),
            r -> r.getSpec().setRoleName(r.getSpec().getRoleName().toLowerCase()),
            "NameConflict",
            NOT_AVAILABLE),
        new Attack(
            "forge another resource's ownership tags",
            Victim.TEAM_A_ROLE,
            adoption(List.of(TEAM_B), List.of("/*")),
            r ->
                r.getSpec()
                    .setTags(Map.of("xaccount.io/namespace", TEAM_A, "xaccount.io/name", "victim")),
            "InvalidSpec",
            List.of("spec.tags", "reserved")),
        new Attack(
            "adopt a pre-existing admin role where the account allows no adoption",
            Victim.SECTEAM_ADMIN,
            none,
            asIs,
            "NameConflict",
            NOT_AVAILABLE),
        new Attack(
            "adopt a pre-existing admin role from a namespace the account does not list",
            Victim.SECTEAM_ADMIN,
            adoption(List.of(TEAM_A), List.of("/*")),
            asIs,
            "NameConflict",
            NOT_AVAILABLE),
        new Attack(
            "adopt a pre-existing admin role no adoption pattern matches",
            Victim.SECTEAM_ADMIN,
            adoption(List.of(TEAM_B), List.of("/legacy/*", "/Other*")),
            asIs,
            "NameConflict",
            NOT_AVAILABLE),
        new Attack(
            "adopt a role at / while the spec and the account's rolePathPrefix say /xaccount/",
            Victim.SECTEAM_ADMIN,
            adoption(List.of(TEAM_B), List.of("/*", "/xaccount/*")).andThen(pathPrefix()),
            r -> r.getSpec().setPath("/xaccount/"),
            "NameConflict",
            NOT_AVAILABLE),
        new Attack(
            "adopt past maxRolesPerNamespace",
            Victim.SECTEAM_ADMIN,
            adoption(List.of(TEAM_B), List.of("/*")).andThen(maxRoles(1)),
            asIs,
            "Forbidden",
            List.of("maxRolesPerNamespace")),
        new Attack(
            "adopt another cluster's role",
            Victim.OTHER_CLUSTER,
            adoption(List.of(TEAM_B), List.of("/*")),
            asIs,
            "NameConflict",
            NOT_AVAILABLE),
        new Attack(
            "adopt another cluster's role tagged by an older version",
            Victim.LEGACY_OTHER_CLUSTER,
            adoption(List.of(TEAM_B), List.of("/*")),
            asIs,
            "NameConflict",
            NOT_AVAILABLE),
        new Attack(
            "adopt a role tagged for this cluster whose resource is gone (or a twin cluster's)",
            Victim.ORPHANED,
            adoption(List.of(TEAM_B), List.of("/*")),
            asIs,
            "NameConflict",
            NOT_AVAILABLE),
        new Attack(
            "adopt the operator's own role where the account allows adopting any role",
            Victim.OPERATOR_ROLE,
            adoption(List.of(TEAM_B), List.of("/*")),
            asIs,
            "NameConflict",
            NOT_AVAILABLE),
        new Attack(
            "adopt the operator's own role by a differently cased name",
            Victim.OPERATOR_ROLE,
            adoption(List.of(TEAM_B), List.of("/*")),
            r -> r.getSpec().setRoleName("XACCOUNT-Operator"),
            "NameConflict",
            NOT_AVAILABLE),
        new Attack(
            "adopt with an annotation value other than \"true\"",
            Victim.SECTEAM_ADMIN,
            adoption(List.of(TEAM_B), List.of("/*")),
            r -> r.getMetadata().getAnnotations().put("xaccount.io/adopt", "True"),
            "NameConflict",
            NOT_AVAILABLE),
        new Attack(
            "probe for a role at a hidden path",
            Victim.HIDDEN_PATH,
            adoption(List.of(TEAM_B), List.of("/*")),
            asIs,
            "NameConflict",
            NOT_AVAILABLE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("attacks")
  void theAttackChangesNothingInIam(Attack attack) {
    attack(attack, ManagementPolicy.Manage, refused -> {});
  }

  /**
   * The same attacks in Plan or Observe (one of each kind of victim): the same refusal, still no
   * write, and nothing of the victim (its policies, tags, a plan or a diff) in the attacker's
   * status or events.
   */
  static List<Arguments> previewAttacks() {
    List<Attack> all = attacks();
    return List.of(
        preview(all.get(0), ManagementPolicy.Plan),
        preview(all.get(4), ManagementPolicy.Observe),
        preview(all.get(6), ManagementPolicy.Plan),
        preview(all.get(9), ManagementPolicy.Observe),
        preview(all.get(11), ManagementPolicy.Plan),
        preview(all.get(12), ManagementPolicy.Observe),
        preview(all.get(15), ManagementPolicy.Observe));
  }

  /** The attack under its own name (so its own victim) in {@code policy}. */
  private static Arguments preview(Attack a, ManagementPolicy policy) {
    return Arguments.of(
        new Attack(
            a.id() + " in " + policy, a.victim(), a.account(), a.attacker(), a.reason(), a.says()),
        policy);
  }

  @ParameterizedTest(name = "{1}: {0}")
  @MethodSource("previewAttacks")
  void theAttackInPlanOrObserveRevealsNothingOfTheVictim(Attack attack, ManagementPolicy policy) {
    attack(attack, policy, this::revealsNothing);
  }

  private void revealsNothing(CrossAccountRole attacker) {
    assertThat(attacker.getStatus().getPlannedChanges()).isNull();
    assertThat(attacker.getStatus().getPlanHash()).isNull();
    assertThat(attacker.getStatus().getRoleArn()).isNull();
    assertThat(attacker.getStatus().getRoleId()).isNull();
    assertThat(shownTo(attacker))
        .doesNotContain("AdministratorAccess")
        .doesNotContain("PowerUserAccess")
        .doesNotContain(EmulatorResource.OPERATOR_ACCOUNT + ":root");
  }

  /** What the attacker can read: its status and the events about it. */
  private String shownTo(CrossAccountRole attacker) {
    return Serialization.asJson(attacker.getStatus())
        + client.v1().events().inNamespace(TEAM_B).list().getItems().stream()
            .filter(e -> "attacker".equals(e.getInvolvedObject().getName()))
            .map(Event::getMessage)
            .toList();
  }

  /**
   * @param refused told the attacker as it stands refused, before it is deleted
   */
  private void attack(Attack attack, ManagementPolicy policy, Consumer<CrossAccountRole> refused) {
    AwsAccount account = Resources.account(ACCOUNT, PROD, TEAM_A, TEAM_B);
    attack.account().accept(account);
    Ready.createAccount(client, account);
    if (attack.reason().equals("Forbidden")) {
      Ready.createRole(
          client, Resources.role(TEAM_B, "own", ACCOUNT, "Own" + UUID.randomUUID(), DEV));
    }
    List<String> secrets = plantVictim(attack);
    JsonNode before = victimState(attack.roleName());
    long mark = emulator().calls().mark();

    CrossAccountRole attacker = Resources.role(TEAM_B, "attacker", ACCOUNT, attack.roleName(), DEV);
    attacker.getMetadata().setAnnotations(new HashMap<>(Map.of("xaccount.io/adopt", "true")));
    attacker.getSpec().setManagedPolicyArns(List.of("arn:aws:iam::aws:policy/ReadOnlyAccess"));
    attack.attacker().accept(attacker);
    attacker.getSpec().setManagementPolicy(policy);
    client.resource(attacker).create();

    Condition ready =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> readyIn(TEAM_B, "attacker"), c -> c != null && c.getReason() != null);
    assertThat(ready.getReason()).isEqualTo(attack.reason());
    assertThat(ready.getMessage()).contains(attack.says());
    if (attack.reason().equals("NameConflict")) {
      assertThat(ready.getMessage())
          .isEqualTo(NotOurs.ROLE_NAME.formatted(attacker.getSpec().getRoleName()));
    }
    assertThat(writeActions(mark, PROD)).isEmpty();
    assertThat(victimState(attack.roleName())).isEqualTo(before);
    if (attack.victim() == Victim.TEAM_A_ROLE) {
      assertThat(readyIn(TEAM_A, "victim").getStatus()).isEqualTo("True");
    }
    CrossAccountRole stored =
        client.resources(CrossAccountRole.class).inNamespace(TEAM_B).withName("attacker").get();
    refused.accept(stored);
    assertThat(shownTo(stored)).doesNotContain(secrets);
    deleteAttacker();
    assertThat(writeActions(mark, PROD)).isEmpty();
    assertThat(victimState(attack.roleName())).isEqualTo(before);
    // Deleting it leaves the role alone and says so, again without saying whose it is.
    assertThat(shownTo(stored)).doesNotContain(secrets);
  }

  private void deleteAttacker() {
    client.resources(CrossAccountRole.class).inNamespace(TEAM_B).withName("attacker").delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client
                        .resources(CrossAccountRole.class)
                        .inNamespace(TEAM_B)
                        .withName("attacker")
                        .get()
                    == null);
  }

  @Test
  void theAccountOwnerCanLetATenantAdoptALegacyRoleAndStatusNamesTheRoleAsIamHasIt() {
    AwsAccount account = Resources.account(ACCOUNT, PROD, TEAM_B);
    adoption(List.of(TEAM_B), List.of("/legacy/Legacy*")).accept(account);
    Ready.createAccount(client, account);
    adminIam(PROD)
        .createRole(
            r -> r.roleName("LegacyAdmin").path("/legacy/").assumeRolePolicyDocument(ANY_TRUST));

    CrossAccountRole adopter = Resources.role(TEAM_B, "adopter", ACCOUNT, "legacyadmin", DEV);
    adopter.getSpec().setPath("/legacy/");
    adopter.getMetadata().setAnnotations(Map.of("xaccount.io/adopt", "true"));
    CrossAccountRole converged = Ready.createRole(client, adopter);

    assertThat(converged.getStatus().getRoleArn())
        .isEqualTo("arn:aws:iam::" + PROD + ":role/legacy/LegacyAdmin");
    assertThat(converged.getStatus().getSwitchRoleUrl()).endsWith("roleName=legacy/LegacyAdmin");
    assertThat(adminIam(PROD).getRole(r -> r.roleName("LegacyAdmin")).role().tags())
        .contains(
            Tag.builder().key("xaccount.io/uid").value(converged.getMetadata().getUid()).build());

    long mark = emulator().calls().mark();
    touchAccount(ACCOUNT, "elsewhere");
    // The resync reads the role again and then writes nothing, for as long as we watch.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> iamCalls(mark, PROD).stream().anyMatch(c -> c.action().equals("GetRole")));
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(10))
        .until(() -> writeActions(mark, PROD).isEmpty());
    assertThat(readyIn(TEAM_B, "adopter").getStatus()).isEqualTo("True");
  }

  /**
   * Creates the victim.
   *
   * @return what the attacker must not learn of it: its path, owner, uid, cluster, contents
   */
  private List<String> plantVictim(Attack attack) {
    String name = attack.roleName();
    switch (attack.victim()) {
      case TEAM_A_ROLE -> {
        CrossAccountRole victim = Resources.role(TEAM_A, "victim", ACCOUNT, name, DEV);
        victim.getSpec().setManagedPolicyArns(List.of("arn:aws:iam::aws:policy/PowerUserAccess"));
        CrossAccountRole converged = Ready.createRole(client, victim);
        return List.of(TEAM_A, converged.getMetadata().getUid(), "PowerUserAccess", thisCluster());
      }
      case SECTEAM_ADMIN -> {
        adminIam(PROD)
            .createRole(
                r ->
                    r.roleName(name)
                        .assumeRolePolicyDocument(ANY_TRUST)
                        .tags(Tag.builder().key("owner").value("secteam").build()));
        adminIam(PROD).attachRolePolicy(r -> r.roleName(name).policyArn(ADMIN));
        return List.of("secteam", "AdministratorAccess", "not created by this operator");
      }
      case HIDDEN_PATH -> {
        adminIam(PROD)
            .createRole(
                r -> r.roleName(name).path("/hidden/ops/").assumeRolePolicyDocument(ANY_TRUST));
        return List.of("/hidden/ops/", "hidden/ops");
      }
      case OTHER_CLUSTER -> {
        return taggedRole(name, "blue-cluster", UUID.randomUUID().toString());
      }
      case LEGACY_OTHER_CLUSTER -> {
        return taggedRole(name, "default", UUID.randomUUID().toString());
      }
      case OPERATOR_ROLE -> {
        // It exists in every account of the emulator: the operator assumes it.
        return List.of("acts as", "operator itself");
      }
      case ORPHANED -> {
        return taggedRole(name, thisCluster(), UUID.randomUUID().toString());
      }
    }
    throw new IllegalArgumentException(attack.victim().name());
  }

  private String thisCluster() {
    return client.namespaces().withName("kube-system").get().getMetadata().getUid();
  }

  /**
   * A role with ownership tags naming team-b/attacker, but another cluster or uid.
   *
   * @return its uid and cluster tags and its policy: what the attacker must not learn
   */
  private static List<String> taggedRole(String name, String cluster, String uid) {
    adminIam(PROD)
        .createRole(
            r ->
                r.roleName(name)
                    .assumeRolePolicyDocument(ANY_TRUST)
                    .tags(
                        tag("xaccount.io/managed-by", "xaccount-operator"),
                        tag("xaccount.io/cluster", cluster),
                        tag("xaccount.io/kind", "CrossAccountRole"),
                        tag("xaccount.io/namespace", TEAM_B),
                        tag("xaccount.io/name", "attacker"),
                        tag("xaccount.io/uid", uid)));
    adminIam(PROD).attachRolePolicy(r -> r.roleName(name).policyArn(ADMIN));
    // "default" (an older version's cluster tag) is too common a word to look for.
    return cluster.equals("default")
        ? List.of(uid, "AdministratorAccess", "another cluster")
        : List.of(uid, cluster, "AdministratorAccess", "another cluster");
  }

  /** The victim's entry in GetAccountAuthorizationDetails: trust, policies, boundary, tags. */
  private static JsonNode victimState(String roleName) {
    JsonNode roles = emulator().authorizationDetails(PROD).path("RoleDetailList");
    return StreamSupport.stream(roles.spliterator(), false)
        .filter(r -> r.path("RoleName").asText().equals(roleName))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no role " + roleName));
  }

  private Condition readyIn(String namespace, String name) {
    return Ready.of(
        client.resources(CrossAccountRole.class).inNamespace(namespace).withName(name).get());
  }

  private static Consumer<AwsAccount> adoption(List<String> namespaces, List<String> roles) {
    return a -> {
      Adoption adoption = new Adoption();
      adoption.setNamespaces(new ArrayList<>(namespaces));
      adoption.setRoles(new ArrayList<>(roles));
      a.getSpec().setAdoption(adoption);
    };
  }

  private static Consumer<AwsAccount> pathPrefix() {
    return a -> guardrails(a).setRolePathPrefix("/xaccount/");
  }

  private static Consumer<AwsAccount> maxRoles(int max) {
    return a -> guardrails(a).setMaxRolesPerNamespace(max);
  }

  private static Guardrails guardrails(AwsAccount account) {
    if (account.getSpec().getGuardrails() == null) {
      account.getSpec().setGuardrails(new Guardrails());
    }
    return account.getSpec().getGuardrails();
  }

  private static Tag tag(String key, String value) {
    return Tag.builder().key(key).value(value).build();
  }
}
