package io.xaccount.operator.reconciler.role;

import static io.xaccount.operator.testsupport.EmulatorResource.DEV;
import static io.xaccount.operator.testsupport.EmulatorResource.PROD;
import static io.xaccount.operator.testsupport.EmulatorResource.adminIam;
import static io.xaccount.operator.testsupport.EmulatorResource.awaitQuiet;
import static io.xaccount.operator.testsupport.EmulatorResource.emulator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.xaccount.emulator.knobs.Call;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.reconciler.OperatorMetrics;
import io.xaccount.operator.testsupport.EmulatorResource;
import io.xaccount.operator.testsupport.KubeSystem;
import io.xaccount.operator.testsupport.Resources;
import jakarta.inject.Inject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/**
 * Drift detection in bulk: resyncs of many converged roles in one account compare against one
 * GetAccountAuthorizationDetails (plus ListRoles) read of it, read a role directly only when that
 * read shows it otherwise, and keep reading each role on its own where the account holds few.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = KubeSystem.class)
class CrossAccountRoleBulkResyncTest extends RoleTestSupport {
  private static final int ROLES = 30;
  private static final String READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";
  private static final String INLINE = "deny-billing";
  private static final String DESCRIPTION = "bulk role";
  private static final Set<String> BULK_READS =
      Set.of("GetAccountAuthorizationDetails", "ListRoles");
  private static final Set<String> ROLE_READS =
      Set.of("GetRole", "ListAttachedRolePolicies", "ListRolePolicies", "GetRolePolicy");

  @Inject MeterRegistry registry;
  @Inject RoleSnapshots snapshots;

  @Test
  void aResyncOfManyConvergedRolesReadsTheAccountOnceAndNoRoleOnItsOwn() {
    createConverged("bulk-quiet", "Quiet", ROLES);
    awaitSettled();
    double bulk = resyncs("bulk");
    double direct = resyncs("direct");
    long mark = emulator().calls().mark();

    touchAccount("bulk-quiet", "resync-1");
    await().atMost(Duration.ofSeconds(30)).until(() -> resyncs("bulk") - bulk >= ROLES);
    awaitQuiet();

    assertThat(writeActions(mark, PROD)).isEmpty();
    assertThat(operatorCalls(mark))
        .extracting(Call::action)
        .containsExactlyInAnyOrder("GetAccountAuthorizationDetails", "ListRoles");
    assertThat(resyncs("direct")).isEqualTo(direct);
  }

  @Test
  void driftSeenInTheBulkReadIsReadDirectlyAndFixedForThoseRolesOnly() {
    createConverged("bulk-drift", "Drift", ROLES);
    awaitSettled();
    IamClient admin = adminIam(PROD);
    admin.detachRolePolicy(r -> r.roleName("Drift3").policyArn(READ_ONLY));
    admin.updateAssumeRolePolicy(
        r -> r.roleName("Drift7").policyDocument(EmulatorResource.trustOperator()));
    admin.deleteRolePolicy(r -> r.roleName("Drift11").policyName(INLINE));
    admin.updateRole(r -> r.roleName("Drift19").description("changed by hand"));
    admin.detachRolePolicy(r -> r.roleName("Drift15").policyArn(READ_ONLY));
    admin.deleteRolePolicy(r -> r.roleName("Drift15").policyName(INLINE));
    admin.deleteRole(r -> r.roleName("Drift15"));
    Set<String> drifted = Set.of("Drift3", "Drift7", "Drift11", "Drift15", "Drift19");
    double bulk = resyncs("bulk");
    long mark = emulator().calls().mark();

    touchAccount("bulk-drift", "resync-1");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> resyncs("bulk") - bulk >= ROLES - drifted.size() && fixed(admin));
    awaitQuiet();

    List<Call> calls = operatorCalls(mark);
    assertThat(calls).filteredOn(c -> BULK_READS.contains(c.action())).hasSize(2);
    assertThat(calls)
        .filteredOn(c -> ROLE_READS.contains(c.action()))
        .extracting(Call::entity)
        .isSubsetOf(drifted);
    assertThat(calls)
        .filteredOn(c -> c.action().equals("GetRole"))
        .extracting(Call::entity)
        .containsExactlyInAnyOrderElementsOf(drifted);
    assertThat(calls)
        .filteredOn(c -> c.isWrite() && c.succeeded())
        .extracting(c -> c.action() + " " + c.entity())
        .containsExactlyInAnyOrder(
            "AttachRolePolicy Drift3",
            "UpdateAssumeRolePolicy Drift7",
            "PutRolePolicy Drift11",
            "CreateRole Drift15",
            "PutRolePolicy Drift15",
            "AttachRolePolicy Drift15",
            "UpdateRole Drift19");

    // The next resync within the interval compares against the same read, except for the roles
    // written since it began: those wait for their writes to settle, then one more read of the
    // account serves them. Nothing is read role by role, nothing is written.
    double bulkAgain = resyncs("bulk");
    double directAgain = resyncs("direct");
    long again = emulator().calls().mark();
    touchAccount("bulk-drift", "resync-2");
    await().atMost(Duration.ofSeconds(30)).until(() -> resyncs("bulk") - bulkAgain >= ROLES);
    awaitQuiet();
    assertThat(writeActions(again, PROD)).isEmpty();
    assertThat(operatorCalls(again)).allSatisfy(c -> assertThat(c.action()).isIn(BULK_READS));
    assertThat(resyncs("direct")).isEqualTo(directAgain);
  }

  @Test
  void belowTheThresholdEachRoleIsReadOnItsOwn() {
    createConverged("bulk-few", "Few", 3);
    double direct = resyncs("direct");
    long mark = emulator().calls().mark();

    touchAccount("bulk-few", "resync-1");
    await().atMost(Duration.ofSeconds(30)).until(() -> resyncs("direct") - direct >= 3);
    awaitQuiet();

    assertThat(writeActions(mark, PROD)).isEmpty();
    assertThat(operatorCalls(mark))
        .allSatisfy(c -> assertThat(c.action()).isIn(ROLE_READS))
        .filteredOn(c -> c.action().equals("GetRole"))
        .extracting(Call::entity)
        .containsExactlyInAnyOrder("Few0", "Few1", "Few2");
  }

  /** An account with {@code count} converged roles named {@code prefix0...}, all quiet. */
  private void createConverged(String accountName, String prefix, int count) {
    account(accountName, PROD);
    for (int i = 0; i < count; i++) {
      CrossAccountRole role =
          Resources.role(NAMESPACE, (prefix + i).toLowerCase(), accountName, prefix + i, DEV);
      role.getSpec().setDescription(DESCRIPTION);
      role.getSpec().setManagedPolicyArns(List.of(READ_ONLY));
      role.getSpec().setInlinePolicies(List.of(inline(INLINE, "aws-portal:*")));
      create(role);
    }
    for (int i = 0; i < count; i++) {
      awaitConverged((prefix + i).toLowerCase());
    }
    awaitQuiet();
  }

  /** Lets the roles' last writes settle: a bulk read begun sooner is not trusted about them. */
  private void awaitSettled() {
    await()
        .pollDelay(snapshots.settleTime())
        .atMost(snapshots.settleTime().plusSeconds(5))
        .until(() -> true);
  }

  /** The drifted roles as their specs say again. */
  private static boolean fixed(IamClient admin) {
    try {
      return admin.listAttachedRolePolicies(r -> r.roleName("Drift3")).attachedPolicies().stream()
              .map(AttachedPolicy::policyArn)
              .toList()
              .contains(READ_ONLY)
          && URLDecoder.decode(
                  admin.getRole(r -> r.roleName("Drift7")).role().assumeRolePolicyDocument(),
                  StandardCharsets.UTF_8)
              .contains(DEV)
          && admin.listRolePolicies(r -> r.roleName("Drift11")).policyNames().contains(INLINE)
          && !admin
              .listAttachedRolePolicies(r -> r.roleName("Drift15"))
              .attachedPolicies()
              .isEmpty()
          && DESCRIPTION.equals(admin.getRole(r -> r.roleName("Drift19")).role().description());
    } catch (NoSuchEntityException e) {
      return false;
    }
  }

  /** The operator's IAM calls in Prod since the mark (not the test's own, as administrator). */
  private static List<Call> operatorCalls(long mark) {
    return iamCalls(mark, PROD).stream()
        .filter(c -> String.valueOf(c.callerArn()).contains(":assumed-role/xaccount-operator/"))
        .toList();
  }

  private double resyncs(String observation) {
    Counter counter =
        registry
            .find(OperatorMetrics.RESYNCS)
            .tag("kind", "CrossAccountRole")
            .tag("observation", observation)
            .counter();
    return counter == null ? 0 : counter.count();
  }
}
