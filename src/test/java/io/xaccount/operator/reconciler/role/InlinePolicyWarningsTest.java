package io.xaccount.operator.reconciler.role;

import static io.xaccount.operator.reconciler.role.CrossAccountRoleConvergeTest.inline;
import static io.xaccount.operator.testsupport.EmulatorResource.DEV;
import static io.xaccount.operator.testsupport.EmulatorResource.PROD;
import static io.xaccount.operator.testsupport.EmulatorResource.adminIam;
import static io.xaccount.operator.testsupport.EmulatorResource.emulator;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.testsupport.KubeSystem;
import io.xaccount.operator.testsupport.Resources;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An inline policy naming an action no service has converges as IAM takes it, and the status says
 * that the entry does nothing.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = KubeSystem.class)
class InlinePolicyWarningsTest extends RoleTestSupport {

  @Test
  void aTypoInAnInlinePolicyConvergesAndIsCalledOut() {
    account("prod-typo", PROD);
    long mark = emulator().calls().mark();
    CrossAccountRole spec = Resources.role(NAMESPACE, "typo", "prod-typo", "Typo", DEV);
    spec.getSpec()
        .setInlinePolicies(
            List.of(inline("deny-billing", "aws-portal:ViewBiling"), inline("deny-iam", "iam:*")));
    create(spec);

    CrossAccountRole role = awaitConverged("typo");

    assertThat(role.getStatus().readyCondition().orElseThrow().getReason()).isEqualTo("Converged");
    assertThat(role.getStatus().getWarnings())
        .containsExactly(
            "inline policy deny-billing: action \"aws-portal:ViewBiling\" does not exist (IAM"
                + " accepts it and it denies nothing)");
    assertThat(writeActions(mark, PROD))
        .containsExactly("CreateRole", "PutRolePolicy", "PutRolePolicy");
    assertThat(
            adminIam(PROD)
                .getRolePolicy(r -> r.roleName("Typo").policyName("deny-billing"))
                .policyDocument())
        .contains("ViewBiling");
  }

  /**
   * Issue 26: a spec refused for another reason still shows its warnings, and a typo'd AWS managed
   * policy is named with the one it probably meant, before anything is written.
   */
  @Test
  void aRefusedSpecStillShowsItsWarningsAndTheTypoIsNamed() {
    account("prod-typo2", PROD);
    long mark = emulator().calls().mark();
    CrossAccountRole spec = Resources.role(NAMESPACE, "typo2", "prod-typo2", "TypoTwo", DEV);
    spec.getSpec().setInlinePolicies(List.of(inline("deny-billing", "aws-portal:ViewBiling")));
    spec.getSpec().setManagedPolicyArns(List.of("arn:aws:iam::aws:policy/ReadOnlyAccesss"));
    create(spec);

    var invalid = awaitReason("typo2", "InvalidSpec");

    assertThat(invalid.getMessage())
        .isEqualTo(
            "spec.managedPolicyArns: arn:aws:iam::aws:policy/ReadOnlyAccesss is not an AWS managed"
                + " policy (did you mean arn:aws:iam::aws:policy/ReadOnlyAccess?)");
    assertThat(get("typo2").getStatus().getWarnings())
        .containsExactly(
            "inline policy deny-billing: action \"aws-portal:ViewBiling\" does not exist (IAM"
                + " accepts it and it denies nothing)");
    assertThat(writeActions(mark, PROD)).isEmpty();
    assertThat(emulator().account(PROD).roleNames()).doesNotContain("TypoTwo");
  }
}
