package io.xaccount.operator.reconciler.role;

import static io.xaccount.operator.testsupport.EmulatorResource.DEV;
import static io.xaccount.operator.testsupport.EmulatorResource.PROD;
import static io.xaccount.operator.testsupport.EmulatorResource.adminIam;
import static io.xaccount.operator.testsupport.EmulatorResource.emulator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.DeletionPolicy;
import io.xaccount.operator.api.v1alpha1.Guardrails;
import io.xaccount.operator.testsupport.KubeSystem;
import io.xaccount.operator.testsupport.Ready;
import io.xaccount.operator.testsupport.Resources;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.Tag;

@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = KubeSystem.class)
class CrossAccountRoleDeletionTest extends RoleTestSupport {

  @Test
  void deleteRemovesPoliciesInstanceProfilesAndTheRole() {
    account("prod-delete", PROD);
    CrossAccountRole spec = Resources.role(NAMESPACE, "doomed", "prod-delete", "Doomed", DEV);
    spec.getSpec().setManagedPolicyArns(List.of("arn:aws:iam::aws:policy/ReadOnlyAccess"));
    spec.getSpec().setInlinePolicies(List.of(CrossAccountRoleConvergeTest.inline("deny", "iam:*")));
    create(spec);
    awaitConverged("doomed");
    adminIam(PROD).createInstanceProfile(r -> r.instanceProfileName("doomed-profile"));
    adminIam(PROD)
        .addRoleToInstanceProfile(r -> r.instanceProfileName("doomed-profile").roleName("Doomed"));

    long mark = emulator().calls().mark();

    deleteAndAwaitGone("doomed");

    assertThat(emulator().account(PROD).roleNames()).doesNotContain("Doomed");
    assertThat(writeActions(mark, PROD))
        .containsExactlyInAnyOrder(
            "DetachRolePolicy", "DeleteRolePolicy", "RemoveRoleFromInstanceProfile", "DeleteRole");
    assertThat(writeActions(mark, PROD)).last().isEqualTo("DeleteRole");
  }

  @Test
  void retainLeavesTheRoleReleased() {
    AwsAccount account = Resources.account("prod-retain", PROD, NAMESPACE);
    account.getSpec().setGuardrails(new Guardrails());
    account.getSpec().getGuardrails().setAllowRetain(true);
    Ready.createAccount(client, account);
    CrossAccountRole spec = Resources.role(NAMESPACE, "kept", "prod-retain", "Kept", DEV);
    spec.getSpec().setDeletionPolicy(DeletionPolicy.Retain);
    create(spec);
    awaitConverged("kept");

    deleteAndAwaitGone("kept");

    assertThat(adminIam(PROD).getRole(r -> r.roleName("Kept")).role().tags())
        .extracting(Tag::key)
        .contains("xaccount.io/released", "xaccount.io/managed-by");
  }

  @Test
  void aRoleAlreadyGoneIsSuccess() {
    account("prod-gone", PROD);
    create(Resources.role(NAMESPACE, "gone", "prod-gone", "Gone", DEV));
    awaitConverged("gone");
    adminIam(PROD).deleteRole(r -> r.roleName("Gone"));

    deleteAndAwaitGone("gone");
  }

  @Test
  void aRoleThatIsNotOursIsNeverDeleted() {
    account("prod-foreign", PROD);
    emulator()
        .account(PROD)
        .createRole(
            "Foreign",
            """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
            "Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":"sts:AssumeRole"}]}""");
    create(Resources.role(NAMESPACE, "foreign", "prod-foreign", "Foreign", DEV));
    awaitReason("foreign", "NameConflict");

    deleteAndAwaitGone("foreign");

    assertThat(emulator().account(PROD).roleNames()).contains("Foreign");
  }

  @Test
  void aBlockedDeletionKeepsTheFinalizerSaysWhyAndFinishesLater() {
    account("prod-blocked", PROD);
    create(Resources.role(NAMESPACE, "blocked", "prod-blocked", "Blocked", DEV));
    awaitConverged("blocked");
    emulator().faults().deny(PROD, "iam:DeleteRole");
    try {
      client.resources(CrossAccountRole.class).inNamespace(NAMESPACE).withName("blocked").delete();

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(eventMessages("blocked"))
                      .anyMatch(
                          m -> m.startsWith("AccessDenied:") && m.contains("iam:DeleteRole")));
      assertThat(get("blocked")).as("the finalizer holds").isNotNull();
      assertThat(emulator().account(PROD).roleNames()).contains("Blocked");
    } finally {
      emulator().faults().allow(PROD, "iam:DeleteRole");
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> get("blocked") == null);
    assertThat(emulator().account(PROD).roleNames()).doesNotContain("Blocked");
  }

  private void deleteAndAwaitGone(String name) {
    client.resources(CrossAccountRole.class).inNamespace(NAMESPACE).withName(name).delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> get(name) == null);
  }
}
