package io.xaccount.operator.reconciler.account;

import static io.xaccount.operator.testsupport.EmulatorResource.DEV;
import static io.xaccount.operator.testsupport.EmulatorResource.PROD;
import static io.xaccount.operator.testsupport.EmulatorResource.adminIam;
import static io.xaccount.operator.testsupport.EmulatorResource.emulator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.testsupport.Edits;
import io.xaccount.operator.testsupport.KubeSystem;
import io.xaccount.operator.testsupport.Ready;
import io.xaccount.operator.testsupport.Resources;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/**
 * An AwsAccount in use is protected the way Kubernetes protects a PersistentVolumeClaim in use: its
 * deletion waits for the roles and grants that need it to clean up IAM; and if it is removed
 * anyway, their deletion does not hang.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = KubeSystem.class)
class AccountInUseTest {
  private static final String NS = "account-users";
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Inject KubernetesClient client;

  @AfterEach
  void deleteEverything() {
    Resources.deleteAll(client);
  }

  @Test
  void deletingAnAccountInUseWaitsUntilItsLastUserIsGoneAndSaysWhoHoldsIt() {
    createAccount("in-use");
    CrossAccountRole role = converge(Resources.role(NS, "held", "in-use", "HeldByAccount", DEV));

    client.resources(AwsAccount.class).withName("in-use").delete();

    AwsAccount deleting =
        await()
            .atMost(WAIT)
            .until(
                () -> account("in-use"),
                a -> a.getStatus() != null && a.getStatus().getInUseBy() != null);
    assertThat(deleting.isMarkedForDeletion()).isTrue();
    assertThat(deleting.getStatus().getInUseBy())
        .containsExactly("CrossAccountRole " + NS + "/held");
    assertThat(accountEvents("in-use"))
        .anyMatch(
            e ->
                e.getReason().equals("AccountInUse")
                    && e.getType().equals("Warning")
                    && e.getMessage().contains("CrossAccountRole " + NS + "/held"));

    client.resource(role).delete();

    await().atMost(WAIT).until(() -> account("in-use") == null);
    assertThatThrownBy(() -> adminIam(PROD).getRole(r -> r.roleName("HeldByAccount")))
        .isInstanceOf(NoSuchEntityException.class);
  }

  @Test
  void aResourceTheAccountNeverLetInDoesNotHoldItsDeletionHostage() {
    createAccount("closed");
    CrossAccountRole outsider = Resources.role("outsiders", "squatter", "closed", "Squatter", DEV);
    client.resource(outsider).create();
    await()
        .atMost(WAIT)
        .until(
            () ->
                Ready.of(
                    client
                        .resources(CrossAccountRole.class)
                        .inNamespace("outsiders")
                        .withName("squatter")
                        .get()),
            c -> c != null && "Forbidden".equals(c.getReason()));

    client.resources(AwsAccount.class).withName("closed").delete();

    await().atMost(WAIT).until(() -> account("closed") == null);
  }

  @Test
  void aRoleWhoseAccountWasRemovedByHandIsDeletedWithAWarningNamingWhatStays() {
    createAccount("stripped");
    CrossAccountRole role = converge(Resources.role(NS, "outlived", "stripped", "Outlived", DEV));
    String arn = role.getStatus().getRoleArn();
    client.resources(AwsAccount.class).withName("stripped").delete();
    await().atMost(WAIT).until(() -> account("stripped").getStatus().getInUseBy() != null);
    Edits.retrying(
        client.resources(AwsAccount.class).withName("stripped"),
        a -> {
          a.getMetadata().setFinalizers(List.of());
          return a;
        });
    await().atMost(WAIT).until(() -> account("stripped") == null);
    long mark = emulator().calls().mark();

    client.resource(role).delete();

    await()
        .atMost(WAIT)
        .until(
            () ->
                client.resources(CrossAccountRole.class).inNamespace(NS).withName("outlived").get()
                    == null);
    assertThat(
            client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> "outlived".equals(e.getInvolvedObject().getName())))
        .anyMatch(
            e ->
                e.getReason().equals("IamEntitiesLeftBehind")
                    && e.getType().equals("Warning")
                    && e.getMessage().contains(arn));
    assertThat(emulator().calls().writesSince(mark)).isEmpty();
    assertThat(adminIam(PROD).getRole(r -> r.roleName("Outlived")).role().arn()).isEqualTo(arn);
    adminIam(PROD).deleteRole(r -> r.roleName("Outlived"));
  }

  private void createAccount(String name) {
    Ready.createAccount(client, Resources.account(name, PROD, NS));
  }

  private CrossAccountRole converge(CrossAccountRole role) {
    return Ready.createRole(client, role);
  }

  private AwsAccount account(String name) {
    return client.resources(AwsAccount.class).withName(name).get();
  }

  private List<Event> accountEvents(String name) {
    return client.v1().events().inAnyNamespace().list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }
}
