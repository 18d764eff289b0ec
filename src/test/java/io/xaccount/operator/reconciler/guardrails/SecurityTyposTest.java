package io.xaccount.operator.reconciler.guardrails;

import static io.xaccount.operator.testsupport.EmulatorResource.DEV;
import static io.xaccount.operator.testsupport.EmulatorResource.PROD;
import static io.xaccount.operator.testsupport.EmulatorResource.emulator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.api.v1alpha1.Guardrails;
import io.xaccount.operator.testsupport.KubeSystem;
import io.xaccount.operator.testsupport.Ready;
import io.xaccount.operator.testsupport.Resources;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 24, finding 8: a misspelled key in a security-relevant part of a spec, stored as a real API
 * server stores it for a client that asks for no field validation (the CRD keeps unknown keys
 * there; the mock server keeps everything), is refused: {@code InvalidSpec} naming the key and the
 * field it is closest to, and zero IAM writes. A role's {@code trust: {requireMFA: true}} must
 * never become a role without MFA. An account so refused is not used by the roles naming it either.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = KubeSystem.class)
class SecurityTyposTest {
  private static final String NS = "typos";

  @Inject KubernetesClient client;

  @BeforeEach
  void accounts() {
    Ready.createAccount(client, Resources.account("typos-prod", PROD, NS));
    AwsAccount dev = Resources.account("typos-dev", DEV, NS);
    Guardrails guardrails = new Guardrails();
    guardrails.setAllowedTargetAccountIds(List.of(PROD));
    dev.getSpec().setGuardrails(guardrails);
    Ready.createAccount(client, dev);
  }

  @AfterEach
  void cleanUp() {
    Resources.deleteAll(client);
  }

  /**
   * @param name the row
   * @param kind the kind of the misspelled object
   * @param yaml the misspelled object, stored as it is
   * @param says what its InvalidSpec names
   */
  static Stream<Arguments> typos() {
    String target = "target: {roleArn: \"arn:aws:iam::%s:role/TyposTarget\"}".formatted(PROD);
    return Stream.of(
        row(
            "a role's trust.requireMFA",
            "CrossAccountRole",
            role("trust: {accountIds: [\"%s\"], requireMFA: true}".formatted(DEV)),
            "spec.trust.requireMFA is not a field; did you mean requireMfa?"),
        row(
            "a role's trust.RequireMfa (other case)",
            "CrossAccountRole",
            role("trust: {accountIds: [\"%s\"], RequireMfa: true}".formatted(DEV)),
            "spec.trust.RequireMfa is not a field; did you mean requireMfa?"),
        row(
            "a role's trust.externalIdSecretRef.Key",
            "CrossAccountRole",
            role(
                "trust: {accountIds: [\"%s\"], externalIdSecretRef: {name: ext, Key: id}}"
                    .formatted(DEV)),
            "spec.trust.externalIdSecretRef.Key is not a field; did you mean key?"),
        row(
            "a grant's principals.user",
            "AssumeRoleGrant",
            grant(target + "\n  principals: {user: [alice]}"),
            "spec.principals.user is not a field; did you mean users?"),
        row(
            "a grant's requireMFA",
            "AssumeRoleGrant",
            grant(target + "\n  principals: {users: [alice]}\n  requireMFA: true"),
            "spec.requireMFA is not a field; did you mean requireMfa?"),
        row(
            "a grant's expiresAT",
            "AssumeRoleGrant",
            grant(target + "\n  principals: {users: [alice]}\n  expiresAT: 2030-01-01T00:00:00Z"),
            "spec.expiresAT is not a field; did you mean expiresAt?"),
        row(
            "an account's guardrails.requireMFA",
            "AwsAccount",
            account(
                "allowedNamespaces: {names: [%s]}\n  guardrails: {requireMFA: true}".formatted(NS)),
            "spec.guardrails.requireMFA is not a field; did you mean requireMfa?"),
        row(
            "an account's allowedNamespaces.name",
            "AwsAccount",
            account("allowedNamespaces: {names: [%s], name: [other]}".formatted(NS)),
            "spec.allowedNamespaces.name is not a field; did you mean names?"),
        row(
            "an account's selector matchExpressions[0].value",
            "AwsAccount",
            account(
                ("allowedNamespaces: {names: [%s], selector: {matchExpressions: [{key: team,"
                        + " operator: NotIn, value: [nobody]}]}}")
                    .formatted(NS)),
            "spec.allowedNamespaces.selector.matchExpressions[0].value is not a field; did you"
                + " mean values?"));
  }

  private static Arguments row(String name, String kind, String yaml, String says) {
    return Arguments.of(name, kind, yaml, says);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("typos")
  void aMisspelledSecurityFieldIsRefusedWithoutAnyIamWrite(
      String name, String kind, String yaml, String says) {
    long mark = emulator().calls().mark();
    createRaw(kind, yaml);

    Condition refused =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> ready(kind, "typo"), c -> c != null && "InvalidSpec".equals(c.getReason()));

    assertThat(refused.getMessage()).contains(says).contains("refused, never ignored");
    assertThat(emulator().calls().writesSince(mark)).isEmpty();
    assertThat(emulator().account(PROD).roleNames()).doesNotContain("TyposNoMfa", "TyposCompanion");
  }

  private static String role(String trust) {
    return """
        apiVersion: xaccount.io/v1alpha1
        kind: CrossAccountRole
        metadata: {name: typo, namespace: %s}
        spec:
          accountRef: typos-prod
          roleName: TyposNoMfa
          %s
        """
        .formatted(NS, trust);
  }

  private static String grant(String body) {
    return """
        apiVersion: xaccount.io/v1alpha1
        kind: AssumeRoleGrant
        metadata: {name: typo, namespace: %s}
        spec:
          accountRef: typos-dev
          %s
        """
        .formatted(NS, body);
  }

  private static String account(String body) {
    return """
        apiVersion: xaccount.io/v1alpha1
        kind: AwsAccount
        metadata: {name: typo}
        spec:
          accountId: "%s"
          credentials:
            source: AssumeRole
            assumeRole: {roleArn: "arn:aws:iam::%s:role/xaccount-operator"}
          %s
        """
        .formatted(PROD, PROD, body);
  }

  /** Stores the object as it is: no schema, no pruning, no field validation. */
  private void createRaw(String kind, String yaml) {
    GenericKubernetesResource raw = Serialization.unmarshal(yaml, GenericKubernetesResource.class);
    var resources = client.genericKubernetesResources("xaccount.io/v1alpha1", kind);
    if (raw.getMetadata().getNamespace() == null) {
      resources.resource(raw).create();
    } else {
      resources.inNamespace(NS).resource(raw).create();
    }
  }

  private Condition ready(String kind, String name) {
    var resources = client.genericKubernetesResources("xaccount.io/v1alpha1", kind);
    GenericKubernetesResource found =
        kind.equals("AwsAccount")
            ? resources.withName(name).get()
            : resources.inNamespace(NS).withName(name).get();
    return found == null ? null : readyOf(found);
  }

  @SuppressWarnings("unchecked")
  private static Condition readyOf(GenericKubernetesResource resource) {
    Object status = resource.getAdditionalProperties().get("status");
    if (!(status instanceof Map<?, ?> map) || !(map.get("conditions") instanceof List<?> list)) {
      return null;
    }
    return list.stream()
        .map(c -> Serialization.jsonMapper().convertValue(c, Condition.class))
        .filter(c -> "Ready".equals(c.getType()))
        .findFirst()
        .orElse(null);
  }
}
