package io.xaccount.operator.reconciler.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.CrossAccountRoleStatus;
import io.xaccount.operator.reconciler.Reason;
import io.xaccount.operator.reconciler.ReconcileFailure;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Target resolution and the cross-half warnings, as functions (no operator, no AWS). */
class GrantTargetsAndWarningsTest {
  private static final String DEV = "123456789012";
  private static final String ROLE_ARN = "arn:aws:iam::111111111111:role/CrossAccountSignin";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void roleArnTargetGetsTheConsoleLinkBuiltFromTheArn() {
    AssumeRoleGrant grant =
        GrantFixtures.grantForArn(
            "g", "arn:aws:iam::111111111111:role/a/b/Ops", List.of(), List.of());

    ResolvedTarget target = GrantTargets.resolve(grant, Optional.empty());

    assertThat(target.roleArn()).isEqualTo("arn:aws:iam::111111111111:role/a/b/Ops");
    assertThat(target.switchRoleUrl())
        .isEqualTo(
            "https://signin.aws.amazon.com/switchrole?account=111111111111&roleName=a/b/Ops");
    assertThat(CrossHalfWarnings.between(grant, target, DEV)).isEmpty();
  }

  @Test
  void malformedRoleArnIsAnInvalidSpec() {
    AssumeRoleGrant grant =
        GrantFixtures.grantForArn(
            "g", "arn:aws:iam::111111111111:user/alice", List.of(), List.of());

    ReconcileFailure f =
        catchThrowableOfType(
            ReconcileFailure.class, () -> GrantTargets.resolve(grant, Optional.empty()));

    assertThat(f.reason()).isEqualTo(Reason.InvalidSpec);
    assertThat(f.getMessage()).contains("spec.target.roleArn").contains("user/alice");
  }

  @Test
  void bothOrNeitherTargetIsAnInvalidSpec() {
    AssumeRoleGrant both = GrantFixtures.grantForRef("g", "r", List.of(), List.of());
    both.getSpec().getTarget().setRoleArn(ROLE_ARN);
    AssumeRoleGrant neither = GrantFixtures.grantForArn("g", ROLE_ARN, List.of(), List.of());
    neither.getSpec().getTarget().setRoleArn(null);

    for (AssumeRoleGrant grant : List.of(both, neither)) {
      ReconcileFailure f =
          catchThrowableOfType(
              ReconcileFailure.class, () -> GrantTargets.resolve(grant, Optional.empty()));
      assertThat(f.reason()).isEqualTo(Reason.InvalidSpec);
    }
  }

  @Test
  void roleWithoutArnOrMissingIsTargetNotReady() {
    AssumeRoleGrant grant = GrantFixtures.grantForRef("g", "r", List.of(), List.of());
    CrossAccountRole pending = GrantFixtures.role("r", "R", DEV);

    assertThat(reasonOf(grant, Optional.empty())).isEqualTo(Reason.TargetNotReady);
    assertThat(reasonOf(grant, Optional.of(pending))).isEqualTo(Reason.TargetNotReady);
  }

  @Test
  void roleInAnotherNamespaceIsForbidden() {
    AssumeRoleGrant grant = GrantFixtures.grantForRef("g", "r", List.of(), List.of());
    grant.getSpec().getTarget().getRoleRef().setNamespace("other");

    assertThat(reasonOf(grant, Optional.empty())).isEqualTo(Reason.Forbidden);
  }

  @Test
  void trustPolicyNamingTheAccountWithoutMfaGivesNoWarning() throws Exception {
    AssumeRoleGrant grant = GrantFixtures.grantForRef("g", "r", List.of(), List.of());
    CrossAccountRole role = ready(GrantFixtures.role("r", "R", DEV));
    role.getStatus()
        .setTrustPolicy(
            JSON.readTree(
                """
                {"Version":"2012-10-17","Statement":{"Effect":"Allow",
                 "Principal":{"AWS":["arn:aws:iam::123456789012:root"]},"Action":"sts:AssumeRole"}}"""));

    assertThat(warnings(grant, role)).isEmpty();
  }

  @Test
  void trustPolicyOfAnotherAccountRequiringMfaGivesBothWarnings() throws Exception {
    AssumeRoleGrant grant = GrantFixtures.grantForRef("g", "r", List.of(), List.of());
    CrossAccountRole role = ready(GrantFixtures.role("r", "R", "222222222222"));
    role.getStatus()
        .setTrustPolicy(
            JSON.readTree(
                """
                {"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:root"},
                 "Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}"""));

    List<String> warnings = warnings(grant, role);

    assertThat(warnings).hasSize(2);
    assertThat(warnings.get(0)).contains("does not trust account " + DEV);
    assertThat(warnings.get(1)).contains("requires MFA but this grant does not");
  }

  @Test
  void grantRequiringMfaForARoleThatDoesNotIsAWarningFromTheSpecWhenStatusHasNoTrustPolicy() {
    AssumeRoleGrant grant = GrantFixtures.grantForRef("g", "r", List.of(), List.of());
    grant.getSpec().setRequireMfa(true);
    CrossAccountRole role = ready(GrantFixtures.role("r", "R", DEV));

    List<String> warnings = warnings(grant, role);

    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0)).contains("This grant requires MFA but CrossAccountRole r does not");
  }

  private static List<String> warnings(AssumeRoleGrant grant, CrossAccountRole role) {
    return CrossHalfWarnings.between(grant, GrantTargets.resolve(grant, Optional.of(role)), DEV);
  }

  private static CrossAccountRole ready(CrossAccountRole role) {
    CrossAccountRoleStatus status = new CrossAccountRoleStatus();
    status.setRoleArn(ROLE_ARN);
    status.setSwitchRoleUrl(
        "https://signin.aws.amazon.com/switchrole?account=111111111111&roleName=CrossAccountSignin");
    role.setStatus(status);
    return role;
  }

  private static Reason reasonOf(AssumeRoleGrant grant, Optional<CrossAccountRole> role) {
    return catchThrowableOfType(ReconcileFailure.class, () -> GrantTargets.resolve(grant, role))
        .reason();
  }
}
