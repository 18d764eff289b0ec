package io.xaccount.operator.reconciler.role;

import static io.xaccount.operator.testsupport.EmulatorResource.DEV;
import static io.xaccount.operator.testsupport.EmulatorResource.PROD;
import static io.xaccount.operator.testsupport.EmulatorResource.emulator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.xaccount.emulator.knobs.Call;
import io.xaccount.emulator.model.AccountState;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.RoleLastUsed;
import io.xaccount.operator.testsupport.KubeSystem;
import io.xaccount.operator.testsupport.Resources;
import io.xaccount.operator.testsupport.Sts;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Unused access shows itself (issue 31): a role someone assumed shows when and where at its next
 * resync, from the read the resync makes anyway (the role's own, or the account's bulk read), and a
 * role nobody used for longer than its account allows is warned about once.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = KubeSystem.class)
class RoleLastUsedTest extends RoleTestSupport {
  private static final String USER = "last-used-alice";
  private static final Set<String> ROLE_READS =
      Set.of("GetRole", "ListAttachedRolePolicies", "ListRolePolicies", "GetRolePolicy");
  private static StsClient alice;

  @Inject MeterRegistry registry;
  @Inject RoleSnapshots snapshots;

  @Test
  void aRoleAssumedShowsWhenAndWhereAfterItsNextResyncWhichOnlyReadsTheRole() {
    account("last-used", PROD);
    create(Resources.role(NAMESPACE, "used", "last-used", "LastUsedDirect", DEV));
    RoleLastUsed fresh = awaitConverged("used").getStatus().getLastUsed();
    assertThat(fresh.getTime()).isNull();
    assertThat(fresh.getRoleCreated()).isNotNull();
    awaitSettled("used");

    Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    switchInto(PROD, "LastUsedDirect");
    long mark = emulator().calls().mark();
    touchAccount("last-used", "resync-1");

    RoleLastUsed used = awaitUsed("used");
    assertThat(Instant.parse(used.getTime())).isAfterOrEqualTo(before);
    assertThat(used.getRegion()).isEqualTo("us-east-1");
    assertThat(used.getRoleCreated()).isEqualTo(fresh.getRoleCreated());
    assertThat(operatorCalls(mark)).allSatisfy(c -> assertThat(c.action()).isIn(ROLE_READS));
    assertThat(writeActions(mark, PROD)).isEmpty();
  }

  @Test
  void whereTheAccountIsReadInBulkTheLastUseComesWithThatReadAndNoOtherCall() {
    account("last-used-bulk", PROD);
    for (int i = 0; i < 10; i++) {
      create(Resources.role(NAMESPACE, "bulk-used" + i, "last-used-bulk", "BulkUsed" + i, DEV));
    }
    for (int i = 0; i < 10; i++) {
      awaitConverged("bulk-used" + i);
    }
    // A bulk read begun sooner after the roles' last writes is not trusted about them.
    await()
        .pollDelay(snapshots.settleTime())
        .atMost(snapshots.settleTime().plusSeconds(5))
        .until(() -> true);

    switchInto(PROD, "BulkUsed3");
    long mark = emulator().calls().mark();
    touchAccount("last-used-bulk", "resync-1");

    assertThat(awaitUsed("bulk-used3").getRegion()).isEqualTo("us-east-1");
    awaitSettled("bulk-used3");
    assertThat(operatorCalls(mark))
        .extracting(Call::action)
        .containsExactlyInAnyOrder("GetAccountAuthorizationDetails", "ListRoles");
    assertThat(get("bulk-used4").getStatus().getLastUsed().getTime()).isNull();
  }

  @Test
  void aRoleUnusedForLongerThanItsAccountAllowsIsWarnedAboutOnceUntilItIsUsed() {
    AwsAccount guarded = Resources.account("last-used-guard", PROD, NAMESPACE);
    guarded.getSpec().getGuardrails().setUnusedRoleWarningAfter("3s");
    client.resource(guarded).create();
    create(Resources.role(NAMESPACE, "idle", "last-used-guard", "LastUsedIdle", DEV));
    awaitConverged("idle");
    await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(5)).until(() -> true);

    touchAccount("last-used-guard", "resync-1");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> "3s".equals(get("idle").getStatus().getLastUsed().getUnusedLongerThan()));
    CrossAccountRole idle = get("idle");
    assertThat(idle.getStatus().getWarnings())
        .anySatisfy(w -> assertThat(w).startsWith("unused: nobody has assumed the role since"));
    assertThat(idle.getStatus().readyCondition().orElseThrow().getStatus()).isEqualTo("True");
    await().atMost(Duration.ofSeconds(10)).until(() -> unusedEvents("idle") == 1);
    assertThat(unusedRoles()).isGreaterThanOrEqualTo(1);

    // Another resync says it again in status, and records no second Event.
    touchAccount("last-used-guard", "resync-2");
    awaitSettled("idle");
    assertThat(unusedEvents("idle")).isEqualTo(1);

    // Used: the warning goes at the next resync; nothing was ever deleted.
    switchInto(PROD, "LastUsedIdle");
    touchAccount("last-used-guard", "resync-3");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> get("idle").getStatus().getLastUsed().getUnusedLongerThan() == null);
    assertThat(get("idle").getStatus().getWarnings()).isNull();
    assertThat(get("idle").getStatus().getLastUsed().getTime()).isNotNull();
  }

  private RoleLastUsed awaitUsed(String name) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> get(name).getStatus().getLastUsed(),
            used -> used != null && used.getTime() != null);
  }

  private long unusedEvents(String name) {
    return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .filter(e -> UnusedRoles.EVENT.equals(e.getReason()))
        .count();
  }

  private double unusedRoles() {
    Gauge gauge = registry.find(UnusedRoles.GAUGE).tag("account", PROD).gauge();
    return gauge == null ? 0 : gauge.value();
  }

  /** A Dev user whose own policy lets it assume any role of {@code account}, switching into one. */
  private static void switchInto(String account, String roleName) {
    if (alice == null) {
      AccountState dev = emulator().account(DEV);
      dev.createUser(USER);
      String policy =
          dev.createPolicy(
              USER + "-assume",
              """
              {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",\
              "Resource":"arn:aws:iam::%s:role/*"}]}"""
                  .formatted(account));
      dev.attachUserPolicy(USER, policy);
      alice = Sts.of(DEV, USER);
    }
    Sts.assume(alice, "arn:aws:iam::%s:role/%s".formatted(account, roleName), "alice");
  }

  /** The operator's IAM calls in Prod since the mark (not the test's own, as administrator). */
  private static List<Call> operatorCalls(long mark) {
    return iamCalls(mark, PROD).stream()
        .filter(c -> String.valueOf(c.callerArn()).contains(":assumed-role/xaccount-operator/"))
        .toList();
  }
}
