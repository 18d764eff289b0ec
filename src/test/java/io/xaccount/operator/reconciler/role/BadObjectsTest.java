package io.xaccount.operator.reconciler.role;

import static io.xaccount.operator.testsupport.EmulatorResource.DEV;
import static io.xaccount.operator.testsupport.EmulatorResource.PROD;
import static io.xaccount.operator.testsupport.EmulatorResource.emulator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.testsupport.Edits;
import io.xaccount.operator.testsupport.KubeSystem;
import io.xaccount.operator.testsupport.Resources;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Objects our classes cannot fully read, stored as a cluster may hold them (a typo the schema did
 * not prune, or a value the mock API server did not validate), go through the informer like any
 * other: they never stop it, the typo converges with a warning, the unreadable value makes only
 * that resource InvalidSpec, and every other resource keeps converging.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = KubeSystem.class)
class BadObjectsTest extends RoleTestSupport {

  @Test
  void aBadObjectNeverStopsTheOperatorForItsKind() {
    account("prod-bad", PROD);
    long mark = emulator().calls().mark();

    createRaw(
        """
        apiVersion: xaccount.io/v1alpha1
        kind: CrossAccountRole
        metadata: {name: typo, namespace: %s}
        spec:
          accountRef: prod-bad
          roleName: BadObjectsTypo
          managedPolicyARNs: ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
          trust: {accountIds: ["%s"]}
        """
            .formatted(NAMESPACE, DEV));
    createRaw(
        """
        apiVersion: xaccount.io/v1alpha1
        kind: CrossAccountRole
        metadata: {name: unreadable, namespace: %s}
        spec:
          accountRef: prod-bad
          roleName: BadObjectsUnreadable
          maxSessionDuration: one hour
          trust: {accountIds: ["%s"]}
        """
            .formatted(NAMESPACE, DEV));

    CrossAccountRole typo = awaitConverged("typo");
    assertThat(typo.getStatus().getWarnings())
        .anyMatch(w -> w.startsWith("spec.managedPolicyARNs is not a field"));
    Condition invalid = awaitReason("unreadable", "InvalidSpec");
    assertThat(invalid.getMessage())
        .contains("spec.maxSessionDuration: \"one hour\" is not a number");
    assertThat(emulator().account(PROD).roleNames()).doesNotContain("BadObjectsUnreadable");

    // The informer still serves the kind: a new, good role converges; so does one created after
    // the bad object is gone.
    create(Resources.role(NAMESPACE, "after-bad", "prod-bad", "BadObjectsAfter", DEV));
    awaitConverged("after-bad");
    client.resources(CrossAccountRole.class).inNamespace(NAMESPACE).withName("unreadable").delete();
    create(Resources.role(NAMESPACE, "after-delete", "prod-bad", "BadObjectsAfterDelete", DEV));
    awaitConverged("after-delete");
    assertThat(writeActions(mark, PROD)).doesNotContain("UpdateRole");
  }

  @Test
  void anAwsAccountWithAFieldTheOperatorDoesNotKnowIsNeverUsed() {
    // A typo in a guardrail (requireMFA for requireMfa) must not silently drop the guardrail.
    GenericKubernetesResource account =
        Serialization.unmarshal(
            """
            apiVersion: xaccount.io/v1alpha1
            kind: AwsAccount
            metadata: {name: half-read}
            spec:
              accountId: "%s"
              credentials:
                source: AssumeRole
                assumeRole: {roleArn: "arn:aws:iam::%s:role/xaccount-operator"}
              allowedNamespaces: {names: [%s]}
              guardrails: {requireMFA: true}
            """
                .formatted(PROD, PROD, NAMESPACE),
            GenericKubernetesResource.class);
    client
        .genericKubernetesResources("xaccount.io/v1alpha1", "AwsAccount")
        .resource(account)
        .create();
    long mark = emulator().calls().mark();
    create(Resources.role(NAMESPACE, "no-mfa", "half-read", "BadObjectsNoMfa", DEV));

    // The role retries while its account is not Ready, and then names the account's problem.
    Condition waiting =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> ready("no-mfa"),
                c -> c != null && c.getMessage().contains("spec.guardrails.requireMFA"));

    assertThat(waiting.getReason()).isEqualTo("AccountNotReady");
    assertThat(
            client
                .resources(AwsAccount.class)
                .withName("half-read")
                .get()
                .getStatus()
                .readyCondition()
                .orElseThrow()
                .getReason())
        .isEqualTo("InvalidSpec");
    assertThat(writeActions(mark, PROD)).isEmpty();
    assertThat(emulator().account(PROD).roleNames()).doesNotContain("BadObjectsNoMfa");

    // Fixed, the account is used again (and the role can be cleaned up after the test).
    Edits.retrying(
        client
            .genericKubernetesResources("xaccount.io/v1alpha1", "AwsAccount")
            .withName("half-read"),
        a -> {
          a.getAdditionalProperties().put("spec", withoutGuardrails(a));
          return a;
        });
    awaitConverged("no-mfa");
  }

  @SuppressWarnings("unchecked")
  private static Object withoutGuardrails(GenericKubernetesResource account) {
    var spec =
        new LinkedHashMap<>((Map<String, Object>) account.getAdditionalProperties().get("spec"));
    spec.remove("guardrails");
    return spec;
  }

  private void createRaw(String yaml) {
    GenericKubernetesResource raw = Serialization.unmarshal(yaml, GenericKubernetesResource.class);
    client
        .genericKubernetesResources("xaccount.io/v1alpha1", "CrossAccountRole")
        .inNamespace(NAMESPACE)
        .resource(raw)
        .create();
  }
}
