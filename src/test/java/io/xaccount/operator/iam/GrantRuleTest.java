package io.xaccount.operator.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What a grant may target and whom it may grant to: one row per case. */
class GrantRuleTest {
  private static final String DEV = "123456789012";
  private static final String PROD = "111111111111";
  private static final String SIGNIN = "arn:aws:iam::" + PROD + ":role/CrossAccountSignin";
  private static final Set<String> OPERATOR_ROLES =
      Set.of(PROD + ":xaccount-operator", DEV + ":xaccount-operator");
  private static final Set<String> OPERATOR_PRINCIPALS =
      Set.of("role/xaccount-operator", "user/ci-bot");

  static GuardrailRules rules(
      List<String> targetArns, List<String> targetAccounts, List<String> principals) {
    return new GuardrailRules(
        null,
        null,
        null,
        null,
        null,
        false,
        null,
        null,
        null,
        null,
        targetArns,
        targetAccounts,
        principals,
        null,
        false,
        false);
  }

  static Arguments row(
      String name,
      GuardrailRules rules,
      String target,
      boolean viaRoleRef,
      Map<String, List<String>> principals,
      String expected) {
    return Arguments.of(name, rules, target, viaRoleRef, principals, expected);
  }

  /**
   * Every principal the grant may not use reads the same, whether it is the operator's identity or
   * another namespace's role.
   */
  private static final String NOT_OURS =
      " is not available as a grant's principal: the operator never attaches a grant to its own"
          + " identities, nor to a role another namespace's CrossAccountRole manages unless that"
          + " role lists this namespace in its spec.allowedGrantNamespaces. Nothing was changed;"
          + " name another principal";

  static Stream<Arguments> rows() {
    GuardrailRules none = rules(null, null, null);
    Map<String, List<String>> alice = Map.of("user", List.of("alice"));
    return Stream.of(
        row("roleRef to a CrossAccountRole: allowed by default", none, SIGNIN, true, alice, null),
        row("roleArn by default: refused", none, SIGNIN, false, alice, "allowedTargetRoleArns"),
        row(
            "roleArn of the grant's own account (OrgAdmin): refused",
            rules(null, List.of(DEV), null),
            "arn:aws:iam::" + DEV + ":role/OrgAdmin",
            false,
            alice,
            "is a role of this account"),
        row(
            "roleArn of the own account listed explicitly",
            rules(List.of("arn:aws:iam::" + DEV + ":role/ReadOnly*"), null, null),
            "arn:aws:iam::" + DEV + ":role/ReadOnlyAudit",
            false,
            alice,
            null),
        row(
            "roleArn in an allowed account",
            rules(null, List.of(PROD), null),
            SIGNIN,
            false,
            alice,
            null),
        row(
            "roleArn matching an allowed pattern",
            rules(List.of("arn:aws:iam::" + PROD + ":role/Cross*"), null, null),
            SIGNIN,
            false,
            alice,
            null),
        row(
            "roleArn pattern is case-sensitive as IAM's resource matching is",
            rules(List.of("arn:aws:iam::" + PROD + ":role/cross*"), null, null),
            SIGNIN,
            false,
            alice,
            "allowedTargetRoleArns"),
        row(
            "the operator's own role, even in an allowed account",
            rules(null, List.of(PROD), null),
            "arn:aws:iam::" + PROD + ":role/XAccount-Operator",
            false,
            alice,
            "notAvailable"),
        row(
            "the operator's own role through a roleRef",
            none,
            "arn:aws:iam::" + PROD + ":role/xaccount-operator",
            true,
            alice,
            "notAvailable"),
        row(
            "the operator's own role where no pattern allows it: refused as any other role",
            rules(List.of("arn:aws:iam::" + PROD + ":role/Cross*"), null, null),
            "arn:aws:iam::" + PROD + ":role/xaccount-operator",
            false,
            alice,
            "allowedTargetRoleArns"),
        row(
            "principal outside the allowed patterns",
            rules(null, null, List.of("group/developers", "user/dev-*")),
            SIGNIN,
            true,
            Map.of("user", List.of("admin")),
            "allowedGrantPrincipals"),
        row(
            "principal matching a pattern, any case",
            rules(null, null, List.of("group/developers", "user/dev-*")),
            SIGNIN,
            true,
            Map.of("group", List.of("Developers"), "user", List.of("DEV-alice")),
            null),
        row(
            "the operator's role as a principal",
            none,
            SIGNIN,
            true,
            Map.of("role", List.of("XACCOUNT-OPERATOR")),
            NOT_OURS),
        row(
            "another namespace's CrossAccountRole as a principal, any case",
            none,
            SIGNIN,
            true,
            Map.of("role", List.of("TeamARole")),
            NOT_OURS),
        row(
            "the operator's user as a principal",
            none,
            SIGNIN,
            true,
            Map.of("user", List.of("ci-bot")),
            NOT_OURS));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void judges(
      String name,
      GuardrailRules rules,
      String target,
      boolean viaRoleRef,
      Map<String, List<String>> principals,
      String expected) {
    List<Violation> violations =
        GrantRule.check(
            rules,
            new GrantRule.Request(
                DEV,
                target,
                viaRoleRef,
                principals,
                OPERATOR_ROLES,
                OPERATOR_PRINCIPALS,
                Map.of("teamarole", "team-a/victim")));
    if (expected == null) {
      assertThat(violations).isEmpty();
    } else {
      assertThat(violations).hasSize(1);
      assertThat(violations.get(0).rule() + " " + violations.get(0).message()).contains(expected);
      // Which identity it is (the operator's, which namespace manages it) is never said.
      assertThat(violations.get(0).message())
          .doesNotContain("team-a", "victim", "operator's own identity");
    }
  }
}
