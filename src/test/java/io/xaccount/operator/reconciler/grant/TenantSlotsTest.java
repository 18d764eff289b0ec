package io.xaccount.operator.reconciler.grant;

import static io.xaccount.operator.testsupport.EmulatorResource.DEV;
import static io.xaccount.operator.testsupport.EmulatorResource.PROD;
import static io.xaccount.operator.testsupport.EmulatorResource.adminIam;
import static io.xaccount.operator.testsupport.EmulatorResource.emulator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.xaccount.emulator.knobs.Call;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.api.v1alpha1.DeletionPolicy;
import io.xaccount.operator.api.v1alpha1.GrantPrincipals;
import io.xaccount.operator.api.v1alpha1.Guardrails;
import io.xaccount.operator.api.v1alpha1.ManagementPolicy;
import io.xaccount.operator.api.v1alpha1.NamespaceGrantSlots;
import io.xaccount.operator.api.v1alpha1.PrincipalGrantSlots;
import io.xaccount.operator.iam.GrantPack;
import io.xaccount.operator.iam.GrantPackPlanner;
import io.xaccount.operator.reconciler.Ownership;
import io.xaccount.operator.testsupport.Edits;
import io.xaccount.operator.testsupport.KubeSystem;
import io.xaccount.operator.testsupport.Ready;
import io.xaccount.operator.testsupport.Resources;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * Issue 24, finding 4: no tenant can make another tenant's grant fail or outlive its own. Two
 * namespaces grant to the same group of Dev, which IAM lets hold 10 managed policies: a tenant
 * cannot fill it (with grants naming principals that do not exist, with more principal sets, or by
 * retaining), the other namespace's grants and the admins' own attachments still fit, and a pack
 * shared by namespaces in an earlier version is left for each namespace's own without a moment's
 * gap. (A Retain deletion in one namespace leaving the other's pack byte for byte as it was: {@link
 * GrantPackingTest#eachNamespacePacksItsOwnGrantsSoAnotherTenantNeverTouchesThem}.)
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = KubeSystem.class)
class TenantSlotsTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String PLATFORM = "slots-platform";
  private static final String TENANT = "slots-tenant";
  private static final String DEV_ACCOUNT = "slots-dev";
  private static final String GROUP = "slots-developers";
  private static final String ALICE = "slots-alice";
  private static final String BOB = "slots-bob";
  private static final Map<String, StsClient> STS = new ConcurrentHashMap<>();

  @Inject KubernetesClient client;
  @Inject Ownership ownership;

  @BeforeEach
  void accounts() {
    if (!emulator().account(PROD).roleNames().contains("Slots0")) {
      emulator().account(DEV).createGroup(GROUP);
      emulator().account(DEV).createUser(ALICE);
      emulator().account(DEV).addUserToGroup(GROUP, ALICE);
      emulator().account(DEV).createUser(BOB);
      String trustDev =
          "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
              + "{\"AWS\":\"arn:aws:iam::%s:root\"},\"Action\":\"sts:AssumeRole\"}]}"
                  .formatted(DEV);
      for (int i = 0; i < 3; i++) {
        emulator().account(PROD).createRole("Slots" + i, trustDev);
      }
    }
    AwsAccount dev = Resources.account(DEV_ACCOUNT, DEV, PLATFORM, TENANT);
    Guardrails guardrails = new Guardrails();
    guardrails.setAllowedTargetAccountIds(List.of(PROD));
    // The Retain rows: the owner lets grants keep their statements.
    guardrails.setAllowRetain(true);
    dev.getSpec().setGuardrails(guardrails);
    Ready.createAccount(client, dev);
  }

  @AfterEach
  void cleanUp() {
    Resources.deleteAll(client);
  }

  @Test
  void aPackSharedByTwoNamespacesInAnEarlierVersionIsLeftForEachNamespacesOwnWithoutAGap() {
    AssumeRoleGrant platform = observed(PLATFORM, "platform-grant", 0);
    AssumeRoleGrant tenant = observed(TENANT, "tenant-grant", 1);
    // What an earlier version left: one slot for the group, shared by both namespaces, holding
    // their statements and one released by a Retain deletion.
    String retainedSid = GrantPackPlanner.retainedSid(UUID.randomUUID().toString());
    String shared =
        sharedSlot(
            statement(platform, 0),
            statement(tenant, 1),
            ((ObjectNode) statementFor(UUID.randomUUID().toString(), 2)).put("Sid", retainedSid));
    placedIn(platform, shared);
    placedIn(tenant, shared);
    assumableByAlice(0, 1, 2);

    long mark = emulator().calls().mark();
    manage(platform);
    String platformSlot = awaitMovedFrom(platform, shared);

    assertThat(GrantFixtures.pack(ownership, platform).slotOf(platformSlot)).isPresent();
    assertThat(sidsOf(platformSlot)).containsExactly(sid(platform));
    assertThat(sidsOf(shared)).containsExactlyInAnyOrder(sid(tenant), retainedSid);
    assertAttachedBeforeLeaving(mark, shared);
    assumableByAlice(0, 1, 2);

    manage(tenant);
    String tenantSlot = awaitMovedFrom(tenant, shared);

    assertThat(GrantFixtures.pack(ownership, tenant).slotOf(tenantSlot)).isPresent();
    assertThat(tenantSlot).isNotEqualTo(platformSlot);
    assertThat(sidsOf(tenantSlot)).containsExactly(sid(tenant));
    // The released statement is never removed: the old slot stays, attached, holding only it.
    assertThat(sidsOf(shared)).containsExactly(retainedSid);
    assertThat(groupPolicies()).containsExactlyInAnyOrder(platformSlot, tenantSlot, shared);
    assertThat(emulator().calls().writesSince(mark))
        .noneMatch(c -> c.action().equals("DeletePolicy") && shared.equals(c.entity()));
    assumableByAlice(0, 1, 2);
    deleteByHand(shared);
  }

  @Test
  void tenGrantsToTheGroupAndAUserThatDoesNotExistAttachNothingAndLeaveTheGroupToOthers() {
    List<String> admins = adminPolicies(7);
    try {
      admins.forEach(
          arn -> adminIam(DEV).attachGroupPolicy(r -> r.groupName(GROUP).policyArn(arn)));
      long mark = emulator().calls().mark();

      for (int i = 0; i < 10; i++) {
        AssumeRoleGrant ghost =
            GrantFixtures.grantForArn(
                "ghost-" + i, roleArn(i % 3), List.of("slots-ghost-" + i), List.of(GROUP));
        create(TENANT, ghost);
      }
      List<String> reasons =
          await()
              .atMost(WAIT)
              .until(
                  () -> reasons(TENANT),
                  r -> r.size() == 10 && r.stream().noneMatch(Objects::isNull));

      // Two slots (the namespace's budget on the group), attached to nobody; the other eight
      // grants are refused before any write.
      assertThat(reasons).containsOnly("PrincipalNotFound", "Forbidden");
      assertThat(reasons.stream().filter("PrincipalNotFound"::equals)).hasSize(2);
      assertThat(devWritesSince(mark)).containsExactly("CreatePolicy", "CreatePolicy");
      assertThat(groupPolicies()).containsExactlyInAnyOrderElementsOf(admins);

      // The platform team's grant to the group converges, and alice may switch with it.
      create(
          PLATFORM, GrantFixtures.grantForArn("platform", roleArn(0), List.of(), List.of(GROUP)));
      awaitReason(PLATFORM, "platform", "Converged");
      assumableByAlice(0);
      // The admins can still attach two policies of their own: the group holds ten.
      for (String arn : adminPolicies(2)) {
        admins.add(arn);
        adminIam(DEV).attachGroupPolicy(r -> r.groupName(GROUP).policyArn(arn));
      }
      assertThat(groupPolicies()).hasSize(10);
    } finally {
      removeAdminPolicies(admins);
    }
  }

  @Test
  void aNamespaceAtItsBudgetOnTheGroupIsRefusedWithoutAWriteWhileAnotherNamespaceConverges() {
    create(TENANT, GrantFixtures.grantForArn("group", roleArn(0), List.of(), List.of(GROUP)));
    create(TENANT, GrantFixtures.grantForArn("alice", roleArn(1), List.of(ALICE), List.of(GROUP)));
    awaitReason(TENANT, "group", "Converged");
    awaitReason(TENANT, "alice", "Converged");
    long mark = emulator().calls().mark();

    create(TENANT, GrantFixtures.grantForArn("bob", roleArn(2), List.of(BOB), List.of(GROUP)));
    Condition refused = awaitReason(TENANT, "bob", "Forbidden");
    AssumeRoleGrant planned =
        GrantFixtures.grantForArn("bob-plan", roleArn(2), List.of(BOB), List.of(GROUP));
    planned.getSpec().setManagementPolicy(ManagementPolicy.Plan);
    create(TENANT, planned);
    Condition planRefused = awaitReason(TENANT, "bob-plan", "Forbidden");

    assertThat(refused.getMessage())
        .contains("guardrail maxGrantSlotsPerPrincipal")
        .contains("namespace " + TENANT + " already has 2 grant policies for group/" + GROUP)
        .contains("a set of principals the namespace already grants to");
    assertThat(planRefused.getMessage()).isEqualTo(refused.getMessage());
    assertThat(devWritesSince(mark)).isEmpty();
    assertThatThrownBy(() -> assume(BOB, 2)).isInstanceOf(StsException.class);

    // Within its budget the namespace still grants to the group (into its slot with room), and
    // the other namespace's grant to the same group converges.
    create(TENANT, GrantFixtures.grantForArn("more", roleArn(2), List.of(), List.of(GROUP)));
    create(PLATFORM, GrantFixtures.grantForArn("platform", roleArn(2), List.of(), List.of(GROUP)));
    awaitReason(TENANT, "more", "Converged");
    awaitReason(PLATFORM, "platform", "Converged");
    assertThat(groupPolicies()).hasSize(3);
    assumableByAlice(0, 1, 2);

    // The admins see in the AwsAccount's status who uses the group's slots.
    Edits.retrying(
        client.resources(AwsAccount.class).withName(DEV_ACCOUNT),
        a -> {
          a.getSpec().getAllowedNamespaces().getNames().add("slots-touch");
          return a;
        });
    PrincipalGrantSlots group =
        await()
            .atMost(WAIT)
            .until(() -> groupSlots("group/" + GROUP), g -> g != null && g.getSlots() == 3);
    assertThat(group.getLimit()).isEqualTo(10);
    assertThat(group.getNamespaces())
        .extracting(NamespaceGrantSlots::getNamespace, NamespaceGrantSlots::getSlots)
        .containsExactly(tuple(TENANT, 2), tuple(PLATFORM, 1));
    assertThat(groupSlots("user/" + ALICE).getSlots()).isEqualTo(1);
  }

  /** The AwsAccount's status.grantSlots entry of a principal, null while there is none. */
  private PrincipalGrantSlots groupSlots(String principal) {
    AwsAccount account = client.resources(AwsAccount.class).withName(DEV_ACCOUNT).get();
    if (account.getStatus() == null || account.getStatus().getGrantSlots() == null) {
      return null;
    }
    return account.getStatus().getGrantSlots().stream()
        .filter(p -> p.getPrincipal().equals(principal))
        .findFirst()
        .orElse(null);
  }

  @Test
  void slotsLeftHoldingOnlyRetainedStatementsStillCountAgainstTheNamespace() {
    List<String> retained = new java.util.ArrayList<>();
    for (String user : List.of(ALICE, BOB)) {
      AssumeRoleGrant grant =
          GrantFixtures.grantForArn("kept-" + user, roleArn(0), List.of(user), List.of(GROUP));
      grant.getSpec().setDeletionPolicy(DeletionPolicy.Retain);
      create(TENANT, grant);
      awaitReason(TENANT, "kept-" + user, "Converged");
      retained.add(get(TENANT, "kept-" + user).getStatus().getPolicyArn());
      client.resources(AssumeRoleGrant.class).inNamespace(TENANT).withName("kept-" + user).delete();
      await().atMost(WAIT).until(() -> get(TENANT, "kept-" + user) == null);
    }
    try {
      assertThat(groupPolicies()).containsExactlyInAnyOrderElementsOf(retained);
      long mark = emulator().calls().mark();

      create(TENANT, GrantFixtures.grantForArn("third", roleArn(1), List.of(), List.of(GROUP)));

      assertThat(awaitReason(TENANT, "third", "Forbidden").getMessage())
          .contains("already has 2 grant policies for group/" + GROUP);
      assertThat(devWritesSince(mark)).isEmpty();
    } finally {
      retained.forEach(TenantSlotsTest::deleteByHand);
    }
  }

  /** A grant to the group in Observe: the operator reads, writes nothing, and knows its uid. */
  private AssumeRoleGrant observed(String namespace, String name, int role) {
    AssumeRoleGrant grant =
        GrantFixtures.grantForArn(name, roleArn(role), List.of(), List.of(GROUP));
    grant.getMetadata().setNamespace(namespace);
    grant.getSpec().setAccountRef(DEV_ACCOUNT);
    grant.getSpec().setManagementPolicy(ManagementPolicy.Observe);
    client.resource(grant).create();
    return await().atMost(WAIT).until(() -> get(namespace, name), g -> Ready.of(g) != null);
  }

  /** The status an earlier version wrote: the statement is in {@code slot}, attached. */
  private void placedIn(AssumeRoleGrant grant, String slot) {
    Resources.editStatus(
        client,
        AssumeRoleGrant.class,
        grant.getMetadata().getNamespace(),
        grant.getMetadata().getName(),
        status -> {
          status.setPolicyArn(slot);
          GrantPrincipals attached = new GrantPrincipals();
          attached.setGroups(List.of(GROUP));
          status.setAttachedPrincipals(attached);
        });
  }

  private void manage(AssumeRoleGrant grant) {
    Edits.retrying(
        client
            .resources(AssumeRoleGrant.class)
            .inNamespace(grant.getMetadata().getNamespace())
            .withName(grant.getMetadata().getName()),
        g -> {
          g.getSpec().setManagementPolicy(ManagementPolicy.Manage);
          return g;
        });
  }

  private String awaitMovedFrom(AssumeRoleGrant grant, String previous) {
    String namespace = grant.getMetadata().getNamespace();
    String name = grant.getMetadata().getName();
    return await()
        .atMost(WAIT)
        .until(
            () -> get(namespace, name),
            g ->
                "Converged".equals(Objects.requireNonNull(Ready.of(g)).getReason())
                    && !previous.equals(g.getStatus().getPolicyArn()))
        .getStatus()
        .getPolicyArn();
  }

  /**
   * The statement left the old slot (its CreatePolicyVersion) only after the group had the new slot
   * attached: alice never lost access in between.
   */
  private static void assertAttachedBeforeLeaving(long mark, String old) {
    List<Call> calls =
        emulator().calls().since(mark).stream().filter(c -> DEV.equals(c.accountId())).toList();
    long attached =
        calls.stream()
            .filter(c -> c.action().equals("AttachGroupPolicy") && c.succeeded())
            .mapToLong(Call::sequence)
            .min()
            .orElseThrow();
    long left =
        calls.stream()
            .filter(c -> c.action().equals("CreatePolicyVersion") && old.equals(c.entity()))
            .mapToLong(Call::sequence)
            .min()
            .orElseThrow();
    assertThat(attached).isLessThan(left);
  }

  /** Creates the shared slot of the group as an earlier version named and tagged it. */
  private String sharedSlot(JsonNode... statements) {
    GrantPack pack =
        GrantPack.shared(ownership.cluster(), Map.of("group", List.of(GROUP))).orElseThrow();
    String document = "{\"Version\":\"2012-10-17\",\"Statement\":" + List.of(statements) + "}";
    List<Tag> tags =
        ownership.tagsForPack(pack.principals(), null).entrySet().stream()
            .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
            .toList();
    String arn =
        adminIam(DEV)
            .createPolicy(
                r ->
                    r.path(pack.path())
                        .policyName(pack.slotName(1))
                        .policyDocument(document)
                        .tags(tags))
            .policy()
            .arn();
    adminIam(DEV).attachGroupPolicy(r -> r.groupName(GROUP).policyArn(arn));
    return arn;
  }

  private static JsonNode statement(AssumeRoleGrant grant, int role) {
    return statementFor(grant.getMetadata().getUid(), role);
  }

  private static JsonNode statementFor(String uid, int role) {
    return GrantPackPlanner.statement(uid, roleArn(role), false).get();
  }

  private static void assumableByAlice(int... roles) {
    for (int role : roles) {
      assume(ALICE, role);
    }
  }

  /** Detaches and deletes a slot left with only Retained statements, as its owner would. */
  private static void deleteByHand(String slot) {
    var entities = adminIam(DEV).listEntitiesForPolicy(r -> r.policyArn(slot));
    entities
        .policyGroups()
        .forEach(
            g -> adminIam(DEV).detachGroupPolicy(r -> r.groupName(g.groupName()).policyArn(slot)));
    entities
        .policyUsers()
        .forEach(
            u -> adminIam(DEV).detachUserPolicy(r -> r.userName(u.userName()).policyArn(slot)));
    adminIam(DEV).listPolicyVersions(r -> r.policyArn(slot)).versions().stream()
        .filter(v -> !v.isDefaultVersion())
        .forEach(
            v ->
                adminIam(DEV).deletePolicyVersion(r -> r.policyArn(slot).versionId(v.versionId())));
    adminIam(DEV).deletePolicy(r -> r.policyArn(slot));
  }

  private static String sid(AssumeRoleGrant grant) {
    return GrantPackPlanner.sid(grant.getMetadata().getUid());
  }

  private static List<String> sidsOf(String slot) {
    return GrantPackPlanner.statements(GrantFixtures.devDocument(slot)).stream()
        .map(s -> s.path("Sid").asText())
        .toList();
  }

  private static List<String> groupPolicies() {
    return adminIam(DEV)
        .listAttachedGroupPolicies(r -> r.groupName(GROUP))
        .attachedPolicies()
        .stream()
        .map(AttachedPolicy::policyArn)
        .toList();
  }

  private void create(String namespace, AssumeRoleGrant grant) {
    grant.getMetadata().setNamespace(namespace);
    grant.getSpec().setAccountRef(DEV_ACCOUNT);
    client.resource(grant).create();
  }

  private Condition awaitReason(String namespace, String name, String reason) {
    return await()
        .atMost(WAIT)
        .until(
            () -> Ready.of(get(namespace, name)), c -> c != null && reason.equals(c.getReason()));
  }

  /** The Ready reason of each grant of the namespace (null while it has none). */
  private List<String> reasons(String namespace) {
    return client.resources(AssumeRoleGrant.class).inNamespace(namespace).list().getItems().stream()
        .map(g -> Ready.of(g) == null ? null : Ready.of(g).getReason())
        .toList();
  }

  private static List<String> devWritesSince(long mark) {
    return emulator().calls().writesSince(mark).stream()
        .filter(c -> DEV.equals(c.accountId()))
        .map(Call::action)
        .toList();
  }

  /** Customer managed policies of the admins' own (allowing nothing), not yet attached. */
  private static List<String> adminPolicies(int count) {
    String allowNothing =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"s3:*\","
            + "\"Resource\":\"*\"}]}";
    List<String> arns = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = "slots-admin-" + UUID.randomUUID().toString().substring(0, 8);
      arns.add(emulator().account(DEV).createPolicy(name, allowNothing));
    }
    return arns;
  }

  private static void removeAdminPolicies(List<String> arns) {
    for (String arn : arns) {
      if (groupPolicies().contains(arn)) {
        adminIam(DEV).detachGroupPolicy(r -> r.groupName(GROUP).policyArn(arn));
      }
      adminIam(DEV).deletePolicy(r -> r.policyArn(arn));
    }
  }

  private static void assume(String user, int role) {
    STS.computeIfAbsent(user, GrantFixtures::userSts)
        .assumeRole(r -> r.roleArn(roleArn(role)).roleSessionName(user));
  }

  private AssumeRoleGrant get(String namespace, String name) {
    return client.resources(AssumeRoleGrant.class).inNamespace(namespace).withName(name).get();
  }

  private static String roleArn(int i) {
    return "arn:aws:iam::" + PROD + ":role/Slots" + i;
  }
}
