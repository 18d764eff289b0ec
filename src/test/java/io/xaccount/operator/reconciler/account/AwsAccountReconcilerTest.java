package io.xaccount.operator.reconciler.account;

import static io.xaccount.operator.testsupport.EmulatorResource.DEV;
import static io.xaccount.operator.testsupport.EmulatorResource.OTHER;
import static io.xaccount.operator.testsupport.EmulatorResource.PROD;
import static io.xaccount.operator.testsupport.EmulatorResource.emulator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.xaccount.emulator.knobs.Call;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.api.v1alpha1.CredentialSource;
import io.xaccount.operator.api.v1alpha1.SecretKeyRef;
import io.xaccount.operator.reconciler.SecretValues;
import io.xaccount.operator.testsupport.Edits;
import io.xaccount.operator.testsupport.EmulatorResource;
import io.xaccount.operator.testsupport.KubeSystem;
import io.xaccount.operator.testsupport.Resources;
import io.xaccount.sandbox.OperatorPermissions;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = KubeSystem.class)
class AwsAccountReconcilerTest {
  private static final String TRUST_WITH_EXTERNAL_ID =
      """
      {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
      "Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":"sts:AssumeRole",\
      "Condition":{"StringEquals":{"sts:ExternalId":"%s"}}}]}""";

  @Inject KubernetesClient client;

  @AfterEach
  void cleanUp() {
    EmulatorResource.clock().setOffset(Duration.ZERO);
    client.resources(AwsAccount.class).delete();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> client.resources(AwsAccount.class).list().getItems().isEmpty());
  }

  @Test
  void assumedRoleInTheDeclaredAccountIsVerified() {
    client.resource(Resources.account("verified-dev", DEV, "platform")).create();

    Condition ready = awaitReady("verified-dev", "True");

    AwsAccount account = get("verified-dev");
    assertThat(ready.getReason()).isEqualTo("Verified");
    assertThat(ready.getObservedGeneration()).isEqualTo(account.getMetadata().getGeneration());
    assertThat(account.getStatus().getCallerArn())
        .isEqualTo("arn:aws:sts::" + DEV + ":assumed-role/xaccount-operator/xaccount-operator");
    assertThat(account.getStatus().getAccountId()).isEqualTo(DEV);
    assertThat(account.getStatus().getObservedGeneration())
        .isEqualTo(account.getMetadata().getGeneration());
  }

  @Test
  void defaultCredentialsInAnotherAccountAreAnAccountMismatch() {
    AwsAccount account = Resources.account("mismatch", DEV, "platform");
    account.getSpec().getCredentials().setSource(CredentialSource.Default);
    account.getSpec().getCredentials().setAssumeRole(null);
    client.resource(account).create();

    Condition ready = awaitReason("mismatch", "AccountMismatch");

    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getMessage()).contains(PROD).contains(DEV);
    assertThat(get("mismatch").getStatus().getCallerArn()).isNull();
  }

  @Test
  void roleArnInAnotherAccountIsAnInvalidSpecWithoutAnyAwsCall() {
    long mark = emulator().calls().mark();
    AwsAccount account = Resources.account("wrong-role-account", DEV, "platform");
    account
        .getSpec()
        .getCredentials()
        .getAssumeRole()
        .setRoleArn("arn:aws:iam::" + OTHER + ":role/xaccount-operator");
    client.resource(account).create();

    Condition ready = awaitReason("wrong-role-account", "InvalidSpec");

    assertThat(ready.getMessage()).contains("roleArn names account " + OTHER);
    assertThat(emulator().calls().since(mark))
        .noneMatch(c -> OTHER.equals(c.accountId()) || "AssumeRole".equals(c.action()));
  }

  @Test
  void deniedAssumeRoleIsAccessDenied() {
    emulator()
        .account(OTHER)
        .createRole("trusts-only-dev", EmulatorResource.trustOperator().replace(PROD, DEV));
    AwsAccount account = Resources.account("denied", OTHER, "platform");
    account
        .getSpec()
        .getCredentials()
        .getAssumeRole()
        .setRoleArn("arn:aws:iam::" + OTHER + ":role/trusts-only-dev");
    client.resource(account).create();

    Condition ready = awaitReason("denied", "AccessDenied");

    assertThat(ready.getStatus()).isEqualTo("False");
    // Both sides: the base identity (read with GetCallerIdentity) and the role in OTHER, with
    // the trust statement that role needs.
    String base = "arn:aws:iam::" + PROD + ":user/" + OperatorPermissions.BASE_USER;
    assertThat(ready.getMessage())
        .startsWith(base + " could not assume arn:aws:iam::" + OTHER + ":role/trusts-only-dev")
        .contains("In account " + OTHER + ", the role may be missing, or its trust policy")
        .contains(
            "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                + base
                + "\"},\"Action\":\"sts:AssumeRole\"}")
        .contains("operator's own account (" + PROD + ")");
  }

  @Test
  void missingSecretWaitsAndRotationIsPickedUp() {
    EmulatorResource.operatorRole(
        OTHER, "needs-external-id", TRUST_WITH_EXTERNAL_ID.formatted(PROD, "first-secret"));
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName("ops").endMetadata().build())
        .createOr(existing -> existing.update());
    AwsAccount account = Resources.account("external-id", OTHER, "platform");
    account
        .getSpec()
        .getCredentials()
        .getAssumeRole()
        .setRoleArn("arn:aws:iam::" + OTHER + ":role/needs-external-id");
    account
        .getSpec()
        .getCredentials()
        .getAssumeRole()
        .setExternalIdSecretRef(new SecretKeyRef("ops", "other-external-id", "externalId"));
    client.resource(account).create();

    Condition missing = awaitReason("external-id", "SecretNotFound");
    assertThat(missing.getMessage()).contains("ops/other-external-id");

    writeSecret("first-secret");
    awaitReady("external-id", "True");

    writeSecret("wrong-secret");
    Condition denied = awaitReason("external-id", "AccessDenied");
    assertThat(denied.getMessage()).doesNotContain("wrong-secret");

    writeSecret("first-secret");
    awaitReady("external-id", "True");
    assertThat(client.resources(AwsAccount.class).withName("external-id").get().toString())
        .doesNotContain("first-secret")
        .doesNotContain("wrong-secret");
  }

  @Test
  void reconcilesReuseTheCachedSessionAndRefreshItOnceBeforeExpiry() {
    // Credentials the emulator issues now expire in about two minutes: inside the SDK's prefetch
    // window, outside its stale window.
    // The role is created on the shifted clock too, so that it is not brand new when assumed.
    EmulatorResource.clock().setOffset(Duration.ofSeconds(-(3600 - 120)));
    EmulatorResource.operatorRole(DEV, "refreshing-operator");
    long mark = emulator().calls().mark();
    AwsAccount account = Resources.account("cached", DEV, "platform");
    account
        .getSpec()
        .getCredentials()
        .getAssumeRole()
        .setRoleArn("arn:aws:iam::" + DEV + ":role/refreshing-operator");
    client.resource(account).create();
    awaitReady("cached", "True");
    assertThat(assumeRoleCalls(mark)).hasSize(1);

    EmulatorResource.clock().setOffset(Duration.ZERO);
    for (int i = 1; i <= 3; i++) {
      String namespace = "team-" + i;
      Edits.retrying(
          client.resources(AwsAccount.class).withName("cached"), a -> withNamespace(a, namespace));
      long generation = i + 1;
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> get("cached").getStatus().getObservedGeneration() == generation);
    }

    List<Call> calls = emulator().calls().since(mark);
    assertThat(assumeRoleCalls(mark)).hasSize(2);
    assertThat(calls).filteredOn(c -> c.action().equals("GetCallerIdentity")).hasSize(4);
  }

  private static AwsAccount withNamespace(AwsAccount account, String namespace) {
    account.getSpec().getAllowedNamespaces().getNames().add(namespace);
    return account;
  }

  private static List<Call> assumeRoleCalls(long mark) {
    return emulator().calls().since(mark).stream()
        .filter(c -> c.action().equals("AssumeRole"))
        .toList();
  }

  private void writeSecret(String value) {
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("other-external-id")
                .withNamespace("ops")
                .addToLabels(SecretValues.LABEL, "true")
                .endMetadata()
                .addToStringData("externalId", value)
                .build())
        .createOr(existing -> existing.update());
  }

  private AwsAccount get(String name) {
    return client.resources(AwsAccount.class).withName(name).get();
  }

  private Condition awaitReady(String name, String status) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> readyOf(name), c -> c != null && status.equals(c.getStatus()));
  }

  private Condition awaitReason(String name, String reason) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> readyOf(name), c -> c != null && reason.equals(c.getReason()));
  }

  private Condition readyOf(String name) {
    AwsAccount account = get(name);
    return account == null || account.getStatus() == null
        ? null
        : account.getStatus().readyCondition().orElse(null);
  }
}
