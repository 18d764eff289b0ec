package io.xaccount.operator.iam;

import static io.xaccount.operator.iam.PolicyEquivalenceTest.j;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.xaccount.operator.iam.RoleChange.AttachRolePolicy;
import io.xaccount.operator.iam.RoleChange.CreateRole;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The plans {@link RolePlanner} makes, as the one-line summaries events show. */
class RolePlannerTest {

  static final String POWER_USER = "arn:aws:iam::aws:policy/PowerUserAccess";
  static final String READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";
  static final String BOUNDARY = "arn:aws:iam::111111111111:policy/xaccount-boundary";
  static final PolicyDocument TRUST =
      TrustPolicy.render(TrustSpec.ofAccounts("aws", List.of("123456789012"))).get();
  static final PolicyDocument DENY_BILLING =
      PolicyDocument.parse(
          j(
              "{'Version':'2012-10-17','Statement':[{'Effect':'Deny','Action':['aws-portal:*','budgets:*'],'Resource':'*'}]}"));
  static final Map<String, String> OWNER = Map.of("xaccount.io/owner", "platform/prod");

  static final DesiredRole SEED =
      new DesiredRole(
          "CrossAccountSignin",
          "/",
          "Dev engineers working in Prod",
          3600,
          TRUST,
          Set.of(POWER_USER),
          Map.of(),
          null,
          OWNER);

  /** The seed role as IAM hands it back: URL-encoded, reshaped trust; bare account principal. */
  static ObservedRole observedSeed() {
    String iamTrust =
        "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Sid%22%3A%22TrustedPrincipals%22%2C"
            + "%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22AWS%22%3A%5B%22123456789012%22%5D%7D%2C"
            + "%22Action%22%3A%5B%22sts%3AAssumeRole%22%5D%7D%5D%7D";
    return new ObservedRole(
        "CrossAccountSignin",
        "/",
        "Dev engineers working in Prod",
        3600,
        PolicyDocument.parse(iamTrust),
        Set.of(POWER_USER),
        Map.of(),
        null,
        OWNER,
        "arn:aws:iam::111111111111:role/CrossAccountSignin",
        "AROADBQP57FF2AEXAMPLE");
  }

  static DesiredRole desired(UnaryOperator<DesiredRole> change) {
    return change.apply(SEED);
  }

  static DesiredRole with(
      DesiredRole d,
      PolicyDocument trust,
      Set<String> managed,
      Map<String, PolicyDocument> inline,
      String boundary,
      Map<String, String> tags) {
    return new DesiredRole(
        d.name(),
        d.path(),
        d.description(),
        d.maxSessionDuration(),
        trust,
        managed,
        inline,
        boundary,
        tags);
  }

  static ObservedRole observedWith(
      Set<String> managed,
      Map<String, PolicyDocument> inline,
      String boundary,
      PolicyDocument trust) {
    ObservedRole o = observedSeed();
    return new ObservedRole(
        o.name(),
        o.path(),
        o.description(),
        o.maxSessionDuration(),
        trust,
        managed,
        inline,
        boundary,
        o.tags(),
        o.arn(),
        o.roleId());
  }

  static Stream<Arguments> plans() {
    ObservedRole seed = observedSeed();
    PolicyDocument reordered =
        PolicyDocument.parse(
            j(
                "{'Statement':{'Resource':['*'],'Action':['BUDGETS:*','aws-portal:*'],'Effect':'Deny'},'Version':'2012-10-17'}"));
    PolicyDocument staleTrust =
        PolicyDocument.parse(
            j(
                "{'Version':'2012-10-17','Statement':[{'Effect':'Allow','Principal':{'AWS':'AROADBQP57FF2AEXAMPLE'},'Action':'sts:AssumeRole'}]}"));
    return Stream.of(
        arguments(
            "absent role: create with everything, then attach",
            SEED,
            Optional.empty(),
            List.of("create role /CrossAccountSignin", "attach policy " + POWER_USER)),
        arguments("as IAM returns it: nothing to do", SEED, Optional.of(seed), List.of()),
        arguments(
            "another trusted account",
            with(
                SEED,
                TrustPolicy.render(
                        TrustSpec.ofAccounts("aws", List.of("123456789012", "210987654321")))
                    .get(),
                SEED.managedPolicyArns(),
                Map.of(),
                null,
                OWNER),
            Optional.of(seed),
            List.of("update trust policy")),
        arguments(
            "IAM shows a unique ID where an ARN was written",
            SEED,
            Optional.of(observedWith(Set.of(POWER_USER), Map.of(), null, staleTrust)),
            List.of("update trust policy")),
        arguments(
            "swap a managed policy: detach before attach",
            with(SEED, TRUST, Set.of(READ_ONLY), Map.of(), null, OWNER),
            Optional.of(seed),
            List.of("detach policy " + POWER_USER, "attach policy " + READ_ONLY)),
        arguments(
            "tags: untag removed, tag only changed and added",
            with(
                SEED,
                TRUST,
                Set.of(POWER_USER),
                Map.of(),
                null,
                Map.of("xaccount.io/owner", "platform/prod", "team", "platform")),
            Optional.of(
                observedWithTags(
                    Map.of("xaccount.io/owner", "platform/prod", "old", "x", "team", "ops"))),
            List.of("untag role [old]", "tag role [team]")),
        arguments(
            "description changed",
            new DesiredRole(
                "CrossAccountSignin",
                "/",
                "new words",
                3600,
                TRUST,
                Set.of(POWER_USER),
                Map.of(),
                null,
                OWNER),
            Optional.of(seed),
            List.of("update role description")),
        arguments(
            "null description and session mean none and 3600",
            new DesiredRole(
                "CrossAccountSignin",
                "/",
                null,
                null,
                TRUST,
                Set.of(POWER_USER),
                Map.of(),
                null,
                OWNER),
            Optional.of(observedWithDescription(null)),
            List.of()),
        arguments(
            "boundary added before permissions change",
            with(SEED, TRUST, Set.of(READ_ONLY), Map.of(), BOUNDARY, OWNER),
            Optional.of(seed),
            List.of(
                "set permissions boundary " + BOUNDARY,
                "detach policy " + POWER_USER,
                "attach policy " + READ_ONLY)),
        arguments(
            "boundary removed after permissions change",
            with(SEED, TRUST, Set.of(READ_ONLY), Map.of(), null, OWNER),
            Optional.of(observedWith(Set.of(POWER_USER), Map.of(), BOUNDARY, seed.trust())),
            List.of(
                "detach policy " + POWER_USER,
                "attach policy " + READ_ONLY,
                "remove permissions boundary")),
        arguments(
            "inline policy reordered by IAM: nothing to do",
            with(
                SEED, TRUST, Set.of(POWER_USER), Map.of("deny-billing", DENY_BILLING), null, OWNER),
            Optional.of(
                observedWith(
                    Set.of(POWER_USER), Map.of("deny-billing", reordered), null, seed.trust())),
            List.of()),
        arguments(
            "inline policy added, changed and removed",
            with(
                SEED,
                TRUST,
                Set.of(POWER_USER),
                Map.of("deny-billing", DENY_BILLING, "new", DENY_BILLING),
                null,
                OWNER),
            Optional.of(
                observedWith(
                    Set.of(POWER_USER),
                    Map.of("deny-billing", TRUST, "gone", DENY_BILLING),
                    null,
                    seed.trust())),
            List.of(
                "delete inline policy gone",
                "put inline policy deny-billing",
                "put inline policy new")),
        arguments(
            "inline policy renamed only by case: the same policy to IAM, nothing to do",
            with(
                SEED, TRUST, Set.of(POWER_USER), Map.of("Deny-Billing", DENY_BILLING), null, OWNER),
            Optional.of(
                observedWith(
                    Set.of(POWER_USER), Map.of("deny-billing", DENY_BILLING), null, seed.trust())),
            List.of()));
  }

  static ObservedRole observedWithTags(Map<String, String> tags) {
    ObservedRole o = observedSeed();
    return new ObservedRole(
        o.name(),
        o.path(),
        o.description(),
        o.maxSessionDuration(),
        o.trust(),
        o.managedPolicyArns(),
        o.inlinePolicies(),
        o.permissionsBoundaryArn(),
        tags,
        o.arn(),
        o.roleId());
  }

  static ObservedRole observedWithDescription(String description) {
    ObservedRole o = observedSeed();
    return new ObservedRole(
        o.name(),
        o.path(),
        description,
        null,
        o.trust(),
        o.managedPolicyArns(),
        o.inlinePolicies(),
        o.permissionsBoundaryArn(),
        o.tags(),
        o.arn(),
        o.roleId());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plans")
  void plansTheCallsInSafeOrder(
      String name, DesiredRole desired, Optional<ObservedRole> observed, List<String> expected) {
    RolePlan plan = RolePlanner.plan(desired, observed);

    assertThat(plan.describe()).containsExactlyElementsOf(expected);
    assertThat(plan.isEmpty()).isEqualTo(expected.isEmpty());
  }

  @Test
  void createsTheSeedRoleInTwoCalls() {
    DesiredRole seed =
        new DesiredRole(
            "CrossAccountSignin",
            "/",
            "d",
            7200,
            TRUST,
            Set.of(POWER_USER),
            Map.of(),
            BOUNDARY,
            OWNER);

    RolePlan plan = RolePlanner.plan(seed, Optional.empty());

    assertThat(plan.roleName()).isEqualTo("CrossAccountSignin");
    assertThat(plan.changes())
        .containsExactly(
            new CreateRole("CrossAccountSignin", "/", "d", 7200, TRUST, BOUNDARY, OWNER),
            new AttachRolePolicy(POWER_USER));
  }

  @Test
  void everyKindOfChangeInOneOrder() {
    DesiredRole d =
        new DesiredRole(
            "CrossAccountSignin",
            "/",
            "changed",
            7200,
            TrustPolicy.render(TrustSpec.ofAccounts("aws", List.of("210987654321"))).get(),
            Set.of(READ_ONLY),
            Map.of("new", DENY_BILLING),
            BOUNDARY,
            Map.of("a", "1"));
    ObservedRole o =
        new ObservedRole(
            "CrossAccountSignin",
            "/",
            "d",
            3600,
            TRUST,
            Set.of(POWER_USER),
            Map.of("old", DENY_BILLING),
            null,
            Map.of("b", "2"),
            "arn",
            "id");

    assertThat(RolePlanner.plan(d, Optional.of(o)).describe())
        .containsExactly(
            "untag role [b]",
            "tag role [a]",
            "update trust policy",
            "set permissions boundary " + BOUNDARY,
            "update role description and maxSessionDuration",
            "delete inline policy old",
            "detach policy " + POWER_USER,
            "put inline policy new",
            "attach policy " + READ_ONLY);
  }
}
