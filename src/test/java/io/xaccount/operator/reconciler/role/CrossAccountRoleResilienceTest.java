package io.xaccount.operator.reconciler.role;

import static io.xaccount.operator.testsupport.EmulatorResource.DEV;
import static io.xaccount.operator.testsupport.EmulatorResource.PROD;
import static io.xaccount.operator.testsupport.EmulatorResource.emulator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.xaccount.emulator.knobs.Call;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.aws.AwsClientCache;
import io.xaccount.operator.testsupport.KubeSystem;
import io.xaccount.operator.testsupport.Resources;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** IAM's reality: eventual consistency, transient failures, conflicts, and a fresh session. */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = KubeSystem.class)
class CrossAccountRoleResilienceTest extends RoleTestSupport {
  private static final String POWER_USER = "arn:aws:iam::aws:policy/PowerUserAccess";

  @Inject AwsClientCache clientCache;

  @AfterEach
  void resetEmulator() {
    emulator().faults().clear();
    emulator().setReadAfterCreateDelay(Duration.ZERO);
  }

  @Test
  void aFreshSessionAfterARestartStillMakesNoIamWrite() {
    account("prod-restart", PROD);
    CrossAccountRole spec = Resources.role(NAMESPACE, "restart", "prod-restart", "Restart", DEV);
    spec.getSpec().setManagedPolicyArns(List.of(POWER_USER));
    create(spec);
    awaitConverged("restart");
    awaitSettled("restart");

    // What a restart loses: the cached clients and their STS session.
    clientCache.evict("prod-restart");
    long mark = emulator().calls().mark();
    touchAccount("prod-restart", "after-restart");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                iamCalls(mark, PROD).stream().anyMatch(c -> c.action().equals("ListRolePolicies")));
    await().pollDelay(Duration.ofSeconds(1)).until(() -> true);

    assertThat(writeActions(mark, PROD)).isEmpty();
    assertThat(iamCalls(mark, PROD))
        .extracting(Call::action)
        .containsExactlyInAnyOrder("GetRole", "ListAttachedRolePolicies", "ListRolePolicies");
    assertThat(emulator().calls().since(mark))
        .filteredOn(c -> c.action().equals("AssumeRole"))
        .as("one new session, not one per call")
        .hasSize(1);
  }

  @Test
  void aRoleIamDoesNotShowRightAfterCreateIsNotCreatedTwice() {
    account("prod-consistency", PROD);
    emulator().setReadAfterCreateDelay(Duration.ofSeconds(2));
    long mark = emulator().calls().mark();
    CrossAccountRole spec =
        Resources.role(NAMESPACE, "consistency", "prod-consistency", "Consistency", DEV);
    spec.getSpec().setManagedPolicyArns(List.of(POWER_USER));
    create(spec);

    awaitConverged("consistency");
    touchAccount("prod-consistency", "reread");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                iamCalls(mark, PROD).stream()
                        .filter(c -> c.action().equals("GetRole") && c.succeeded())
                        .count()
                    >= 1);

    assertThat(iamCalls(mark, PROD))
        .filteredOn(c -> c.action().equals("CreateRole") && c.succeeded())
        .hasSize(1);
    assertThat(emulator().account(PROD).roleNames()).contains("Consistency");
  }

  @Test
  void serviceFailuresAreRetriedWithBackoff() {
    account("prod-5xx", PROD);
    emulator().faults().failNext("AttachRolePolicy", PROD, "ServiceFailure", 4);
    CrossAccountRole spec = Resources.role(NAMESPACE, "flaky", "prod-5xx", "Flaky", DEV);
    spec.getSpec().setManagedPolicyArns(List.of(POWER_USER));
    create(spec);

    awaitConverged("flaky");

    assertThat(emulator().calls().entries())
        .filteredOn(
            c -> c.action().equals("AttachRolePolicy") && "ServiceFailure".equals(c.errorCode()))
        .hasSize(4);
  }

  @Test
  void aDeleteConflictIsRetriedWithinTheSameDeletion() {
    account("prod-conflict-delete", PROD);
    create(Resources.role(NAMESPACE, "conflicted", "prod-conflict-delete", "Conflicted", DEV));
    awaitConverged("conflicted");
    emulator().faults().failNext("DeleteRole", PROD, "DeleteConflict", 1);
    long mark = emulator().calls().mark();

    client.resources(CrossAccountRole.class).inNamespace(NAMESPACE).withName("conflicted").delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> get("conflicted") == null);

    assertThat(iamCalls(mark, PROD))
        .filteredOn(c -> c.action().equals("DeleteRole"))
        .extracting(Call::errorCode)
        .containsExactly("DeleteConflict", null);
    assertThat(emulator().account(PROD).roleNames()).doesNotContain("Conflicted");
  }
}
