package io.xaccount.operator.reconciler.account;

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
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.Guardrails;
import io.xaccount.operator.api.v1alpha1.ReadyStatus;
import io.xaccount.operator.testsupport.KubeSystem;
import io.xaccount.operator.testsupport.Ready;
import io.xaccount.operator.testsupport.Resources;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/**
 * Issue 24, finding 5: an AwsAccount being deleted accepts no new users (a role or grant that has
 * written nothing yet, or any change of spec, is AccountNotReady "being deleted", with no IAM
 * write), while the deletion of its users still cleans up IAM so that the account can go; and its
 * {@code status.inUseBy} names each user once, however users come and go meanwhile.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = KubeSystem.class)
class TerminatingAccountTest {
  private static final String NS = "account-closing";
  private static final String USER = "closing-alice";
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Inject KubernetesClient client;
  @KubernetesTestServer KubernetesServer server;

  @BeforeEach
  void people() {
    try {
      adminIam(DEV).getUser(r -> r.userName(USER));
    } catch (NoSuchEntityException e) {
      emulator().account(DEV).createUser(USER);
    }
  }

  @AfterEach
  void deleteEverything() {
    Resources.deleteAll(client);
  }

  @Test
  void aTerminatingAccountTakesNoNewRoleGrantOrChangeAndStillLetsItsUsersGo() {
    Ready.createAccount(client, Resources.account("closing-prod", PROD, NS));
    Ready.createAccount(client, devAccount("closing-dev"));
    CrossAccountRole held =
        Ready.createRole(client, Resources.role(NS, "held-role", "closing-prod", "HeldRole", DEV));
    String heldArn = held.getStatus().getRoleArn();
    client.resource(grant("held-grant", "closing-dev", heldArn)).create();
    awaitReason(AssumeRoleGrant.class, "held-grant", "Converged");
    String grantPolicy = get(AssumeRoleGrant.class, "held-grant").getStatus().getPolicyArn();
    deleteAccount("closing-prod");
    deleteAccount("closing-dev");
    long mark = emulator().calls().mark();

    client.resource(Resources.role(NS, "late-role", "closing-prod", "LateRole", DEV)).create();
    client.resource(grant("late-grant", "closing-dev", heldArn)).create();
    // A merge patch, as kubectl sends: no resourceVersion to race the operator's status writes.
    client
        .resources(CrossAccountRole.class)
        .inNamespace(NS)
        .withName("held-role")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"description\":\"widened while its account goes\"}}");

    for (Condition refused :
        List.of(
            awaitBeingDeleted(CrossAccountRole.class, "late-role"),
            awaitBeingDeleted(AssumeRoleGrant.class, "late-grant"),
            awaitBeingDeleted(CrossAccountRole.class, "held-role"))) {
      assertThat(refused.getStatus()).isEqualTo("False");
    }
    assertThat(emulator().calls().writesSince(mark)).isEmpty();
    assertThatThrownBy(() -> adminIam(PROD).getRole(r -> r.roleName("LateRole")))
        .isInstanceOf(NoSuchEntityException.class);
    assertThat(adminIam(PROD).getRole(r -> r.roleName("HeldRole")).role().description()).isNull();

    Resources.deleteAll(client);

    assertThat(client.resources(AwsAccount.class).list().getItems()).isEmpty();
    assertThatThrownBy(() -> adminIam(PROD).getRole(r -> r.roleName("HeldRole")))
        .isInstanceOf(NoSuchEntityException.class);
    assertThatThrownBy(() -> adminIam(DEV).getPolicy(r -> r.policyArn(grantPolicy)))
        .isInstanceOf(NoSuchEntityException.class);
  }

  @Test
  void inUseByNamesEachUserOnceWhileUsersComeAndGoDuringDeletion() throws Exception {
    Ready.createAccount(client, Resources.account("busy", PROD, NS));
    Ready.createRole(client, Resources.role(NS, "anchor", "busy", "BusyAnchor", DEV));
    deleteAccount("busy");
    KubernetesMockServer api = server.getKubernetesMockServer();
    drain(api);

    TreeSet<String> expected = new TreeSet<>(List.of("CrossAccountRole " + NS + "/anchor"));
    for (int i = 0; i < 6; i++) {
      client.resource(Resources.role(NS, "r" + i, "busy", "BusyRole" + i, DEV)).create();
      expected.add("CrossAccountRole " + NS + "/r" + i);
      client.resource(grant("g" + i, "busy", "arn:aws:iam::" + PROD + ":role/BusyAnchor")).create();
      expected.add("AssumeRoleGrant " + NS + "/g" + i);
      if (i % 2 == 1) {
        client.resources(CrossAccountRole.class).inNamespace(NS).withName("r" + (i - 1)).delete();
        expected.remove("CrossAccountRole " + NS + "/r" + (i - 1));
        client.resources(AssumeRoleGrant.class).inNamespace(NS).withName("g" + i).delete();
        expected.remove("AssumeRoleGrant " + NS + "/g" + i);
      }
    }

    List<List<String>> seen = new ArrayList<>();
    await()
        .atMost(WAIT)
        .until(
            () -> {
              List<String> inUseBy = account("busy").getStatus().getInUseBy();
              seen.add(inUseBy);
              return List.copyOf(expected).equals(inUseBy);
            });
    assertThat(seen).allSatisfy(list -> assertThat(list).doesNotHaveDuplicates());
    assertStatusIsWrittenWhole(api);

    Resources.deleteAll(client);
  }

  /**
   * Every status write of the operator is a PUT of the status subresource: never a patch, whose
   * list elements a real API server (JSON Patch, by index) or the mock (merge patch, appended)
   * would not replace whole. (The version it carries cannot be seen here: the mock consumes the
   * bodies it journals.)
   */
  private static void assertStatusIsWrittenWhole(KubernetesMockServer api)
      throws InterruptedException {
    List<String> patches = new ArrayList<>();
    List<String> puts = new ArrayList<>();
    for (RecordedRequest r = api.takeRequest(1, TimeUnit.MILLISECONDS);
        r != null;
        r = api.takeRequest(1, TimeUnit.MILLISECONDS)) {
      if (r.getPath().split("\\?")[0].endsWith("/status")) {
        if ("PATCH".equals(r.getMethod())) {
          patches.add(r.getPath());
        } else if ("PUT".equals(r.getMethod())) {
          puts.add(r.getPath());
        }
      }
    }
    assertThat(patches).isEmpty();
    assertThat(puts)
        .contains("/apis/xaccount.io/v1alpha1/awsaccounts/busy/status")
        .anyMatch(p -> p.contains("/crossaccountroles/"))
        .anyMatch(p -> p.contains("/assumerolegrants/"));
  }

  private static void drain(KubernetesMockServer api) throws InterruptedException {
    while (api.takeRequest(1, TimeUnit.MILLISECONDS) != null) {
      // Requests of earlier tests and of this one's set-up.
    }
  }

  /** An AwsAccount in Dev whose grants may name Prod's roles by ARN. */
  private static AwsAccount devAccount(String name) {
    AwsAccount account = Resources.account(name, DEV, NS);
    Guardrails guardrails = new Guardrails();
    guardrails.setAllowedTargetAccountIds(List.of(PROD));
    account.getSpec().setGuardrails(guardrails);
    return account;
  }

  private static AssumeRoleGrant grant(String name, String account, String roleArn) {
    return Resources.grant(NS, name, account, Resources.roleArn(roleArn), USER);
  }

  /** Deletes the account, which its users hold, and waits until it says who they are. */
  private void deleteAccount(String name) {
    client.resources(AwsAccount.class).withName(name).delete();
    await()
        .atMost(WAIT)
        .until(
            () -> account(name),
            a -> a.isMarkedForDeletion() && a.getStatus().getInUseBy() != null);
  }

  private <R extends CustomResource<?, ? extends ReadyStatus>> Condition awaitBeingDeleted(
      Class<R> kind, String name) {
    Condition refused =
        await()
            .atMost(WAIT)
            .until(
                () -> {
                  R r = get(kind, name);
                  Condition c = Ready.of(r);
                  return c != null
                          && "AccountNotReady".equals(c.getReason())
                          && r.getMetadata().getGeneration().equals(c.getObservedGeneration())
                      ? c
                      : null;
                },
                c -> c != null);
    assertThat(refused.getMessage()).contains("is being deleted");
    return refused;
  }

  private void awaitReason(Class<AssumeRoleGrant> kind, String name, String reason) {
    await()
        .atMost(WAIT)
        .until(() -> Ready.of(get(kind, name)), c -> c != null && reason.equals(c.getReason()));
  }

  private <R extends CustomResource<?, ?>> R get(Class<R> kind, String name) {
    return client.resources(kind).inNamespace(NS).withName(name).get();
  }

  private AwsAccount account(String name) {
    return client.resources(AwsAccount.class).withName(name).get();
  }
}
