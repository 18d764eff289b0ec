package io.xaccount.operator.reconciler.guardrails;

import static io.xaccount.operator.testsupport.EmulatorResource.DEV;
import static io.xaccount.operator.testsupport.EmulatorResource.PROD;
import static io.xaccount.operator.testsupport.EmulatorResource.adminIam;
import static io.xaccount.operator.testsupport.EmulatorResource.emulator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.Guardrails;
import io.xaccount.operator.api.v1alpha1.InlinePolicy;
import io.xaccount.operator.api.v1alpha1.ManagementPolicy;
import io.xaccount.operator.iam.PolicyDocument;
import io.xaccount.operator.testsupport.KubeSystem;
import io.xaccount.operator.testsupport.Ready;
import io.xaccount.operator.testsupport.Resources;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.iam.model.ListEntitiesForPolicyResponse;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/**
 * Issue 24's findings 1 to 3, as a hostile tenant tries them: a CrossAccountRole naming a policy
 * that is not the tenant's to hand out — the operator's own, another team's grant pack, an admin's
 * customer managed policy — or an AWS managed policy whose document reaches further than the
 * account's guardrails (PowerUserAccess allows sts:AssumeRole on every role). Each row ends {@code
 * Forbidden} (in Manage and in Plan) with zero IAM writes, and the victim policy is as it was.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = KubeSystem.class)
class BorrowedPolicyAttacksTest {
  private static final String NS = "borrower";
  private static final String AWS = "arn:aws:iam::aws:policy/";
  private static final String PROD_POLICY = "arn:aws:iam::" + PROD + ":policy/";
  private static final String DEV_POLICY = "arn:aws:iam::" + DEV + ":policy/";
  private static final String OPERATOR_POLICY =
      PROD_POLICY + "xaccount-operator/xaccount-operator-trusting-account-policy";
  private static final String ADMIN_EXTRA = PROD_POLICY + "ops/operator-extra";
  private static final String TEAM_WIDE = DEV_POLICY + "team-wide";
  private static final String TEAM_READ = DEV_POLICY + "team-read";
  private static final String PACK =
      DEV_POLICY + "xaccount/grants/0123456789ab/xaccount-grants.0123456789ab.1";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject KubernetesClient client;

  @BeforeEach
  void accounts() {
    ensurePolicies();
    // The owners' guardrails of the issue: only Dev trusted, AdministratorAccess and
    // IAMFullAccess denied, the default inline deny-list; Prod's owner also lists every policy of
    // the account by a pattern (a broad, careless choice the operator's own must survive).
    AwsAccount prod = Resources.account("borrow-prod", PROD, NS);
    prod.getSpec().setGuardrails(guardrails(List.of("arn:aws:iam::*:policy/*")));
    Ready.createAccount(client, prod);
    AwsAccount dev = Resources.account("borrow-dev", DEV, NS);
    dev.getSpec().setGuardrails(guardrails(List.of(AWS + "*", DEV_POLICY + "team-*")));
    Ready.createAccount(client, dev);
  }

  @AfterEach
  void cleanUp() {
    Resources.deleteAll(client);
  }

  static Stream<Arguments> attacks() {
    return Stream.of(
        attack(
            "1: the operator's own trusting policy",
            "borrow-prod",
            r -> r.getSpec().setManagedPolicyArns(List.of(OPERATOR_POLICY, AWS + "ReadOnlyAccess")),
            OPERATOR_POLICY,
            "is reserved for the operator"),
        attack(
            "1: the same policy by the name the install once gave it",
            "borrow-prod",
            r ->
                r.getSpec()
                    .setManagedPolicyArns(
                        List.of(PROD_POLICY + "xaccount-operator-trusting-account-policy")),
            OPERATOR_POLICY,
            "is reserved for the operator"),
        attack(
            "1: a policy an admin attached to the operator's role",
            "borrow-prod",
            r -> r.getSpec().setManagedPolicyArns(List.of(ADMIN_EXTRA)),
            ADMIN_EXTRA,
            "is reserved for the operator"),
        attack(
            "1: the operator's policy as a permissions boundary",
            "borrow-prod",
            r -> r.getSpec().setPermissionsBoundaryArn(OPERATOR_POLICY),
            OPERATOR_POLICY,
            "is reserved for the operator"),
        attack(
            "2: another team's grant pack",
            "borrow-dev",
            r -> r.getSpec().setManagedPolicyArns(List.of(PACK)),
            PACK,
            "is reserved for the operator"),
        attack(
            "2: a grant pack in other capitals",
            "borrow-dev",
            r ->
                r.getSpec()
                    .setManagedPolicyArns(
                        List.of(
                            DEV_POLICY
                                + "XACCOUNT/grants/0123456789ab/xaccount-grants.0123456789ab.1")),
            PACK,
            "is reserved for the operator"),
        attack(
            "3: PowerUserAccess (sts:* on * through NotAction) in Dev",
            "borrow-dev",
            r -> r.getSpec().setManagedPolicyArns(List.of(AWS + "PowerUserAccess")),
            null,
            "has an Allow statement with NotAction"),
        attack(
            "3: a listed customer managed policy that allows sts:AssumeRole on *",
            "borrow-dev",
            r -> r.getSpec().setManagedPolicyArns(List.of(TEAM_WIDE)),
            TEAM_WIDE,
            "allowedTargetRoleArns: managed policy " + TEAM_WIDE + " allows sts:AssumeRole on *"),
        attack(
            "3: inline sts:AssumeRole on the Prod role the grant guardrails refuse",
            "borrow-dev",
            r ->
                r.getSpec()
                    .setInlinePolicies(
                        List.of(
                            inline(
                                "hop",
                                "sts:AssumeRole",
                                "arn:aws:iam::" + PROD + ":role/CrossAccountSignin"))),
            null,
            "allows sts:AssumeRole on arn:aws:iam::" + PROD + ":role/CrossAccountSignin"),
        attack(
            "a customer managed policy no pattern lists",
            "borrow-dev",
            r -> r.getSpec().setManagedPolicyArns(List.of(DEV_POLICY + "ops/admins-only")),
            null,
            "is a customer managed policy: only those the account's"
                + " guardrails.allowedManagedPolicyArns lists may be attached"));
  }

  @ParameterizedTest(name = "{0} ({4})")
  @MethodSource("plannedAndManaged")
  void aTenantCannotBorrowPowerThroughAPolicyItNames(
      String name,
      String account,
      Consumer<CrossAccountRole> spec,
      String victim,
      ManagementPolicy policy,
      String says) {
    Snapshot before = victim == null ? null : snapshot(victim);
    long mark = emulator().calls().mark();
    CrossAccountRole role = Resources.role(NS, "borrower", account, "Borrower", DEV);
    spec.accept(role);
    role.getSpec().setManagementPolicy(policy);

    client.resource(role).create();

    Condition refused = awaitReason("Forbidden");
    assertThat(refused.getMessage()).contains(says);
    CrossAccountRole reported = client.resource(role).get();
    assertThat(reported.getStatus().getPlannedChanges()).isNull();
    assertThat(emulator().calls().writesSince(mark)).isEmpty();
    assertThat(emulator().account(PROD).roleNames()).doesNotContain("Borrower");
    assertThat(emulator().account(DEV).roleNames()).doesNotContain("Borrower");
    if (victim != null) {
      snapshot(victim).assertSameAs(before);
    }
  }

  static Stream<Arguments> plannedAndManaged() {
    return attacks()
        .flatMap(
            a -> Stream.of(ManagementPolicy.Manage, ManagementPolicy.Plan).map(p -> with(a, p)));
  }

  private static Arguments with(Arguments row, ManagementPolicy policy) {
    Object[] args = row.get();
    return Arguments.of(args[0], args[1], args[2], args[3], policy, args[4]);
  }

  private static Arguments attack(
      String name, String account, Consumer<CrossAccountRole> spec, String victim, String says) {
    return Arguments.of(name, account, spec, victim, says);
  }

  /**
   * A policy as its owner sees it: its version, its default document (decoded and normalised: the
   * emulator reshapes documents on every read, as IAM may) and who it is attached to.
   */
  private record Snapshot(String version, PolicyDocument document, String entities) {
    void assertSameAs(Snapshot before) {
      assertThat(version).isEqualTo(before.version());
      assertThat(document.semanticallyEquals(before.document())).as(document.toString()).isTrue();
      assertThat(entities).isEqualTo(before.entities());
    }
  }

  private static Snapshot snapshot(String arn) {
    String accountId = arn.split(":")[4];
    String real = arn.contains("XACCOUNT") ? PACK : arn;
    try {
      var policy = adminIam(accountId).getPolicy(r -> r.policyArn(real)).policy();
      String document =
          adminIam(accountId)
              .getPolicyVersion(r -> r.policyArn(real).versionId(policy.defaultVersionId()))
              .policyVersion()
              .document();
      ListEntitiesForPolicyResponse entities =
          adminIam(accountId).listEntitiesForPolicy(r -> r.policyArn(real));
      return new Snapshot(
          policy.defaultVersionId(),
          PolicyDocument.parse(document),
          entities.policyRoles() + " " + entities.policyUsers() + " " + entities.policyGroups());
    } catch (NoSuchEntityException e) {
      return null;
    }
  }

  private static Guardrails guardrails(List<String> allowedManagedPolicies) {
    Guardrails g = new Guardrails();
    g.setAllowedTrustedAccountIds(new ArrayList<>(List.of(DEV)));
    g.setAllowedManagedPolicyArns(new ArrayList<>(allowedManagedPolicies));
    g.setDeniedManagedPolicyArns(
        new ArrayList<>(List.of(AWS + "AdministratorAccess", AWS + "IAMFullAccess")));
    return g;
  }

  private static InlinePolicy inline(String name, String action, String resource) {
    InlinePolicy policy = new InlinePolicy();
    policy.setName(name);
    policy.setDocument(
        JSON.valueToTree(
            java.util.Map.of(
                "Version",
                "2012-10-17",
                "Statement",
                List.of(
                    java.util.Map.of("Effect", "Allow", "Action", action, "Resource", resource)))));
    return policy;
  }

  /**
   * What the attacks aim at: a policy an administrator attached to the operator's role in Prod, a
   * pack-like policy in Dev holding a grant statement and attached to developers, and two customer
   * managed policies of Dev's team.
   */
  private static void ensurePolicies() {
    var prod = emulator().account(PROD);
    var dev = emulator().account(DEV);
    if (!exists(PROD, ADMIN_EXTRA)) {
      prod.createPolicy("operator-extra", "/ops/", read());
      prod.attachRolePolicy("xaccount-operator", ADMIN_EXTRA);
    }
    if (!exists(DEV, PACK)) {
      dev.createPolicy(
          "xaccount-grants.0123456789ab.1",
          "/xaccount/grants/0123456789ab/",
          "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
              + "\"Action\":\"sts:AssumeRole\",\"Resource\":\"arn:aws:iam::"
              + PROD
              + ":role/CrossAccountSignin\"}]}");
      try {
        adminIam(DEV).getGroup(r -> r.groupName("developers"));
      } catch (NoSuchEntityException e) {
        dev.createGroup("developers");
      }
      adminIam(DEV).attachGroupPolicy(r -> r.groupName("developers").policyArn(PACK));
    }
    if (!exists(DEV, TEAM_WIDE)) {
      dev.createPolicy(
          "team-wide",
          "/",
          "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
              + "\"Action\":[\"s3:GetObject\",\"sts:AssumeRole\"],\"Resource\":\"*\"}]}");
      dev.createPolicy("team-read", "/", read());
    }
  }

  private static String read() {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
        + "\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}";
  }

  private static boolean exists(String account, String arn) {
    try {
      adminIam(account).getPolicy(r -> r.policyArn(arn));
      return true;
    } catch (NoSuchEntityException e) {
      return false;
    }
  }

  private Condition awaitReason(String reason) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                Ready.of(
                    client
                        .resources(CrossAccountRole.class)
                        .inNamespace(NS)
                        .withName("borrower")
                        .get()),
            c -> c != null && reason.equals(c.getReason()));
  }
}
