package io.xaccount.operator.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 24's first three findings, one row per ARN a tenant might name: the operator's own
 * policies, grant packs, customer managed policies nobody listed, and AWS managed policies judged
 * by what their documents allow.
 */
class ManagedPolicyGuardrailsTest {
  static final String PROD = "111111111111";
  static final String DEV = "123456789012";
  static final String AWS = "arn:aws:iam::aws:policy/";
  static final String LOCAL = "arn:aws:iam::" + PROD + ":policy/";
  static final String PACK = LOCAL + "xaccount/grants/0123456789ab/xaccount-grants.0123456789ab.1";
  static final String OPERATOR_ATTACHED = LOCAL + "ops/automation";
  static final String TEAM_READ = LOCAL + "team-read";
  static final String TEAM_IAM = LOCAL + "team-iam";
  static final String TEAM_HOP = LOCAL + "team-hop";
  static final String TEAM_CHAIN = LOCAL + "team-chain";
  static final String BOUNDARY = LOCAL + "boundaries/team";

  /** Customer managed policies of Prod, by ARN. */
  static final Map<String, PolicyDocument> CUSTOMER =
      Map.of(
          OPERATOR_ATTACHED, allow("s3:GetObject", "*"),
          TEAM_READ, allow("s3:Get*", "*"),
          TEAM_IAM, allow("iam:CreateUser", "*"),
          TEAM_HOP, allow("sts:AssumeRole", "*"),
          TEAM_CHAIN, allow("sts:AssumeRole", "arn:aws:iam::" + DEV + ":role/chain/*"),
          BOUNDARY, allow("s3:*", "*"));

  /** Prod's owner: admins denied, team policies allowed by a pattern, some listed exactly. */
  static GuardrailRules rules(List<String> allowed) {
    return new GuardrailRules(
        List.of(DEV),
        allowed,
        List.of(AWS + "AdministratorAccess", AWS + "IAMFullAccess"),
        null,
        null,
        false,
        null,
        null,
        null,
        null,
        List.of("arn:aws:iam::" + DEV + ":role/chain/*"),
        null,
        null,
        (Duration) null,
        false,
        false);
  }

  static final List<String> TEAM_PATTERN = List.of(LOCAL + "team-*", AWS + "*");
  static final List<String> EVERYTHING = List.of("arn:aws:iam::*:policy/*", AWS + "*");

  static Stream<Arguments> policies() {
    return Stream.of(
        refused(
            "the operator's trusting policy, by name",
            EVERYTHING,
            LOCAL + "xaccount-operator-trusting-account-policy",
            "operatorIdentity"),
        refused(
            "the operator's policies under their own path",
            EVERYTHING,
            LOCAL + "xaccount-operator/trusted",
            "operatorIdentity"),
        refused(
            "a policy attached to the operator's role",
            EVERYTHING,
            OPERATOR_ATTACHED,
            "operatorIdentity"),
        refused("another team's grant pack", EVERYTHING, PACK, "operatorIdentity"),
        refused(
            "a grant pack, other capitals",
            EVERYTHING,
            LOCAL + "XAccount/Grants/0123456789ab/xaccount-grants.0123456789ab.1",
            "operatorIdentity"),
        refused(
            "a per-grant policy of old",
            EVERYTHING,
            LOCAL + "xaccount/team-a/team-a.grant.abc",
            "operatorIdentity"),
        refused(
            "a customer managed policy nobody listed",
            List.of(),
            TEAM_READ,
            "allowedManagedPolicyArns: " + TEAM_READ + " is a customer managed"),
        refused(
            "a customer managed policy of another account",
            EVERYTHING,
            "arn:aws:iam::" + DEV + ":policy/team-read",
            "is a policy of another account"),
        refused(
            "a listed pattern, a document that writes IAM",
            TEAM_PATTERN,
            TEAM_IAM,
            "allows iam:CreateUser, which can match iam:CreateUser"),
        refused(
            "a listed pattern, sts:AssumeRole on everything",
            TEAM_PATTERN,
            TEAM_HOP,
            "allowedTargetRoleArns: managed policy " + TEAM_HOP),
        allowed("a listed pattern, a document that reads", TEAM_PATTERN, TEAM_READ),
        allowed("a listed pattern, sts:AssumeRole on allowed targets", TEAM_PATTERN, TEAM_CHAIN),
        allowed("listed exactly: the owner's decision", List.of(TEAM_IAM), TEAM_IAM),
        refused(
            "PowerUserAccess unlisted (NotAction: sts:* on *)",
            List.of(),
            AWS + "PowerUserAccess",
            "has an Allow statement with NotAction"),
        refused(
            "PowerUserAccess by a pattern",
            TEAM_PATTERN,
            AWS + "PowerUserAccess",
            "has an Allow statement with NotAction"),
        allowed(
            "PowerUserAccess listed exactly",
            List.of(AWS + "PowerUserAccess"),
            AWS + "PowerUserAccess"),
        allowed("ReadOnlyAccess", List.of(), AWS + "ReadOnlyAccess"),
        allowed("job-function/ViewOnlyAccess", List.of(), AWS + "job-function/ViewOnlyAccess"),
        allowed("SecurityAudit", List.of(), AWS + "SecurityAudit"),
        allowed("IAMReadOnlyAccess", List.of(), AWS + "IAMReadOnlyAccess"),
        refused(
            "IAMFullAccess, other capitals",
            List.of(),
            AWS + "iamfullaccess",
            "deniedManagedPolicyArns"),
        refused(
            "IAMUserChangePassword (an IAM write)",
            List.of(),
            AWS + "IAMUserChangePassword",
            "iam:ChangePassword"),
        refused(
            "job-function/SystemAdministrator (iam:PassRole)",
            List.of(),
            AWS + "job-function/SystemAdministrator",
            "iam:"));
  }

  static Arguments refused(String name, List<String> allowed, String arn, String says) {
    return arguments(name, allowed, arn, says);
  }

  static Arguments allowed(String name, List<String> allowed, String arn) {
    return arguments(name, allowed, arn, null);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("policies")
  void aManagedPolicyIsJudgedByWhoseItIsAndWhatItAllows(
      String name, List<String> allowed, String arn, String says) {
    List<Violation> violations =
        Guardrails.of(rules(allowed)).check(role(Set.of(arn), null), null, prod());

    if (says == null) {
      assertThat(violations).isEmpty();
    } else {
      assertThat(violations)
          .isNotEmpty()
          .allSatisfy(
              v -> {
                assertThat(v.field()).isEqualTo("spec.managedPolicyArns");
                assertThat(v.value()).isEqualTo(arn);
              })
          .anySatisfy(v -> assertThat(v.message()).contains(says));
    }
  }

  static Stream<Arguments> boundaries() {
    return Stream.of(
        arguments(EVERYTHING, LOCAL + "xaccount-operator-trusting", "operatorIdentity"),
        arguments(EVERYTHING, PACK, "operatorIdentity"),
        arguments(EVERYTHING, OPERATOR_ATTACHED, "operatorIdentity"),
        arguments(List.of(), BOUNDARY, "as a boundary it must be"),
        arguments(EVERYTHING, BOUNDARY, null),
        arguments(List.of(), AWS + "PowerUserAccess", null),
        arguments(List.of(), "arn:aws:iam::" + DEV + ":policy/boundary", "another account"));
  }

  @ParameterizedTest(name = "{1} (allowed {0})")
  @MethodSource("boundaries")
  void aBoundaryIsNeverTheOperatorsNorAnUnlistedCustomerPolicy(
      List<String> allowed, String boundary, String says) {
    List<Violation> violations =
        Guardrails.of(rules(allowed)).check(role(Set.of(), boundary), null, prod());

    if (says == null) {
      assertThat(violations).isEmpty();
    } else {
      assertThat(violations)
          .singleElement()
          .satisfies(
              v -> {
                assertThat(v.field()).isEqualTo("spec.permissionsBoundaryArn");
                assertThat(v.message()).contains(says);
              });
    }
  }

  @Test
  void aPolicyThatDoesNotExistIsNamedWithTheNearestAwsManagedOne() {
    Guardrails guardrails = Guardrails.of(rules(TEAM_PATTERN));
    DesiredRole role =
        role(
            Set.of(AWS + "ReadOnlyAccesss", AWS + "PowerUsersAccess", LOCAL + "team-gone"),
            AWS + "NoSuchBoundary");

    assertThat(guardrails.missingPolicies(role, prod()))
        .containsExactly(
            "spec.managedPolicyArns: " + LOCAL + "team-gone does not exist in account " + PROD,
            "spec.managedPolicyArns: "
                + AWS
                + "PowerUsersAccess is not an AWS managed policy (did you mean "
                + AWS
                + "PowerUserAccess?)",
            "spec.managedPolicyArns: "
                + AWS
                + "ReadOnlyAccesss is not an AWS managed policy (did you mean "
                + AWS
                + "ReadOnlyAccess?)",
            "spec.permissionsBoundaryArn: " + AWS + "NoSuchBoundary is not an AWS managed policy");
  }

  @Test
  void anAwsManagedPolicyListedExactlyNeedsNoData() {
    String fresh = AWS + "PolicyAwsPublishedAfterOurData";
    DesiredRole role = role(Set.of(fresh), null);

    assertThat(Guardrails.of(rules(List.of(fresh))).missingPolicies(role, prod())).isEmpty();
    assertThat(Guardrails.of(rules(List.of(fresh))).check(role, null, prod())).isEmpty();
  }

  @Test
  void aPolicyTheTenantMayNotUseIsNeverLookedUp() {
    List<String> asked = new ArrayList<>();
    AccountPolicies recording =
        new AccountPolicies() {
          @Override
          public String accountId() {
            return PROD;
          }

          @Override
          public Optional<PolicyDocument> customerManaged(String arn) {
            asked.add(arn);
            return Optional.ofNullable(CUSTOMER.get(arn));
          }

          @Override
          public Set<String> operatorPolicyArns() {
            asked.add("operator");
            return Set.of();
          }
        };
    DesiredRole role = role(Set.of(TEAM_READ, LOCAL + "secret-thing", PACK), BOUNDARY);
    Guardrails guardrails = Guardrails.of(rules(List.of()));

    assertThat(guardrails.check(role, null, recording)).hasSize(4);
    assertThat(guardrails.missingPolicies(role, recording)).isEmpty();
    assertThat(asked).isEmpty();
  }

  static AccountPolicies prod() {
    return AccountPolicies.of(PROD, CUSTOMER, Set.of(OPERATOR_ATTACHED));
  }

  static DesiredRole role(Set<String> managed, String boundary) {
    return new DesiredRole("Ops", "/", null, null, null, managed, Map.of(), boundary, Map.of());
  }

  static PolicyDocument allow(String action, String resource) {
    Map<String, Object> statement = new LinkedHashMap<>();
    statement.put("Effect", "Allow");
    statement.put("Action", action);
    statement.put("Resource", resource);
    return PolicyDocument.of(Map.of("Version", "2012-10-17", "Statement", List.of(statement)));
  }
}
