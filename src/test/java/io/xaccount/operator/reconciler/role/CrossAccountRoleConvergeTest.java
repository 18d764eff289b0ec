package io.xaccount.operator.reconciler.role;

import static io.xaccount.operator.testsupport.EmulatorResource.DEV;
import static io.xaccount.operator.testsupport.EmulatorResource.PROD;
import static io.xaccount.operator.testsupport.EmulatorResource.adminIam;
import static io.xaccount.operator.testsupport.EmulatorResource.emulator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.xaccount.operator.api.v1alpha1.ConsoleSettings;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.iam.PolicyDocument;
import io.xaccount.operator.testsupport.KubeSystem;
import io.xaccount.operator.testsupport.Resources;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = KubeSystem.class)
class CrossAccountRoleConvergeTest extends RoleTestSupport {
  private static final String POWER_USER = "arn:aws:iam::aws:policy/PowerUserAccess";
  private static final String READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";

  @Test
  void seedRoleIsCreatedWithTwoWritesAndReportsItsArnAndSwitchUrl() throws Exception {
    account("prod", PROD);
    long mark = emulator().calls().mark();
    CrossAccountRole seed =
        Resources.role(NAMESPACE, "prod-power-users", "prod", "CrossAccountSignin", DEV);
    seed.getSpec().setManagedPolicyArns(List.of(POWER_USER));
    ConsoleSettings console = new ConsoleSettings();
    console.setDisplayName("Prod (PowerUser)");
    console.setColor("F2B0A9");
    seed.getSpec().setConsole(console);
    create(seed);

    CrossAccountRole role = awaitConverged("prod-power-users");

    assertThat(role.getStatus().getRoleArn())
        .isEqualTo("arn:aws:iam::111111111111:role/CrossAccountSignin");
    assertThat(role.getStatus().getAccountId()).isEqualTo(PROD);
    assertThat(role.getStatus().getRoleId()).startsWith("AROA");
    assertThat(role.getStatus().getSwitchRoleUrl())
        .isEqualTo(
            "https://signin.aws.amazon.com/switchrole?account=111111111111"
                + "&roleName=CrossAccountSignin&displayName=Prod%20%28PowerUser%29&color=F2B0A9");
    assertThat(role.getStatus().getObservedGeneration())
        .isEqualTo(role.getMetadata().getGeneration());
    assertThat(writeActions(mark, PROD)).containsExactly("CreateRole", "AttachRolePolicy");

    Role created = adminIam(PROD).getRole(r -> r.roleName("CrossAccountSignin")).role();
    PolicyDocument trust =
        PolicyDocument.parse(
            URLDecoder.decode(created.assumeRolePolicyDocument(), StandardCharsets.UTF_8));
    assertThat(
            trust.semanticallyEquals(
                PolicyDocument.parse(
                    """
                {"Version":"2012-10-17","Statement":[{"Sid":"TrustedPrincipals","Effect":"Allow",
                 "Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}
                """)))
        .isTrue();
    assertThat(created.tags())
        .extracting(Tag::key)
        .contains("xaccount.io/managed-by", "xaccount.io/namespace", "xaccount.io/name");
    assertThat(
            adminIam(PROD)
                .listAttachedRolePolicies(r -> r.roleName("CrossAccountSignin"))
                .attachedPolicies())
        .extracting(p -> p.policyArn())
        .containsExactly(POWER_USER);
    assertThat(new ObjectMapper().writeValueAsString(role.getStatus().getTrustPolicy()))
        .contains("arn:aws:iam::123456789012:root");
    assertThat(eventMessages("prod-power-users"))
        .contains("create role /CrossAccountSignin", "attach policy " + POWER_USER);
  }

  @Test
  void aConvergedResyncMakesOnlyTheBoundedReadsAndWritesNothing() {
    account("prod-economy", PROD);
    CrossAccountRole spec = Resources.role(NAMESPACE, "economy", "prod-economy", "Economy", DEV);
    spec.getSpec().setManagedPolicyArns(List.of(POWER_USER, READ_ONLY));
    spec.getSpec()
        .setInlinePolicies(
            List.of(inline("deny-billing", "aws-portal:*"), inline("deny-iam", "iam:*")));
    spec.getSpec().setTags(Map.of("team", "platform"));
    create(spec);
    awaitConverged("economy");
    CrossAccountRole converged = awaitSettled("economy");
    String statusBefore = Serialization.asJson(converged.getStatus());
    String resourceVersion = converged.getMetadata().getResourceVersion();

    long mark = emulator().calls().mark();
    touchAccount("prod-economy", "resync-1");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                iamCalls(mark, PROD).stream()
                        .filter(c -> c.action().equals("GetRolePolicy"))
                        .count()
                    == 2);
    await().pollDelay(Duration.ofSeconds(1)).until(() -> true);

    assertThat(writeActions(mark, PROD)).isEmpty();
    assertThat(iamCalls(mark, PROD))
        .extracting(c -> c.action())
        .containsExactlyInAnyOrder(
            "GetRole",
            "ListAttachedRolePolicies",
            "ListRolePolicies",
            "GetRolePolicy",
            "GetRolePolicy");
    CrossAccountRole after = get("economy");
    assertThat(Serialization.asJson(after.getStatus())).isEqualTo(statusBefore);
    assertThat(after.getMetadata().getResourceVersion())
        .as("no status write")
        .isEqualTo(resourceVersion);
  }

  @Test
  void everySpecChangeConvergesWithItsOwnMinimalPlan() {
    account("prod-changes", PROD);
    create(Resources.role(NAMESPACE, "changes", "prod-changes", "Changes", DEV));
    awaitConverged("changes");

    assertPlan(r -> r.getSpec().setDescription("now described"), "UpdateRole");
    assertPlan(r -> r.getSpec().setMaxSessionDuration(7200), "UpdateRole");
    assertPlan(r -> r.getSpec().setManagedPolicyArns(List.of(READ_ONLY)), "AttachRolePolicy");
    assertPlan(
        r -> r.getSpec().setManagedPolicyArns(List.of(POWER_USER)),
        "DetachRolePolicy",
        "AttachRolePolicy");
    assertPlan(
        r -> r.getSpec().setInlinePolicies(List.of(inline("one", "s3:GetObject"))),
        "PutRolePolicy");
    assertPlan(r -> r.getSpec().setInlinePolicies(List.of()), "DeleteRolePolicy");
    assertPlan(r -> r.getSpec().setTags(Map.of("cost-center", "42")), "TagRole");
    assertPlan(r -> r.getSpec().setTags(Map.of()), "UntagRole");
    assertPlan(r -> r.getSpec().getTrust().setRequireMfa(true), "UpdateAssumeRolePolicy");
    assertPlan(r -> r.getSpec().setPermissionsBoundaryArn(READ_ONLY), "PutRolePermissionsBoundary");
    assertPlan(r -> r.getSpec().setPermissionsBoundaryArn(null), "DeleteRolePermissionsBoundary");

    Role role = adminIam(PROD).getRole(r -> r.roleName("Changes")).role();
    assertThat(role.description()).isEqualTo("now described");
    assertThat(role.maxSessionDuration()).isEqualTo(7200);
    assertThat(role.tags()).extracting(Tag::key).doesNotContain("cost-center");
  }

  @Test
  void outOfBandDriftIsCorrectedAtResyncAndReported() {
    account("prod-drift", PROD);
    CrossAccountRole spec = Resources.role(NAMESPACE, "drift", "prod-drift", "Drift", DEV);
    spec.getSpec().setManagedPolicyArns(List.of(POWER_USER));
    spec.getSpec().setTags(Map.of("team", "platform"));
    create(spec);
    awaitConverged("drift");

    var iam = adminIam(PROD);
    iam.attachRolePolicy(
        r -> r.roleName("Drift").policyArn("arn:aws:iam::aws:policy/AdministratorAccess"));
    iam.untagRole(r -> r.roleName("Drift").tagKeys("team"));
    iam.updateAssumeRolePolicy(
        r ->
            r.roleName("Drift")
                .policyDocument(
                    """
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
                     "Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":"sts:AssumeRole"}]}"""));
    long mark = emulator().calls().mark();
    touchAccount("prod-drift", "resync-drift");

    await().atMost(Duration.ofSeconds(20)).until(() -> writeActions(mark, PROD).size() == 3);
    assertThat(writeActions(mark, PROD))
        .containsExactlyInAnyOrder("UpdateAssumeRolePolicy", "DetachRolePolicy", "TagRole");
    assertThat(iam.listAttachedRolePolicies(r -> r.roleName("Drift")).attachedPolicies())
        .extracting(p -> p.policyArn())
        .containsExactly(POWER_USER);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(eventMessages("drift"))
                    .contains(
                        "detach policy arn:aws:iam::aws:policy/AdministratorAccess",
                        "update trust policy"));
  }

  @Test
  void aRecreatedTrustedPrincipalShowingAsUniqueIdGetsTheTrustPolicyReput() {
    account("prod-unique", PROD);
    emulator()
        .account(DEV)
        .createRole(
            "deployer",
            "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
                .replace(
                    "[]",
                    "[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":\"sts:AssumeRole\"}]"));
    CrossAccountRole spec = Resources.role(NAMESPACE, "unique", "prod-unique", "Unique");
    spec.getSpec().getTrust().setPrincipalArns(List.of("arn:aws:iam::123456789012:role/deployer"));
    create(spec);
    awaitConverged("unique");

    adminIam(DEV).deleteRole(r -> r.roleName("deployer"));
    String stale =
        adminIam(PROD).getRole(r -> r.roleName("Unique")).role().assumeRolePolicyDocument();
    assertThat(URLDecoder.decode(stale, StandardCharsets.UTF_8)).contains("AROA");
    emulator()
        .account(DEV)
        .createRole(
            "deployer",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":\"sts:AssumeRole\"}]}");
    long mark = emulator().calls().mark();
    touchAccount("prod-unique", "resync-unique");

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> writeActions(mark, PROD).contains("UpdateAssumeRolePolicy"));
    String fixed =
        adminIam(PROD).getRole(r -> r.roleName("Unique")).role().assumeRolePolicyDocument();
    assertThat(URLDecoder.decode(fixed, StandardCharsets.UTF_8))
        .contains("arn:aws:iam::123456789012:role/deployer")
        .doesNotContain("AROA");
  }

  private void assertPlan(
      java.util.function.Consumer<CrossAccountRole> change, String... expected) {
    long mark = emulator().calls().mark();
    CrossAccountRole edited =
        edit(
            "changes",
            r -> {
              change.accept(r);
              return r;
            });
    long generation = edited.getMetadata().getGeneration();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              Condition c = ready("changes");
              return c != null
                  && c.getObservedGeneration() == generation
                  && "True".equals(c.getStatus());
            });
    assertThat(writeActions(mark, PROD)).containsExactly(expected);
  }
}
