package io.xaccount.operator.reconciler.guardrails;

import static io.xaccount.operator.testsupport.EmulatorResource.DEV;
import static io.xaccount.operator.testsupport.EmulatorResource.PROD;
import static io.xaccount.operator.testsupport.EmulatorResource.adminIam;
import static io.xaccount.operator.testsupport.EmulatorResource.emulator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.CrossAccountRoleStatus;
import io.xaccount.operator.api.v1alpha1.DeletionPolicy;
import io.xaccount.operator.api.v1alpha1.Guardrails;
import io.xaccount.operator.api.v1alpha1.ManagementPolicy;
import io.xaccount.operator.api.v1alpha1.ReadyStatus;
import io.xaccount.operator.api.v1alpha1.ReleasedRoles;
import io.xaccount.operator.testsupport.KubeSystem;
import io.xaccount.operator.testsupport.Ready;
import io.xaccount.operator.testsupport.Resources;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * Issue 24, finding 6: Retain is the account's to allow, and what it leaves in IAM still counts.
 * Each refusal writes nothing in IAM; a deletion honours a Retain only as the operator accepted it,
 * and never deletes a role that was promised to stay.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = KubeSystem.class)
class RetainGuardrailTest {
  private static final String NS = "retain-guard";
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Inject KubernetesClient client;

  @AfterEach
  void cleanUp() {
    Resources.deleteAll(client);
  }

  @Test
  void retainIsRefusedBeforeAnyWriteInAnAccountThatDoesNotAllowIt() {
    Ready.createAccount(client, account("retain-closed", PROD, g -> {}));
    AwsAccount dev =
        account("retain-closed-dev", DEV, g -> g.setAllowedTargetAccountIds(List.of(PROD)));
    Ready.createAccount(client, dev);
    long mark = emulator().calls().mark();

    client.resource(retaining(role("kept", "retain-closed", "RetainRefused"))).create();
    CrossAccountRole planned = retaining(role("planned", "retain-closed", "RetainPlanned"));
    planned.getSpec().setManagementPolicy(ManagementPolicy.Plan);
    client.resource(planned).create();
    AssumeRoleGrant grant =
        Resources.grant(
            NS,
            "kept-grant",
            "retain-closed-dev",
            Resources.roleArn("arn:aws:iam::" + PROD + ":role/RetainRefused"),
            "retain-alice");
    grant.getSpec().setDeletionPolicy(DeletionPolicy.Retain);
    client.resource(grant).create();

    for (Condition refused :
        List.of(
            awaitReason(CrossAccountRole.class, "kept", "Forbidden"),
            awaitReason(CrossAccountRole.class, "planned", "Forbidden"),
            awaitReason(AssumeRoleGrant.class, "kept-grant", "Forbidden"))) {
      assertThat(refused.getMessage())
          .contains("AwsAccount retain-closed")
          .contains("guardrail allowRetain")
          .contains("spec.deletionPolicy");
    }
    assertThat(get(CrossAccountRole.class, "planned").getStatus().getPlannedChanges()).isNull();
    assertThat(emulator().calls().writesSince(mark)).isEmpty();
    assertThat(emulator().account(PROD).roleNames()).doesNotContain("RetainRefused");
  }

  @Test
  void aRetainTheOperatorNeverAcceptedDeletesTheRole() {
    Ready.createAccount(client, account("retain-flip", PROD, g -> {}));
    CrossAccountRole role = Ready.createRole(client, role("flipped", "retain-flip", "Flipped"));
    assertThat(role.getStatus().getDeletionPolicy()).isEqualTo(DeletionPolicy.Delete);

    setDeletionPolicy("flipped", DeletionPolicy.Retain);
    deleteAndAwaitGone("flipped");

    assertThatThrownBy(() -> adminIam(PROD).getRole(r -> r.roleName("Flipped")))
        .isInstanceOf(NoSuchEntityException.class);
  }

  @Test
  void rolesReleasedByRetainCountAgainstTheNamespacesQuota() {
    Ready.createAccount(
        client,
        account(
            "retain-quota",
            PROD,
            g -> {
              g.setAllowRetain(true);
              g.setMaxRolesPerNamespace(1);
            }));
    CrossAccountRole first =
        Ready.createRole(client, retaining(role("first", "retain-quota", "QuotaFirst")));
    assertThat(first.getStatus().getDeletionPolicy()).isEqualTo(DeletionPolicy.Retain);
    deleteAndAwaitGone("first");
    assertThat(adminIam(PROD).getRole(r -> r.roleName("QuotaFirst")).role().tags())
        .extracting(Tag::key)
        .contains("xaccount.io/released");
    long mark = emulator().calls().mark();

    client.resource(retaining(role("second", "retain-quota", "QuotaSecond"))).create();

    Condition refused = awaitReason(CrossAccountRole.class, "second", "Forbidden");
    assertThat(refused.getMessage())
        .contains("guardrail maxRolesPerNamespace")
        .contains("1 of them released by Retain deletions");
    assertThat(emulator().calls().writesSince(mark)).isEmpty();
    assertThat(emulator().account(PROD).roleNames()).doesNotContain("QuotaSecond");

    // The account says so once it looks again (here: its spec changed).
    patchAccount("retain-quota", "{\"spec\":{\"guardrails\":{\"requireGrantExpiry\":false}}}");
    await()
        .atMost(WAIT)
        .until(() -> releasedRoles("retain-quota"), released -> Map.of(NS, 1).equals(released));
  }

  @Test
  void anAcceptedRetainTheAccountNoLongerAllowsWaitsAndDeletesNothing() {
    Ready.createAccount(client, account("retain-withdrawn", PROD, g -> g.setAllowRetain(true)));
    Ready.createRole(client, retaining(role("promised", "retain-withdrawn", "Promised")));
    setAllowRetain("retain-withdrawn", false);
    awaitReason(CrossAccountRole.class, "promised", "Forbidden");
    long mark = emulator().calls().mark();

    client.resources(CrossAccountRole.class).inNamespace(NS).withName("promised").delete();

    awaitDeletionBlocked("promised");
    assertThat(emulator().calls().writesSince(mark)).isEmpty();
    assertThat(adminIam(PROD).getRole(r -> r.roleName("Promised")).role().tags())
        .extracting(Tag::key)
        .doesNotContain("xaccount.io/released");

    // The tenant decides: Delete.
    setDeletionPolicy("promised", DeletionPolicy.Delete);
    await().atMost(WAIT).until(() -> get(CrossAccountRole.class, "promised") == null);
    assertThatThrownBy(() -> adminIam(PROD).getRole(r -> r.roleName("Promised")))
        .isInstanceOf(NoSuchEntityException.class);
  }

  @Test
  void aRetainRoleFromBeforeTheRecordKeepsItsRoleUntilTheAccountAllowsRetain() {
    Ready.createAccount(client, account("retain-upgrade", PROD, g -> {}));
    Ready.createRole(client, role("legacy", "retain-upgrade", "Legacy"));
    // What an upgrade finds: a converged Retain role whose status records no deletionPolicy.
    setDeletionPolicy("legacy", DeletionPolicy.Retain);
    awaitReason(CrossAccountRole.class, "legacy", "Forbidden");
    Resources.editStatus(
        client,
        CrossAccountRole.class,
        NS,
        "legacy",
        (CrossAccountRoleStatus s) -> s.setDeletionPolicy(null));
    long mark = emulator().calls().mark();

    client.resources(CrossAccountRole.class).inNamespace(NS).withName("legacy").delete();

    awaitDeletionBlocked("legacy");
    assertThat(emulator().calls().writesSince(mark)).isEmpty();
    assertThat(emulator().account(PROD).roleNames()).contains("Legacy");

    // The administrator decides: Retain is allowed, and the role is released.
    setAllowRetain("retain-upgrade", true);
    await().atMost(WAIT).until(() -> get(CrossAccountRole.class, "legacy") == null);
    assertThat(adminIam(PROD).getRole(r -> r.roleName("Legacy")).role().tags())
        .extracting(Tag::key)
        .contains("xaccount.io/released");
  }

  private static AwsAccount account(String name, String id, Consumer<Guardrails> guardrails) {
    AwsAccount account = Resources.account(name, id, NS);
    account.getSpec().setGuardrails(new Guardrails());
    guardrails.accept(account.getSpec().getGuardrails());
    return account;
  }

  private static CrossAccountRole role(String name, String account, String roleName) {
    return Resources.role(NS, name, account, roleName, DEV);
  }

  private static CrossAccountRole retaining(CrossAccountRole role) {
    role.getSpec().setDeletionPolicy(DeletionPolicy.Retain);
    return role;
  }

  private void setAllowRetain(String account, boolean allow) {
    patchAccount(account, "{\"spec\":{\"guardrails\":{\"allowRetain\":" + allow + "}}}");
  }

  /**
   * Merge patches, as kubectl sends them: no resourceVersion to race the operator's status writes.
   */
  private void patchAccount(String account, String patch) {
    client
        .resources(AwsAccount.class)
        .withName(account)
        .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
  }

  private void setDeletionPolicy(String name, DeletionPolicy policy) {
    client
        .resources(CrossAccountRole.class)
        .inNamespace(NS)
        .withName(name)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"deletionPolicy\":\"" + policy + "\"}}");
  }

  private Map<String, Integer> releasedRoles(String account) {
    AwsAccount a = client.resources(AwsAccount.class).withName(account).get();
    List<ReleasedRoles> released = a.getStatus().getReleasedRoles();
    return released == null
        ? Map.of()
        : released.stream()
            .collect(Collectors.toMap(ReleasedRoles::getNamespace, ReleasedRoles::getCount));
  }

  private void deleteAndAwaitGone(String name) {
    client.resources(CrossAccountRole.class).inNamespace(NS).withName(name).delete();
    await().atMost(WAIT).until(() -> get(CrossAccountRole.class, name) == null);
  }

  /** The deletion waits: the resource stays, a Warning event names the guardrail. */
  private void awaitDeletionBlocked(String name) {
    await()
        .atMost(WAIT)
        .until(
            () ->
                client.v1().events().inNamespace(NS).list().getItems().stream()
                    .anyMatch(
                        e ->
                            name.equals(e.getInvolvedObject().getName())
                                && "DeletionBlocked".equals(e.getReason())
                                && e.getMessage().contains("guardrail allowRetain")
                                && e.getMessage().contains("Nothing was deleted or released")));
    assertThat(get(CrossAccountRole.class, name).isMarkedForDeletion()).isTrue();
  }

  private <R extends CustomResource<?, ? extends ReadyStatus>> Condition awaitReason(
      Class<R> type, String name, String reason) {
    return await()
        .atMost(WAIT)
        .until(() -> Ready.of(get(type, name)), c -> c != null && reason.equals(c.getReason()));
  }

  private <R extends CustomResource<?, ?>> R get(Class<R> type, String name) {
    return client.resources(type).inNamespace(NS).withName(name).get();
  }
}
