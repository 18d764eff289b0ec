package io.xaccount.operator.reconciler.guardrails;

import static io.xaccount.operator.testsupport.EmulatorResource.DEV;
import static io.xaccount.operator.testsupport.EmulatorResource.OTHER;
import static io.xaccount.operator.testsupport.EmulatorResource.PROD;
import static io.xaccount.operator.testsupport.EmulatorResource.adminIam;
import static io.xaccount.operator.testsupport.EmulatorResource.emulator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.xaccount.emulator.knobs.Call;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrantSpec;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.GrantPrincipals;
import io.xaccount.operator.api.v1alpha1.GrantTarget;
import io.xaccount.operator.api.v1alpha1.Guardrails;
import io.xaccount.operator.api.v1alpha1.InlinePolicy;
import io.xaccount.operator.testsupport.Edits;
import io.xaccount.operator.testsupport.KubeSystem;
import io.xaccount.operator.testsupport.Resources;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 5's table: one forbidden manifest per guardrail (and combinations), each refused with the
 * rule named and no IAM write in any account; allowed manifests next to them converge.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = KubeSystem.class)
class GuardrailsEndToEndTest {
  private static final String NS = "guarded";
  private static final String POWER_USER = "arn:aws:iam::aws:policy/PowerUserAccess";
  private static final String BOUNDARY = "arn:aws:iam::" + PROD + ":policy/xaccount-boundary";

  @Inject KubernetesClient client;

  @BeforeEach
  void guardedAccount() {
    if (adminIam(PROD).listPolicies(r -> r.scope("Local")).policies().stream()
        .noneMatch(p -> p.policyName().equals("xaccount-boundary"))) {
      emulator()
          .account(PROD)
          .createPolicy(
              "xaccount-boundary",
              "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}");
    }
    AwsAccount account = Resources.account("guarded-prod", PROD, NS);
    Guardrails g = new Guardrails();
    g.setAllowedTrustedAccountIds(List.of(DEV));
    g.setAllowedManagedPolicyArns(List.of(POWER_USER, "arn:aws:iam::aws:policy/ReadOnlyAccess"));
    g.setDeniedManagedPolicyArns(List.of("arn:aws:iam::aws:policy/AdministratorAccess"));
    g.setRequiredPermissionsBoundaryArn(BOUNDARY);
    g.setRolePathPrefix("/xaccount/");
    g.setRequireMfa(true);
    g.setMaxSessionDuration(7200);
    g.setAllowedInlineActions(List.of("s3:Get*"));
    account.getSpec().setGuardrails(g);
    client.resource(account).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> ready(client.resources(AwsAccount.class).withName("guarded-prod").get()),
            "True"::equals);
  }

  @AfterEach
  void cleanUp() {
    Resources.deleteAll(client);
  }

  static Stream<Arguments> forbidden() {
    return Stream.of(
        Arguments.of(
            "untrusted-account",
            (Consumer<CrossAccountRole>) r -> r.getSpec().getTrust().setAccountIds(List.of(OTHER)),
            List.of("allowedTrustedAccountIds")),
        Arguments.of(
            "denied-policy",
            (Consumer<CrossAccountRole>)
                r ->
                    r.getSpec()
                        .setManagedPolicyArns(
                            List.of("arn:aws:iam::aws:policy/AdministratorAccess")),
            List.of("deniedManagedPolicyArns")),
        Arguments.of(
            "unlisted-policy",
            (Consumer<CrossAccountRole>)
                r ->
                    r.getSpec()
                        .setManagedPolicyArns(List.of("arn:aws:iam::aws:policy/SecurityAudit")),
            List.of("allowedManagedPolicyArns")),
        Arguments.of(
            "other-boundary",
            (Consumer<CrossAccountRole>)
                r ->
                    r.getSpec().setPermissionsBoundaryArn("arn:aws:iam::" + PROD + ":policy/other"),
            List.of("requiredPermissionsBoundaryArn")),
        Arguments.of(
            "root-path",
            (Consumer<CrossAccountRole>) r -> r.getSpec().setPath("/"),
            List.of("rolePathPrefix")),
        Arguments.of(
            "no-mfa",
            (Consumer<CrossAccountRole>) r -> r.getSpec().getTrust().setRequireMfa(false),
            List.of("requireMfa")),
        Arguments.of(
            "long-session",
            (Consumer<CrossAccountRole>) r -> r.getSpec().setMaxSessionDuration(43200),
            List.of("maxSessionDuration")),
        Arguments.of(
            "inline-ec2",
            (Consumer<CrossAccountRole>)
                r -> r.getSpec().setInlinePolicies(List.of(inline("ec2:*"))),
            List.of("allowedInlineActions")),
        Arguments.of(
            "inline-star",
            (Consumer<CrossAccountRole>) r -> r.getSpec().setInlinePolicies(List.of(inline("*"))),
            List.of("deniedInlineActions")),
        Arguments.of(
            "admin-from-anywhere",
            (Consumer<CrossAccountRole>)
                r -> {
                  r.getSpec().getTrust().setAccountIds(List.of(OTHER));
                  r.getSpec()
                      .setManagedPolicyArns(List.of("arn:aws:iam::aws:policy/AdministratorAccess"));
                  r.getSpec().getTrust().setRequireMfa(false);
                },
            List.of("allowedTrustedAccountIds", "deniedManagedPolicyArns", "requireMfa")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forbidden")
  void aManifestBreakingAGuardrailIsForbiddenWithoutAnyWrite(
      String name, Consumer<CrossAccountRole> breakIt, List<String> rules) {
    long mark = emulator().calls().mark();
    CrossAccountRole role = compliant(name);
    breakIt.accept(role);
    client.resource(role).create();

    Condition forbidden = awaitReason(name, "Forbidden");

    for (String rule : rules) {
      assertThat(forbidden.getMessage()).contains("guardrail " + rule);
    }
    assertThat(emulator().calls().since(mark))
        .filteredOn(Call::isWrite)
        .filteredOn(c -> c.service().equals("iam"))
        .isEmpty();
  }

  @Test
  void aCompliantManifestConvergesWithTheRequiredBoundaryAdded() {
    client.resource(compliant("compliant")).create();

    awaitReason("compliant", "Converged");

    var role = adminIam(PROD).getRole(r -> r.roleName("compliant")).role();
    assertThat(role.permissionsBoundary().permissionsBoundaryArn()).isEqualTo(BOUNDARY);
    assertThat(role.path()).isEqualTo("/xaccount/");
  }

  @Test
  void maxRolesPerNamespaceRefusesOnlyTheRoleTooMany() {
    Edits.retrying(
        client.resources(AwsAccount.class).withName("guarded-prod"),
        a -> {
          a.getSpec().getGuardrails().setMaxRolesPerNamespace(1);
          return a;
        });
    client.resource(compliant("first")).create();
    awaitReason("first", "Converged");
    long mark = emulator().calls().mark();

    client.resource(compliant("second")).create();

    assertThat(awaitReason("second", "Forbidden").getMessage())
        .contains("guardrail maxRolesPerNamespace");
    assertThat(emulator().calls().since(mark))
        .filteredOn(Call::isWrite)
        .filteredOn(c -> c.service().equals("iam"))
        .isEmpty();
    assertThat(reason(NS, "first")).isEqualTo("Converged");
  }

  @Test
  void aGrantWithoutMfaIsForbiddenWhereTheAccountRequiresMfa() {
    AwsAccount dev = Resources.account("guarded-dev", DEV, NS);
    Guardrails g = new Guardrails();
    g.setRequireMfa(true);
    dev.getSpec().setGuardrails(g);
    client.resource(dev).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> ready(client.resources(AwsAccount.class).withName("guarded-dev").get()),
            "True"::equals);
    long mark = emulator().calls().mark();
    AssumeRoleGrant grant = new AssumeRoleGrant();
    grant.setMetadata(new ObjectMetaBuilder().withName("no-mfa-grant").withNamespace(NS).build());
    AssumeRoleGrantSpec spec = new AssumeRoleGrantSpec();
    spec.setAccountRef("guarded-dev");
    GrantTarget target = new GrantTarget();
    target.setRoleArn("arn:aws:iam::" + PROD + ":role/xaccount/compliant");
    spec.setTarget(target);
    GrantPrincipals principals = new GrantPrincipals();
    principals.setUsers(List.of("alice"));
    spec.setPrincipals(principals);
    grant.setSpec(spec);
    client.resource(grant).create();

    Condition forbidden =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> {
                  AssumeRoleGrant r =
                      client
                          .resources(AssumeRoleGrant.class)
                          .inNamespace(NS)
                          .withName("no-mfa-grant")
                          .get();
                  return r == null || r.getStatus() == null
                      ? null
                      : r.getStatus().readyCondition().orElse(null);
                },
                c -> c != null && "Forbidden".equals(c.getReason()));

    assertThat(forbidden.getMessage()).contains("guardrail requireMfa");
    assertThat(emulator().calls().since(mark))
        .filteredOn(Call::isWrite)
        .filteredOn(c -> c.service().equals("iam"))
        .isEmpty();
  }

  @Test
  void namespacesAreAllowedBySelectorAndLoseAccessWhenTheAllowanceGoes() {
    client
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName("tenant-a")
                .addToLabels("xaccount.io/tenant", "true")
                .endMetadata()
                .build())
        .createOr(n -> n.update());
    Edits.retrying(
        client.resources(AwsAccount.class).withName("guarded-prod"),
        a -> {
          a.getSpec()
              .getAllowedNamespaces()
              .setSelector(
                  new LabelSelectorBuilder()
                      .addToMatchLabels("xaccount.io/tenant", "true")
                      .build());
          return a;
        });
    CrossAccountRole role = compliant("tenant-role");
    role.getMetadata().setNamespace("tenant-a");
    client.resource(role).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> reason("tenant-a", "tenant-role"), "Converged"::equals);

    Edits.retrying(
        client.resources(AwsAccount.class).withName("guarded-prod"),
        a -> {
          a.getSpec().getAllowedNamespaces().setSelector(null);
          return a;
        });
    long mark = emulator().calls().mark();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> reason("tenant-a", "tenant-role"), "Forbidden"::equals);

    assertThat(emulator().calls().since(mark))
        .filteredOn(Call::isWrite)
        .filteredOn(c -> c.service().equals("iam"))
        .isEmpty();
    assertThat(emulator().account(PROD).roleNames())
        .as("never deleted for losing access")
        .contains("tenant-role");
  }

  private static CrossAccountRole compliant(String name) {
    CrossAccountRole role = Resources.role(NS, name, "guarded-prod", name, DEV);
    role.getSpec().setPath("/xaccount/");
    role.getSpec().getTrust().setRequireMfa(true);
    role.getSpec().setManagedPolicyArns(new ArrayList<>(List.of(POWER_USER)));
    return role;
  }

  private static InlinePolicy inline(String action) {
    InlinePolicy policy = new InlinePolicy();
    policy.setName("inline");
    policy.setDocument(
        new ObjectMapper()
            .valueToTree(
                Map.of(
                    "Version",
                    "2012-10-17",
                    "Statement",
                    List.of(Map.of("Effect", "Allow", "Action", action, "Resource", "*")))));
    return policy;
  }

  private Condition awaitReason(String name, String reason) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              CrossAccountRole r =
                  client.resources(CrossAccountRole.class).inNamespace(NS).withName(name).get();
              return r == null || r.getStatus() == null
                  ? null
                  : r.getStatus().readyCondition().orElse(null);
            },
            c -> c != null && reason.equals(c.getReason()));
  }

  private String reason(String namespace, String name) {
    CrossAccountRole r =
        client.resources(CrossAccountRole.class).inNamespace(namespace).withName(name).get();
    return r == null || r.getStatus() == null
        ? null
        : r.getStatus().readyCondition().map(Condition::getReason).orElse(null);
  }

  private static String ready(AwsAccount account) {
    return account == null || account.getStatus() == null
        ? null
        : account.getStatus().readyCondition().map(Condition::getStatus).orElse(null);
  }
}
