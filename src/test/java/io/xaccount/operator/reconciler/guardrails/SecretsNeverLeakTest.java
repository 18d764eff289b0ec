package io.xaccount.operator.reconciler.guardrails;

import static io.xaccount.operator.testsupport.EmulatorResource.DEV;
import static io.xaccount.operator.testsupport.EmulatorResource.OTHER;
import static io.xaccount.operator.testsupport.EmulatorResource.PROD;
import static io.xaccount.operator.testsupport.EmulatorResource.adminIam;
import static io.xaccount.operator.testsupport.EmulatorResource.emulator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.SecretKeyRef;
import io.xaccount.operator.reconciler.SecretValues;
import io.xaccount.operator.testsupport.Edits;
import io.xaccount.operator.testsupport.EmulatorResource;
import io.xaccount.operator.testsupport.KubeSystem;
import io.xaccount.operator.testsupport.Resources;
import jakarta.inject.Inject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ExternalIds reach IAM and STS, and nowhere else: not status, not events, not logs. */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = KubeSystem.class)
class SecretsNeverLeakTest {
  private static final String NS = "secretive";
  private static final String ACCOUNT_SECRET = "acct-ext-4c7e1d-never-print";
  private static final String ROLE_SECRET = "role-ext-9a2b6f-never-print";
  private static final String WRONG_SECRET = "wrong-ext-0d3e8a-never-print";

  @Inject KubernetesClient client;
  private final List<String> logs = new CopyOnWriteArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          logs.add(
              record.getMessage()
                  + " "
                  + (record.getParameters() == null ? "" : List.of(record.getParameters()))
                  + " "
                  + record.getThrown());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void captureLogs() {
    Logger.getLogger("").addHandler(capture);
  }

  @AfterEach
  void cleanUp() {
    Logger.getLogger("").removeHandler(capture);
    Resources.deleteAll(client);
  }

  @Test
  void externalIdsAppearInNoStatusEventOrLogLine() {
    EmulatorResource.operatorRole(
        OTHER,
        "operator-with-external-id",
        """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
            "Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":"sts:AssumeRole",\
            "Condition":{"StringEquals":{"sts:ExternalId":"%s"}}}]}"""
            .formatted(PROD, ACCOUNT_SECRET));
    secret("account-external-id", WRONG_SECRET);
    secret("role-external-id", ROLE_SECRET);
    AwsAccount account = Resources.account("secretive-other", OTHER, NS);
    account
        .getSpec()
        .getCredentials()
        .getAssumeRole()
        .setRoleArn("arn:aws:iam::" + OTHER + ":role/operator-with-external-id");
    account
        .getSpec()
        .getCredentials()
        .getAssumeRole()
        .setExternalIdSecretRef(new SecretKeyRef(NS, "account-external-id", "externalId"));
    client.resource(account).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> accountReason("secretive-other"), "AccessDenied"::equals);

    secret("account-external-id", ACCOUNT_SECRET);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> accountReason("secretive-other"), "Verified"::equals);
    CrossAccountRole role = Resources.role(NS, "machines", "secretive-other", "Machines", DEV);
    role.getSpec()
        .getTrust()
        .setExternalIdSecretRef(new SecretKeyRef(null, "role-external-id", "externalId"));
    client.resource(role).create();
    await().atMost(Duration.ofSeconds(30)).until(() -> roleReason("machines"), "Converged"::equals);

    String trust =
        URLDecoder.decode(
            adminIam(OTHER).getRole(r -> r.roleName("Machines")).role().assumeRolePolicyDocument(),
            StandardCharsets.UTF_8);
    assertThat(trust).as("the ExternalId did reach IAM").contains(ROLE_SECRET);
    CrossAccountRole converged =
        client.resources(CrossAccountRole.class).inNamespace(NS).withName("machines").get();
    assertThat(converged.getStatus().getSwitchRoleUrl()).isNull();
    assertThat(converged.getStatus().getConsoleNote()).isNotBlank();

    String everything =
        Serialization.asJson(client.resources(AwsAccount.class).list())
            + Serialization.asJson(client.resources(CrossAccountRole.class).inAnyNamespace().list())
            + Serialization.asJson(client.v1().events().inAnyNamespace().list())
            + String.join("\n", logs);
    assertThat(logs).isNotEmpty();
    for (String secret : List.of(ACCOUNT_SECRET, ROLE_SECRET, WRONG_SECRET)) {
      assertThat(everything).doesNotContain(secret);
    }
  }

  @Test
  void anUnlabelledSecretIsNeverReadAndLabellingItIsEnough() {
    client.resource(Resources.account("secretive-prod", PROD, NS)).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> accountReason("secretive-prod"), "Verified"::equals);
    secret(NS, "plain-secret", ROLE_SECRET, false);
    long mark = emulator().calls().mark();
    CrossAccountRole role = Resources.role(NS, "unlabelled", "secretive-prod", "Unlabelled", DEV);
    role.getSpec()
        .getTrust()
        .setExternalIdSecretRef(new SecretKeyRef(null, "plain-secret", "externalId"));
    client.resource(role).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> roleReason("unlabelled"), "SecretNotFound"::equals);
    assertThat(readyMessage("unlabelled"))
        .contains("not labelled xaccount.io/external-id=true")
        .contains("kubectl label secret -n " + NS + " plain-secret xaccount.io/external-id=true");
    assertThat(emulator().calls().writesSince(mark)).isEmpty();

    // The labelled informer sees the Secret appear when it is labelled: no resync needed.
    Edits.retrying(
        client.secrets().inNamespace(NS).withName("plain-secret"),
        s ->
            new SecretBuilder(s)
                .editMetadata()
                .addToLabels(SecretValues.LABEL, "true")
                .endMetadata()
                .build());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> roleReason("unlabelled"), "Converged"::equals);
  }

  @Test
  void aRoleCannotReadASecretOfAnotherNamespace() {
    client.resource(Resources.account("secretive-prod", PROD, NS)).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> accountReason("secretive-prod"), "Verified"::equals);
    secret("victim", "victim-external-id", WRONG_SECRET, true);
    long mark = emulator().calls().mark();
    CrossAccountRole role = Resources.role(NS, "thief", "secretive-prod", "Thief", DEV);
    role.getSpec()
        .getTrust()
        .setExternalIdSecretRef(new SecretKeyRef("victim", "victim-external-id", "externalId"));
    client.resource(role).create();
    await().atMost(Duration.ofSeconds(30)).until(() -> roleReason("thief"), "InvalidSpec"::equals);
    assertThat(readyMessage("thief")).contains("only in its own namespace (" + NS + ")");
    assertThat(emulator().calls().writesSince(mark)).isEmpty();
    assertThat(
            Serialization.asJson(client.resources(CrossAccountRole.class).inAnyNamespace().list()))
        .doesNotContain(WRONG_SECRET);
  }

  private String readyMessage(String name) {
    CrossAccountRole r =
        client.resources(CrossAccountRole.class).inNamespace(NS).withName(name).get();
    return r.getStatus().readyCondition().map(Condition::getMessage).orElse("");
  }

  private void secret(String name, String value) {
    secret(NS, name, value, true);
  }

  private void secret(String namespace, String name, String value, boolean labelled) {
    var metadata = new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace);
    if (labelled) {
      metadata = metadata.addToLabels(SecretValues.LABEL, "true");
    }
    client
        .resource(metadata.endMetadata().addToStringData("externalId", value).build())
        .createOr(existing -> existing.update());
  }

  private String accountReason(String name) {
    AwsAccount a = client.resources(AwsAccount.class).withName(name).get();
    return a == null || a.getStatus() == null
        ? null
        : a.getStatus().readyCondition().map(Condition::getReason).orElse(null);
  }

  private String roleReason(String name) {
    CrossAccountRole r =
        client.resources(CrossAccountRole.class).inNamespace(NS).withName(name).get();
    return r == null || r.getStatus() == null
        ? null
        : r.getStatus().readyCondition().map(Condition::getReason).orElse(null);
  }
}
