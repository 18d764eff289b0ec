package io.xaccount.operator.iam;

import static io.xaccount.operator.iam.RolePlannerTest.DENY_BILLING;
import static io.xaccount.operator.iam.RolePlannerTest.POWER_USER;
import static io.xaccount.operator.iam.RolePlannerTest.SEED;
import static io.xaccount.operator.iam.RolePlannerTest.TRUST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** IAM's naming rules and quotas, each refusal naming the spec field. */
class RoleValidatorTest {

  static DesiredRole role(
      String name,
      String path,
      String description,
      Integer session,
      Set<String> managed,
      Map<String, PolicyDocument> inline,
      String boundary,
      Map<String, String> tags) {
    return new DesiredRole(
        name, path, description, session, TRUST, managed, inline, boundary, tags);
  }

  static Stream<Arguments> invalid() {
    Set<String> eleven =
        IntStream.range(0, 11)
            .mapToObj(i -> "arn:aws:iam::111111111111:policy/p" + i)
            .collect(Collectors.toSet());
    Map<String, String> fiftyOne = new HashMap<>();
    IntStream.range(0, 51).forEach(i -> fiftyOne.put("k" + i, "v"));
    return Stream.of(
        arguments(
            role("has space", "/", null, null, null, null, null, null),
            "spec.roleName: \"has space\""),
        arguments(role("x".repeat(65), "/", null, null, null, null, null, null), "spec.roleName:"),
        arguments(role("r", "team", null, null, null, null, null, null), "spec.path: \"team\""),
        arguments(role("r", "/team//a/", null, null, null, null, null, null), "spec.path:"),
        arguments(
            role("r", "/" + "a".repeat(512) + "/", null, null, null, null, null, null),
            "spec.path:"),
        arguments(
            role("r", "/", "d".repeat(1001), null, null, null, null, null),
            "spec.description: 1001 characters"),
        arguments(
            role("r", "/", "Dev engineers \uD83D\uDE80 in Prod", null, null, null, null, null),
            "spec.description: IAM accepts only printable Latin-1"),
        arguments(
            role("r", "/", "line\u0000break", null, null, null, null, null),
            "spec.description: IAM accepts only printable Latin-1"),
        arguments(
            role("r", "/", null, 3599, null, null, null, null), "spec.maxSessionDuration: 3599"),
        arguments(
            role("r", "/", null, 43201, null, null, null, null), "spec.maxSessionDuration: 43201"),
        arguments(
            role("r", "/", null, null, Set.of("PowerUserAccess"), null, null, null),
            "spec.managedPolicyArns: \"PowerUserAccess\" is not a managed policy ARN"),
        arguments(
            role("r", "/", null, null, eleven, null, null, null),
            "spec.managedPolicyArns: 11 policies, at most 10"),
        arguments(
            role("r", "/", null, null, null, null, "arn:aws:iam::111:policy/b", null),
            "spec.permissionsBoundaryArn:"),
        arguments(
            role("r", "/", null, null, null, Map.of("bad name", DENY_BILLING), null, null),
            "spec.inlinePolicies[bad name].name:"),
        arguments(
            role(
                "r",
                "/",
                null,
                null,
                null,
                Map.of("a", DENY_BILLING, "A", DENY_BILLING),
                null,
                null),
            "differs from \"A\" only by case"),
        arguments(role("r", "/", null, null, null, null, null, fiftyOne), "spec.tags: 51 tags"),
        arguments(
            role("r", "/", null, null, null, null, null, Map.of("aws:owner", "x")),
            "spec.tags[aws:owner]: the aws: prefix is reserved"),
        arguments(
            role("r", "/", null, null, null, null, null, Map.of("k".repeat(129), "x")),
            "a key must be 1-128"),
        arguments(
            role("r", "/", null, null, null, null, null, Map.of("k", "v".repeat(257))),
            "spec.tags[k]: a value must be at most 256"),
        arguments(
            role(
                "r",
                "/",
                null,
                null,
                Set.of("arn:aws-cn:iam::aws:policy/ReadOnlyAccess"),
                null,
                null,
                null),
            "spec.managedPolicyArns: \"arn:aws-cn:iam::aws:policy/ReadOnlyAccess\" is in partition"
                + " aws-cn, but the account is in partition aws"),
        arguments(
            role(
                "r",
                "/",
                null,
                null,
                null,
                null,
                "arn:aws-us-gov:iam::111111111111:policy/b",
                null),
            "spec.permissionsBoundaryArn: \"arn:aws-us-gov:iam::111111111111:policy/b\" is in"
                + " partition aws-us-gov"));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void refusesWhatIamWouldRefuse(DesiredRole role, String message) {
    assertThat(String.join("\n", RoleValidator.validate(role, RoleLimits.DEFAULTS, "aws")))
        .contains(message);
  }

  @Test
  void acceptsTheSeedRoleAndAPathedOne() {
    assertThat(RoleValidator.validate(SEED, RoleLimits.DEFAULTS, "aws")).isEmpty();
    assertThat(
            RoleValidator.validate(
                role(
                    "Ops",
                    "/team/a/",
                    "d",
                    43200,
                    Set.of(POWER_USER),
                    Map.of("deny-billing", DENY_BILLING),
                    "arn:aws:iam::111111111111:policy/xaccount/boundary",
                    Map.of("team", "a b")),
                RoleLimits.DEFAULTS,
                "aws"))
        .isEmpty();
  }

  @Test
  void measuresInlinePoliciesTogetherAgainstAConfigurableLimit() {
    int one = DENY_BILLING.minifiedLength();
    DesiredRole twoPolicies =
        role("r", "/", null, null, null, Map.of("a", DENY_BILLING, "b", DENY_BILLING), null, null);

    assertThat(RoleValidator.validate(twoPolicies, new RoleLimits(10, 2 * one, 2048), "aws"))
        .isEmpty();
    assertThat(RoleValidator.validate(twoPolicies, new RoleLimits(10, 2 * one - 1, 2048), "aws"))
        .containsExactly(
            "spec.inlinePolicies: the documents total "
                + 2 * one
                + " characters (whitespace not counted) but the limit is "
                + (2 * one - 1));
  }
}
