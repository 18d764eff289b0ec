package io.xaccount.operator.iam;

import static io.xaccount.operator.iam.PolicyEquivalenceTest.j;
import static org.assertj.core.api.Assertions.assertThat;

import io.xaccount.operator.iam.PolicyVersionChange.CreatePolicyVersion;
import io.xaccount.operator.iam.PolicyVersionChange.DeletePolicyVersion;
import io.xaccount.operator.iam.PolicyVersionChange.PolicyVersion;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The grant policy, its version updates and its name. */
class GrantPolicyTest {

  static final String ROLE = "arn:aws:iam::111111111111:role/CrossAccountSignin";

  @Test
  void allowsAssumeRoleOnExactlyTheRole() {
    assertThat(GrantPolicy.render(ROLE, false).get().toJson())
        .isEqualTo(
            j(
                "{'Version':'2012-10-17','Statement':[{'Sid':'AssumeCrossAccountRole','Effect':'Allow',"
                    + "'Action':'sts:AssumeRole','Resource':'"
                    + ROLE
                    + "'}]}"));
  }

  @Test
  void requiresMfaWhenAsked() {
    assertThat(GrantPolicy.render(ROLE, true).get().toJson())
        .endsWith(j("'Condition':{'Bool':{'aws:MultiFactorAuthPresent':'true'}}}]}"));
  }

  @Test
  void aWindowIsTwoLiteralConditionsOnTheCurrentTimeThatIamEnforcesByItself() {
    Instant after = Instant.parse("2030-01-31T09:00:00Z");
    Instant before = Instant.parse("2030-01-31T17:00:00.900Z");
    assertThat(GrantPolicy.render(ROLE, true, after, before).get().toJson())
        .endsWith(
            j(
                "'Condition':{'Bool':{'aws:MultiFactorAuthPresent':'true'},"
                    + "'DateGreaterThan':{'aws:CurrentTime':'2030-01-31T09:00:00Z'},"
                    + "'DateLessThan':{'aws:CurrentTime':'2030-01-31T17:00:00Z'}}}]}"));
    assertThat(GrantPolicy.render(ROLE, false, null, before).get().toJson())
        .endsWith(j("'Condition':{'DateLessThan':{'aws:CurrentTime':'2030-01-31T17:00:00Z'}}}]}"));
    assertThat(GrantPolicy.render(ROLE, false, null, null).get().toJson())
        .doesNotContain("Condition");
  }

  @Test
  void refusesAnythingButARoleArn() {
    assertThat(GrantPolicy.render("arn:aws:iam::111111111111:role/*", false).message())
        .startsWith("spec.target: \"arn:aws:iam::111111111111:role/*\" is not an IAM role ARN");
    assertThat(GrantPolicy.render("arn:aws:iam::111111111111:user/x", false).isValid()).isFalse();
  }

  static PolicyVersion v(String id, boolean isDefault, int day) {
    return new PolicyVersion(
        id, isDefault, Instant.parse("2026-01-01T00:00:00Z").plusSeconds(86400L * day));
  }

  @Test
  void plansNothingWhenTheDefaultVersionIsSemanticallyEqual() {
    PolicyDocument desired = GrantPolicy.render(ROLE, false).get();
    PolicyDocument asIamReturnsIt =
        PolicyDocument.parse(
            "%7B%22Statement%22%3A%7B%22Resource%22%3A%5B%22"
                + ROLE.replace(":", "%3A").replace("/", "%2F")
                + "%22%5D%2C%22Action%22%3A%22STS%3AAssumeRole%22%2C%22Effect%22%3A%22Allow%22%2C"
                + "%22Sid%22%3A%22AssumeCrossAccountRole%22%7D%2C%22Version%22%3A%222012-10-17%22%7D");

    assertThat(PolicyVersionPlanner.plan(desired, asIamReturnsIt, List.of(v("v1", true, 0))))
        .isEmpty();
  }

  @Test
  void createsADefaultVersionWhenThereIsRoom() {
    PolicyDocument desired = GrantPolicy.render(ROLE, true).get();
    PolicyDocument current = GrantPolicy.render(ROLE, false).get();

    assertThat(
            PolicyVersionPlanner.plan(
                desired, current, List.of(v("v1", true, 0), v("v2", false, 1))))
        .containsExactly(new CreatePolicyVersion(desired, true));
  }

  @Test
  void deletesTheOldestNonDefaultVersionWhenFiveExist() {
    PolicyDocument desired = GrantPolicy.render(ROLE, true).get();
    PolicyDocument current = GrantPolicy.render(ROLE, false).get();
    List<PolicyVersion> five =
        List.of(
            v("v5", false, 5),
            v("v1", true, 1),
            v("v3", false, 3),
            v("v2", false, 2),
            v("v4", false, 4));

    assertThat(PolicyVersionPlanner.plan(desired, current, five))
        .containsExactly(new DeletePolicyVersion("v2"), new CreatePolicyVersion(desired, true));
  }
}
