package io.xaccount.operator.reconciler.grant;

import static io.xaccount.operator.testsupport.EmulatorResource.DEV;
import static io.xaccount.operator.testsupport.EmulatorResource.PROD;
import static io.xaccount.operator.testsupport.EmulatorResource.adminIam;
import static io.xaccount.operator.testsupport.EmulatorResource.emulator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.xaccount.emulator.Call;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.api.v1alpha1.GrantPrincipals;
import io.xaccount.operator.api.v1alpha1.Guardrails;
import io.xaccount.operator.api.v1alpha1.ManagementPolicy;
import io.xaccount.operator.iam.GrantPack;
import io.xaccount.operator.iam.GrantPackPlanner;
import io.xaccount.operator.reconciler.Ownership;
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

/**
 * Issue 24, finding 4: no tenant can make another tenant's grant fail or outlive its own. Two
 * namespaces grant to the same group of Dev; each pack belongs to one namespace, and a pack shared
 * by namespaces in an earlier version is left for each namespace's own without a moment's gap.
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
  private static final Map<String, StsClient> STS = new ConcurrentHashMap<>();

  @Inject KubernetesClient client;
  @Inject Ownership ownership;

  @BeforeEach
  void accounts() {
    if (!emulator().account(PROD).roleNames().contains("Slots0")) {
      emulator().account(DEV).createGroup(GROUP);
      emulator().account(DEV).createUser(ALICE);
      emulator().account(DEV).addUserToGroup(GROUP, ALICE);
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
    client
        .resources(AssumeRoleGrant.class)
        .inNamespace(grant.getMetadata().getNamespace())
        .withName(grant.getMetadata().getName())
        .edit(
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
    StsClient sts = STS.computeIfAbsent(ALICE, GrantFixtures::userSts);
    for (int role : roles) {
      sts.assumeRole(r -> r.roleArn(roleArn(role)).roleSessionName("alice"));
    }
  }

  /** Detaches and deletes a slot left with only Retained statements, as its owner would. */
  private static void deleteByHand(String slot) {
    adminIam(DEV).detachGroupPolicy(r -> r.groupName(GROUP).policyArn(slot));
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

  private AssumeRoleGrant get(String namespace, String name) {
    return client.resources(AssumeRoleGrant.class).inNamespace(namespace).withName(name).get();
  }

  private static String roleArn(int i) {
    return "arn:aws:iam::" + PROD + ":role/Slots" + i;
  }
}
