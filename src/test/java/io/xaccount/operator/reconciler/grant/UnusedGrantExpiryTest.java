package io.xaccount.operator.reconciler.grant;

import static io.xaccount.operator.reconciler.grant.GrantFixtures.DEV_ACCOUNT;
import static io.xaccount.operator.reconciler.grant.GrantFixtures.NAMESPACE;
import static io.xaccount.operator.reconciler.grant.GrantFixtures.PROD_ACCOUNT;
import static io.xaccount.operator.testsupport.EmulatorResource.DEV;
import static io.xaccount.operator.testsupport.EmulatorResource.PROD;
import static io.xaccount.operator.testsupport.EmulatorResource.emulator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.xaccount.emulator.knobs.Call;
import io.xaccount.emulator.model.AccountState;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrantStatus;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.GrantPhase;
import io.xaccount.operator.api.v1alpha1.RoleLastUsed;
import io.xaccount.operator.reconciler.OperatorMetrics;
import io.xaccount.operator.testsupport.Edits;
import io.xaccount.operator.testsupport.KubeSystem;
import io.xaccount.operator.testsupport.Resources;
import io.xaccount.operator.testsupport.Sts;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * Grants that end when their role goes unused (issue 31), end to end with IAM's own decisions: the
 * emulator records each AssumeRole as the role's last use, the role's status reports it at its
 * resync, and the grant ends on time when nobody used the role, as a window does.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = KubeSystem.class)
class UnusedGrantExpiryTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String ALICE = "unused-alice";
  private static final String CAROL = "unused-carol";
  private static final String ROLE = "unused-target";
  private static final String ROLE_NAME = "UnusedTarget";
  private static final String ROLE_ARN = "arn:aws:iam::" + PROD + ":role/" + ROLE_NAME;
  private static StsClient alice;
  private static StsClient carol;

  @Inject KubernetesClient client;
  @Inject MeterRegistry registry;

  /** Alice in Dev, the two accounts, and a Prod role trusting Dev. */
  private void setUp() {
    if (alice == null) {
      emulator().account(DEV).createUser(ALICE);
      alice = GrantFixtures.userSts(ALICE);
      // Carol may assume the role by a policy of her own, not through the operator's grant.
      AccountState dev = emulator().account(DEV);
      dev.createUser(CAROL);
      String own =
          dev.createPolicy(
              CAROL + "-assume",
              """
              {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",\
              "Resource":"%s"}]}"""
                  .formatted(ROLE_ARN));
      dev.attachUserPolicy(CAROL, own);
      carol = Sts.of(DEV, CAROL);
    }
    client.resource(Resources.account(PROD_ACCOUNT, PROD, NAMESPACE)).create();
    client.resource(Resources.account(DEV_ACCOUNT, DEV, NAMESPACE)).create();
    client.resource(GrantFixtures.role(ROLE, ROLE_NAME, DEV)).create();
    await().atMost(WAIT).until(() -> lastUsed() != null);
  }

  @AfterEach
  void deleteEverything() {
    Resources.deleteAll(client);
  }

  @Test
  void aGrantOnARoleNobodyUsesExpiresOnTimeAndAliceIsThenDenied() {
    setUp();
    create("idle", "6s");
    await().atMost(WAIT).until(() -> phase("idle") == GrantPhase.Active);
    AssumeRoleGrantStatus active = status("idle");
    // The role is older than the grant: the count runs from the grant's activation.
    assertThat(active.getUnused().getCountingFrom()).isEqualTo(active.getActiveSince());
    Instant deadline = Instant.parse(active.getActiveSince()).plusSeconds(6);
    long mark = emulator().calls().mark();

    await().atMost(WAIT).until(() -> phase("idle") == GrantPhase.Expired);
    Condition ready = ready("idle");
    assertThat(ready.getStatus()).isEqualTo("True");
    assertThat(ready.getReason()).isEqualTo("Expired");
    assertThat(ready.getMessage())
        .contains("had not been used since " + active.getActiveSince())
        .contains("spec.expireWhenUnusedFor (6s)");
    AssumeRoleGrantStatus expired = status("idle");
    assertThat(expired.getPolicyArn()).isNull();
    assertThat(Instant.parse(expired.getUnused().getExpiredAt())).isAfterOrEqualTo(deadline);
    // The statement left its pack at the deadline, not before (no polling either); alone in its
    // policy, it took the policy with it.
    List<Call> closing = operatorCalls(mark);
    assertThat(closing).anyMatch(c -> c.action().equals("DeletePolicy"));
    assertThat(closing).allSatisfy(c -> assertThat(c.time()).isAfterOrEqualTo(deadline));
    assertThat(aliceMaySwitch()).isFalse();
  }

  @Test
  void useOfTheRoleKeepsTheGrantAndOnceExpiredItStaysSoUntilTheSpecChanges() {
    setUp();
    // 30 s: the use must reach the grant (alice's switch, the role's resync, the grant's wake)
    // before the first deadline, which under the full build's load took more than 10 s.
    create("kept", "30s");
    await().atMost(WAIT).until(() -> phase("kept") == GrantPhase.Active);
    Instant firstDeadline = Instant.parse(status("kept").getActiveSince()).plusSeconds(30);
    // The use comes strictly after the activation, so that its count ends after the first one.
    await().pollDelay(Duration.ofSeconds(2)).atMost(WAIT).until(() -> true);

    // Alice switches; the role's next resync (here: its account was edited) reports the use.
    assertThat(aliceMaySwitch()).isTrue();
    touch(PROD_ACCOUNT, "resync-1");
    await().atMost(WAIT).until(() -> lastUsed().getTime() != null);
    Instant used = Instant.parse(lastUsed().getTime());

    // Past the first deadline the grant holds: the count started again at the use.
    await().atMost(WAIT).until(() -> Instant.now().isAfter(firstDeadline.plusSeconds(1)));
    assertThat(phase("kept")).isEqualTo(GrantPhase.Active);
    long mark = emulator().calls().mark();
    await().atMost(WAIT).until(() -> phase("kept") == GrantPhase.Expired);
    assertThat(operatorCalls(mark))
        .allSatisfy(c -> assertThat(c.time()).isAfterOrEqualTo(used.plusSeconds(30)));
    assertThat(status("kept").getUnused().getUnusedSince()).isEqualTo(used.toString());
    assertThat(aliceMaySwitch()).isFalse();

    // Carol uses the role by a policy of her own; the role reports it, the grant stays Expired.
    Sts.assume(carol, ROLE_ARN, "carol");
    touch(PROD_ACCOUNT, "resync-2");
    await().atMost(WAIT).until(() -> Instant.parse(lastUsed().getTime()).isAfter(used));
    long settled = emulator().calls().mark();
    double expiredReconciles = expiredReconciles();
    touch(DEV_ACCOUNT, "resync-2");
    await().atMost(WAIT).until(() -> expiredReconciles() > expiredReconciles);
    assertThat(phase("kept")).isEqualTo(GrantPhase.Expired);
    assertThat(emulator().calls().writesSince(settled)).noneMatch(c -> DEV.equals(c.accountId()));
    assertThat(aliceMaySwitch()).isFalse();

    // A change of the spec restores it, counting afresh.
    edit("kept", g -> g.getSpec().setExpireWhenUnusedFor("1h"));
    await().atMost(WAIT).until(() -> phase("kept") == GrantPhase.Active);
    assertThat(status("kept").getUnused().getExpiredAt()).isNull();
    assertThat(aliceMaySwitch()).isTrue();
  }

  private void create(String name, String unusedFor) {
    AssumeRoleGrant grant = GrantFixtures.grantForRef(name, ROLE, List.of(ALICE), List.of());
    grant.getSpec().setExpireWhenUnusedFor(unusedFor);
    client.resource(grant).create();
  }

  private void edit(String name, Consumer<AssumeRoleGrant> change) {
    Edits.retrying(
        client.resources(AssumeRoleGrant.class).inNamespace(NAMESPACE).withName(name),
        g -> {
          change.accept(g);
          return g;
        });
  }

  /** An edit of an AwsAccount's spec: everything naming it is reconciled (a resync, at once). */
  private void touch(String account, String namespace) {
    Edits.retrying(
        client.resources(AwsAccount.class).withName(account),
        a -> {
          a.getSpec().getAllowedNamespaces().getNames().add(namespace);
          return a;
        });
  }

  private AssumeRoleGrantStatus status(String name) {
    return client
        .resources(AssumeRoleGrant.class)
        .inNamespace(NAMESPACE)
        .withName(name)
        .get()
        .getStatus();
  }

  private GrantPhase phase(String name) {
    AssumeRoleGrantStatus status = status(name);
    return status == null ? null : status.getPhase();
  }

  private Condition ready(String name) {
    return status(name).readyCondition().orElseThrow();
  }

  private RoleLastUsed lastUsed() {
    CrossAccountRole role =
        client.resources(CrossAccountRole.class).inNamespace(NAMESPACE).withName(ROLE).get();
    return role == null || role.getStatus() == null ? null : role.getStatus().getLastUsed();
  }

  /** The IAM calls the operator made in Dev since {@code mark}. */
  private static List<Call> operatorCalls(long mark) {
    return emulator().calls().since(mark).stream()
        .filter(c -> c.service().equals("iam") && DEV.equals(c.accountId()))
        .filter(c -> c.callerArn() != null && c.callerArn().endsWith("/xaccount-operator"))
        .toList();
  }

  private double expiredReconciles() {
    Counter counter =
        registry
            .find(OperatorMetrics.RESULTS)
            .tag("kind", "AssumeRoleGrant")
            .tag("reason", "Expired")
            .counter();
    return counter == null ? 0 : counter.count();
  }

  private static boolean aliceMaySwitch() {
    try {
      Sts.assume(alice, ROLE_ARN, "alice");
      return true;
    } catch (StsException e) {
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
      return false;
    }
  }
}
