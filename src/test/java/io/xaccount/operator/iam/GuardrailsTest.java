package io.xaccount.operator.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One row per guardrail, combinations, and allowed manifests next to the forbidden ones. */
class GuardrailsTest {

  static final String DEV = "123456789012";
  static final String OTHER = "210987654321";
  static final String ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";
  static final String POWER_USER = "arn:aws:iam::aws:policy/PowerUserAccess";
  static final String READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";
  static final String BOUNDARY = "arn:aws:iam::111111111111:policy/xaccount-boundary";

  /** The account the roles live in: no customer managed policy of its own, nothing of ours. */
  static final AccountPolicies ACCOUNT = AccountPolicies.of("111111111111", Map.of(), Set.of());

  /** A strict account: every rule set. */
  static final GuardrailRules STRICT =
      new GuardrailRules(
          List.of(DEV),
          List.of("arn:aws:iam::aws:policy/*ReadOnly*", "arn:aws:iam::aws:policy/PowerUserAccess"),
          List.of("arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::*:policy/*Admin*"),
          BOUNDARY,
          "/xaccount/",
          true,
          3,
          List.of("s3:Get*", "s3:List*", "ec2:Describe*"),
          7200,
          null,
          null,
          null,
          null,
          Duration.ofHours(8),
          false,
          false);

  /** A spec every STRICT rule allows. */
  record Spec(
      String path,
      int session,
      Set<String> managed,
      Map<String, PolicyDocument> inline,
      String boundary,
      TrustSpec trust) {

    DesiredRole role() {
      PolicyDocument trustDoc = TrustPolicy.render(trust).get();
      return new DesiredRole(
          "Ops", path, null, session, trustDoc, managed, inline, boundary, Map.of());
    }
  }

  static final Spec GOOD =
      new Spec(
          "/xaccount/team-a/",
          3600,
          Set.of(POWER_USER, READ_ONLY),
          Map.of("read", allow("s3:GetObject", "s3:ListBucket", "ec2:DescribeInstances")),
          BOUNDARY,
          new TrustSpec(List.of(DEV), null, null, true, null, null, false, false, "aws"));

  static PolicyDocument allow(String... actions) {
    return statement("Action", "Allow", actions);
  }

  static PolicyDocument statement(String key, String effect, String... actions) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("Effect", effect);
    s.put(key, List.of(actions));
    s.put("Resource", "*");
    return PolicyDocument.of(Map.of("Version", "2012-10-17", "Statement", List.of(s)));
  }

  static TrustSpec trust(List<String> accounts, List<String> arns, List<String> patterns) {
    return new TrustSpec(accounts, arns, patterns, true, null, null, false, false, "aws");
  }

  static Arguments row(String name, UnaryOperator<Spec> change, String... expected) {
    return arguments(name, change.apply(GOOD), List.of(expected));
  }

  static Stream<Arguments> rows() {
    return Stream.of(
        row("allowed", s -> s),
        row(
            "trusted account not allowed",
            s -> with(s, trust(List.of(OTHER), null, null)),
            "guardrail allowedTrustedAccountIds: account " + OTHER),
        row(
            "principal ARN in an account not allowed",
            s -> with(s, trust(null, List.of("arn:aws:iam::" + OTHER + ":role/Admin"), null)),
            "guardrail allowedTrustedAccountIds: account " + OTHER),
        row(
            "principal ARN in an allowed account",
            s -> with(s, trust(null, List.of("arn:aws:iam::" + DEV + ":role/Admin"), null))),
        row(
            "principal ARN pattern in an account not allowed",
            s ->
                with(
                    s,
                    trust(null, null, List.of("arn:aws:iam::" + OTHER + ":role/AWSReservedSSO_*"))),
            "guardrail allowedTrustedAccountIds: account " + OTHER),
        row(
            "principal ARN pattern in an allowed account",
            s ->
                with(
                    s,
                    trust(null, null, List.of("arn:aws:iam::" + DEV + ":role/AWSReservedSSO_*")))),
        row(
            "denied managed policy (deny wins over allow)",
            s -> withManaged(s, ADMIN),
            "guardrail deniedManagedPolicyArns: "
                + ADMIN
                + " matches denied pattern arn:aws:iam::aws:policy/AdministratorAccess"),
        row(
            "denied pattern with wildcards, case-insensitive",
            s -> withManaged(s, "arn:aws:iam::111111111111:policy/teamadmins"),
            "guardrail deniedManagedPolicyArns: arn:aws:iam::111111111111:policy/teamadmins"
                + " matches denied pattern arn:aws:iam::*:policy/*Admin*"),
        row(
            "managed policy not allowed",
            s -> withManaged(s, "arn:aws:iam::aws:policy/IAMFullAccess"),
            "guardrail allowedManagedPolicyArns: arn:aws:iam::aws:policy/IAMFullAccess matches"
                + " none of the allowed patterns"),
        row(
            "managed policy allowed by a wildcard",
            s -> withManaged(s, "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")),
        row(
            "a different permissions boundary",
            s -> new Spec(s.path(), s.session(), s.managed(), s.inline(), READ_ONLY, s.trust()),
            "guardrail requiredPermissionsBoundaryArn: "
                + READ_ONLY
                + " is not the account's required permissions boundary "
                + BOUNDARY),
        row(
            "no boundary reaching check (applyDefaults skipped): fail closed",
            s -> new Spec(s.path(), s.session(), s.managed(), s.inline(), null, s.trust()),
            "guardrail requiredPermissionsBoundaryArn: the role has no permissions boundary"),
        row(
            "path outside the prefix",
            s ->
                new Spec(
                    "/xaccountx/", s.session(), s.managed(), s.inline(), s.boundary(), s.trust()),
            "guardrail rolePathPrefix: path /xaccountx/ does not start with the account's prefix"
                + " /xaccount/"),
        row(
            "MFA not required",
            s ->
                with(
                    s,
                    new TrustSpec(
                        List.of(DEV), null, null, false, null, null, false, false, "aws")),
            "guardrail requireMfa: the account requires MFA"),
        row(
            "session too long",
            s -> new Spec(s.path(), 7201, s.managed(), s.inline(), s.boundary(), s.trust()),
            "guardrail maxSessionDuration: 7201 s exceeds the account's maximum of 7200 s"),
        row(
            "session at the maximum",
            s -> new Spec(s.path(), 7200, s.managed(), s.inline(), s.boundary(), s.trust())),
        row(
            "inline action not allowed",
            s -> withInline(s, allow("s3:PutObject")),
            "guardrail allowedInlineActions: inline policy \"extra\" allows s3:PutObject, which"
                + " matches none of the allowed patterns"),
        row(
            "inline action wider than the allowed pattern",
            s -> withInline(s, allow("s3:*")),
            "guardrail allowedInlineActions: inline policy \"extra\" allows s3:*,"),
        row(
            "inline action pattern within the allowed pattern, any case",
            s -> withInline(s, allow("S3:getobject*", "ec2:DescribeInstance?"))),
        row(
            "inline iam:* rejected even though unlisted patterns are checked",
            s -> withInline(s, allow("IAM:*")),
            "guardrail deniedInlineActions: inline policy \"extra\" allows IAM:*, which can match"
                + " iam:AcceptDelegationRequest (Write: it can escalate)"),
        row(
            "inline NotAction in Allow counts as *",
            s -> withInline(s, statement("NotAction", "Allow", "s3:GetObject")),
            "guardrail deniedInlineActions: inline policy \"extra\" has an Allow statement with"
                + " NotAction",
            "guardrail allowedTargetRoleArns: inline policy \"extra\" allows sts:AssumeRole on *"),
        row(
            "inline Deny statements are not checked",
            s -> withInline(s, statement("Action", "Deny", "*"))),
        row(
            "combination: every rule at once",
            s ->
                new Spec(
                    "/",
                    43200,
                    Set.of(ADMIN),
                    Map.of("all", allow("*")),
                    null,
                    new TrustSpec(
                        List.of(OTHER), null, null, false, null, null, false, false, "aws")),
            "guardrail allowedTrustedAccountIds: account " + OTHER,
            "guardrail deniedManagedPolicyArns: " + ADMIN,
            "guardrail requiredPermissionsBoundaryArn:",
            "guardrail rolePathPrefix: path /",
            "guardrail requireMfa:",
            "guardrail maxSessionDuration: 43200 s",
            "guardrail deniedInlineActions: inline policy \"all\" allows *,",
            "guardrail allowedTargetRoleArns: inline policy \"all\" allows sts:AssumeRole on *"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void strictAccount(String name, Spec spec, List<String> expected) {
    List<Violation> violations = Guardrails.of(STRICT).check(spec.role(), spec.trust(), ACCOUNT);

    assertThat(violations).hasSize(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      assertThat(violations.get(i).message()).startsWith(expected.get(i));
    }
  }

  static Stream<Arguments> alwaysOn() {
    return Stream.of(
        arguments(List.of(), "*", false),
        arguments(List.of(), "*:*", false),
        // No IAM, STS, Organizations or Account action is called GetObject.
        arguments(List.of(), "*:GetObject", true),
        arguments(List.of(), "iam:Get*", true),
        arguments(List.of(), "sts:GetCallerIdentity", true),
        arguments(List.of(), "iam:GetRole", true),
        arguments(List.of(), "iam:CreateNewThing", false),
        arguments(List.of(), "iam:*", false),
        arguments(List.of(), "Iam:**", false),
        arguments(List.of(), "iam:PassRole", false),
        arguments(List.of(), "iam:?*", false),
        arguments(List.of(), "iam:*?", false),
        arguments(List.of(), "i?m:*", false),
        arguments(List.of(), "IAM:*", false),
        arguments(List.of(), "iam:Attach*", false),
        arguments(List.of(), "iam:Put*", false),
        arguments(List.of(), "sts:*", false),
        arguments(List.of(), "sts:AssumeRole", false),
        arguments(List.of(), "organizations:*", false),
        arguments(List.of(), "account:CloseAccount", false),
        arguments(List.of(), "s?s:Assume*", false),
        arguments(List.of(), "*:AssumeRole", false),
        arguments(List.of(), "s3:GetObject", true),
        arguments(List.of(), "ec2:*", true),
        arguments(List.of(), "iamx:*", true),
        arguments(List.of("iam:PassRole"), "iam:PassRole", true),
        arguments(List.of("iam:PassRole"), "iam:Pass*", false),
        arguments(List.of(), "s3:*", true),
        arguments(List.of("iam:*"), "iam:*", true),
        arguments(List.of("iam:*"), "*", false),
        // Listing * lets every action through, but never sts:AssumeRole beyond the targets.
        arguments(List.of("*"), "*", false),
        arguments(List.of("*"), "s3:*", true),
        arguments(List.of("*"), "iam:*", true),
        arguments(List.of("*:*"), "*", false),
        arguments(List.of("sts:AssumeRole"), "sts:AssumeRole", false),
        arguments(List.of("s3:*"), "s3:GetObject", true),
        arguments(List.of("s3:Get?bject"), "s3:Get*", false),
        arguments(List.of("s3:*Object"), "s3:Get*", false),
        arguments(List.of("s3:Get*"), "s3:GetObject*", true));
  }

  @ParameterizedTest(name = "allowed {0}, action {1} -> {2}")
  @MethodSource("alwaysOn")
  void inlineActions(List<String> allowed, String action, boolean ok) {
    GuardrailRules rules =
        new GuardrailRules(
            null, null, null, null, null, false, null, allowed, null, null, null, null, null, null,
            false, false);
    DesiredRole role =
        new DesiredRole(
            "r", "/", null, null, null, null, Map.of("p", allow(action)), null, Map.of());

    assertThat(Guardrails.of(rules).check(role, null, ACCOUNT).isEmpty()).isEqualTo(ok);
  }

  @Test
  void noGuardrailsAllowAnythingButWhatCanEscalate() {
    Spec wide =
        new Spec(
            "/",
            43200,
            Set.of(ADMIN),
            Map.of("p", allow("s3:*", "ec2:*")),
            null,
            new TrustSpec(List.of(OTHER), null, null, false, null, null, false, false, "aws"));

    assertThat(Guardrails.of(null).check(wide.role(), wide.trust(), ACCOUNT))
        .extracting(Violation::message)
        .satisfiesExactly(
            m ->
                assertThat(m)
                    .startsWith(
                        "guardrail allowedManagedPolicyArns: managed policy "
                            + ADMIN
                            + " allows *, which can match account:"),
            m ->
                assertThat(m)
                    .startsWith(
                        "guardrail allowedTargetRoleArns: managed policy "
                            + ADMIN
                            + " allows sts:AssumeRole on *"));
    Spec readOnly = new Spec("/", 43200, Set.of(READ_ONLY), wide.inline(), null, wide.trust());
    assertThat(Guardrails.of(null).check(readOnly.role(), readOnly.trust(), ACCOUNT)).isEmpty();
    assertThat(Guardrails.of(GuardrailRules.NONE).checkQuota(1000, 1000, true)).isEmpty();
    assertThat(Guardrails.of(GuardrailRules.NONE).checkGrant(false)).isEmpty();
  }

  @Test
  void requiredBoundaryIsAddedWhenTheSpecNamesNone() {
    Guardrails guardrails = Guardrails.of(STRICT);
    Spec none = new Spec(GOOD.path(), 3600, GOOD.managed(), GOOD.inline(), null, GOOD.trust());

    DesiredRole effective = guardrails.applyDefaults(none.role());

    assertThat(effective.permissionsBoundaryArn()).isEqualTo(BOUNDARY);
    assertThat(guardrails.check(effective, none.trust(), ACCOUNT)).isEmpty();
    DesiredRole other = guardrails.applyDefaults(with(GOOD, GOOD.trust()).role());
    assertThat(other).isEqualTo(GOOD.role());
  }

  @Test
  void quotaGatesCreationOnly() {
    Guardrails guardrails = Guardrails.of(STRICT);

    assertThat(guardrails.checkQuota(2, 0, true)).isEmpty();
    assertThat(guardrails.checkQuota(3, 0, true))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.rule()).isEqualTo("maxRolesPerNamespace");
              assertThat(v.message())
                  .isEqualTo(
                      "guardrail maxRolesPerNamespace: the namespace already has 3 roles in this"
                          + " account, the maximum is 3");
            });
    assertThat(guardrails.checkQuota(5, 5, false)).isEmpty();
  }

  @Test
  void grantsMustRequireMfaWhenTheAccountDoes() {
    assertThat(Guardrails.of(STRICT).checkGrant(true)).isEmpty();
    assertThat(Guardrails.of(STRICT).checkGrant(false))
        .extracting(Violation::rule, Violation::field)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("requireMfa", "spec.requireMfa"));
  }

  @Test
  void aGrantWindowMayNotBeLongerThanTheMaximumNorEndlessWhenThereIsOne() {
    Instant now = Instant.parse("2030-01-31T12:00:00Z");
    Guardrails guardrails = Guardrails.of(STRICT);

    assertThat(guardrails.checkGrantWindow(window(null, null, "8h", now))).isEmpty();
    assertThat(
            guardrails.checkGrantWindow(
                window("2030-02-01T09:00:00Z", "2030-02-01T17:00:00Z", null, now)))
        .isEmpty();
    assertThat(guardrails.checkGrantWindow(window(null, null, "8h1s", now)))
        .extracting(Violation::rule, Violation::field, Violation::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "maxGrantDuration",
                "spec.expiresAt",
                "guardrail maxGrantDuration: the grant is in effect for 8h1s"
                    + " (2030-01-31T12:00:00Z to 2030-01-31T20:00:01Z), longer than the"
                    + " account's maximum of 8h"));
    // Measured from notBefore, so a late apply of a shift does not pass for a shorter one.
    assertThat(
            guardrails.checkGrantWindow(
                window("2030-01-31T01:00:00Z", "2030-01-31T13:00:00Z", null, now)))
        .extracting(Violation::field)
        .containsExactly("spec.notBefore");
    assertThat(guardrails.checkGrantWindow(window(null, null, null, now)))
        .extracting(Violation::rule)
        .containsExactly("maxGrantDuration");
  }

  @Test
  void requireGrantExpiryRefusesOnlyGrantsThatNeverEnd() {
    Instant now = Instant.parse("2030-01-31T12:00:00Z");
    Guardrails guardrails =
        Guardrails.of(
            new GuardrailRules(
                null, null, null, null, null, false, null, null, null, null, null, null, null, null,
                true, false));

    assertThat(guardrails.checkGrantWindow(window(null, null, "900h", now))).isEmpty();
    assertThat(guardrails.checkGrantWindow(window(null, null, null, now)))
        .extracting(Violation::rule, Violation::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "requireGrantExpiry",
                "guardrail requireGrantExpiry: grants in this account must end; set"
                    + " spec.expiresAt or spec.duration"));
    assertThat(Guardrails.of(GuardrailRules.NONE).checkGrantWindow(window(null, null, null, now)))
        .isEmpty();
  }

  private static GrantWindow window(
      String notBefore, String expiresAt, String duration, Instant now) {
    return GrantWindow.resolve(notBefore, expiresAt, duration, null, null, now).get();
  }

  @Test
  void violationsNameRuleFieldAndValue() {
    Spec bad = withManaged(GOOD, ADMIN);

    assertThat(Guardrails.of(STRICT).check(bad.role(), bad.trust(), ACCOUNT))
        .containsExactly(
            new Violation(
                "deniedManagedPolicyArns",
                "spec.managedPolicyArns",
                ADMIN,
                "guardrail deniedManagedPolicyArns: "
                    + ADMIN
                    + " matches denied pattern "
                    + ADMIN));
  }

  static Stream<Arguments> wildcards() {
    return Stream.of(
        arguments(
            "arn:aws:iam::aws:policy/*", "arn:aws:iam::aws:policy/job-function/Billing", true),
        arguments(
            "arn:aws:iam::aws:policy/ReadOnlyAcces?",
            "arn:aws:iam::aws:policy/ReadOnlyAccess",
            true),
        arguments(
            "arn:aws:iam::aws:policy/ReadOnlyAcces?",
            "arn:aws:iam::aws:policy/ReadOnlyAcces",
            false),
        arguments("arn:aws:iam::*:policy/a*b*c", "arn:aws:iam::1:policy/axxbyyc", true),
        arguments("arn:aws:iam::*:policy/a*b*c", "arn:aws:iam::1:policy/axxbyy", false),
        arguments("*", "", true),
        arguments("", "x", false));
  }

  @ParameterizedTest(name = "{0} ~ {1} -> {2}")
  @MethodSource("wildcards")
  void wildcardMatching(String pattern, String value, boolean matches) {
    assertThat(Wildcards.matches(pattern, value, false)).isEqualTo(matches);
  }

  @Test
  void summaryJoinsTheMessages() {
    Spec bad = withManaged(with(GOOD, trust(List.of(OTHER), null, null)), ADMIN);

    assertThat(Guardrails.summary(Guardrails.of(STRICT).check(bad.role(), bad.trust(), ACCOUNT)))
        .startsWith("guardrail allowedTrustedAccountIds: account " + OTHER)
        .contains("; guardrail deniedManagedPolicyArns: " + ADMIN);
    assertThat(Guardrails.summary(List.of())).isEmpty();
  }

  static Spec with(Spec s, TrustSpec trust) {
    return new Spec(s.path(), s.session(), s.managed(), s.inline(), s.boundary(), trust);
  }

  static Spec withManaged(Spec s, String arn) {
    List<String> managed = new ArrayList<>(s.managed());
    managed.add(arn);
    return new Spec(
        s.path(), s.session(), Set.copyOf(managed), s.inline(), s.boundary(), s.trust());
  }

  static Spec withInline(Spec s, PolicyDocument document) {
    Map<String, PolicyDocument> inline = new LinkedHashMap<>(s.inline());
    inline.put("extra", document);
    return new Spec(s.path(), s.session(), s.managed(), inline, s.boundary(), s.trust());
  }
}
