package io.xaccount.emulator.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.xaccount.emulator.evaluation.Authorizer.ResourcePolicy;
import io.xaccount.emulator.evaluation.Authorizer.Verdict;
import io.xaccount.emulator.model.Identity;
import io.xaccount.emulator.model.PolicyDocuments;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The IAM User Guide's cases of a resource-based policy meeting implicit denies in the caller's
 * other policies ("How AWS enforcement code logic evaluates requests to allow or deny access",
 * "Resource-based policies" and its table; "Cross-account policy evaluation logic"), one row each,
 * with the guide's words. The resource is a role and its trust policy, in account A.
 */
class ResourcePolicyReachTest {
  private static final String A = "111111111111";
  private static final String B = "222222222222";
  private static final String ROLE = "arn:aws:iam::" + A + ":role/Dev";
  private static final String SESSION = "arn:aws:sts::" + A + ":assumed-role/Dev/s1";
  private static final String USER = "arn:aws:iam::" + A + ":user/alice";
  private static final Identity SESSION_CALLER =
      new Identity(A, SESSION, "AROADEV:s1", "AROADEV", ROLE, null);
  private static final Identity USER_CALLER =
      new Identity(A, USER, "AIDAALICE", "AIDAALICE", USER, null);
  private static final String ALL = "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}";
  private static final String S3_ONLY =
      "{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}";
  private static final String DENY_ALL =
      "{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\"}";

  /** The caller's side: identity policy, boundary and session policy (null: none). */
  record Caller(Identity who, String identity, String boundary, String session) {}

  record Row(String why, Caller caller, String trustNames, String roleAccount, Verdict expected) {
    @Override
    public String toString() {
      return why;
    }
  }

  static Stream<Row> rows() {
    String roleLimited =
        "\"Resource-based policies that grant permissions to an IAM role ARN are limited by an"
            + " implicit deny in a permissions boundary or session policy\"";
    String sessionDirect =
        "\"Permissions granted directly to a session are not limited by an implicit deny in an"
            + " identity-based policy, a permissions boundary, or session policy\"";
    String userDirect =
        "\"resource-based policies that grant permissions to an IAM user ARN (that is not a"
            + " federated user session) are not limited by an implicit deny in an identity-based"
            + " policy or permissions boundary\"";
    String crossAccount =
        "\"The principal's identity-based policy must allow the requested access to the resource"
            + " in the trusting service\"";
    return Stream.of(
        new Row(
            "role ARN, boundary implicitly denies: " + roleLimited,
            new Caller(SESSION_CALLER, ALL, S3_ONLY, null),
            ROLE,
            A,
            Verdict.IMPLICIT_DENY),
        new Row(
            "role ARN, session policy implicitly denies: " + roleLimited,
            new Caller(SESSION_CALLER, ALL, null, S3_ONLY),
            ROLE,
            A,
            Verdict.IMPLICIT_DENY),
        new Row(
            "role ARN, no identity-based Allow, nothing else limits: \"an Allow in a resource-based"
                + " policy can result in a final decision of Allow, even if an implicit deny in an"
                + " identity-based policy [...] is present\"",
            new Caller(SESSION_CALLER, null, null, null),
            ROLE,
            A,
            Verdict.ALLOW),
        new Row(
            "role ARN, boundary and session policy allow: " + roleLimited,
            new Caller(SESSION_CALLER, null, ALL, ALL),
            ROLE,
            A,
            Verdict.ALLOW),
        new Row(
            "session ARN, boundary and session policy implicitly deny: " + sessionDirect,
            new Caller(SESSION_CALLER, null, S3_ONLY, S3_ONLY),
            SESSION,
            A,
            Verdict.ALLOW),
        new Row(
            "session ARN, explicit deny in the boundary: \"An explicit deny in any policy overrides"
                + " any allows\"",
            new Caller(SESSION_CALLER, ALL, DENY_ALL, null),
            SESSION,
            A,
            Verdict.EXPLICIT_DENY),
        new Row(
            "user ARN, boundary implicitly denies: " + userDirect,
            new Caller(USER_CALLER, null, S3_ONLY, null),
            USER,
            A,
            Verdict.ALLOW),
        new Row(
            "account root, no identity-based Allow: the account's own policies decide",
            new Caller(SESSION_CALLER, null, null, null),
            "arn:aws:iam::" + A + ":root",
            A,
            Verdict.IMPLICIT_DENY),
        new Row(
            "account root, identity Allow, boundary implicitly denies",
            new Caller(USER_CALLER, ALL, S3_ONLY, null),
            "arn:aws:iam::" + A + ":root",
            A,
            Verdict.IMPLICIT_DENY),
        new Row(
            "trust names someone else, identity Allow: \"IAM role trust policies [...] must"
                + " explicitly allow access for principals\"",
            new Caller(SESSION_CALLER, ALL, null, null),
            "arn:aws:iam::" + B + ":root",
            A,
            Verdict.IMPLICIT_DENY),
        new Row(
            "across accounts, session ARN, no identity-based Allow: " + crossAccount,
            new Caller(identityIn(B), null, null, null),
            "arn:aws:sts::" + B + ":assumed-role/Dev/s1",
            A,
            Verdict.IMPLICIT_DENY),
        new Row(
            "across accounts, role ARN, identity Allow, boundary implicitly denies",
            new Caller(identityIn(B), ALL, S3_ONLY, null),
            "arn:aws:iam::" + B + ":role/Dev",
            A,
            Verdict.IMPLICIT_DENY));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void decides(Row row) {
    Caller c = row.caller();
    CallerPolicies policies =
        new CallerPolicies(false, docs(c.identity()), doc(c.boundary()), docs(c.session()));
    RequestContext ctx =
        new RequestContext("sts:AssumeRole", "arn:aws:iam::" + A + ":role/Target", c.who());
    String trust =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
            + row.trustNames()
            + "\"},\"Action\":\"sts:AssumeRole\"}]}";
    ResourcePolicy rp = new ResourcePolicy(doc(trust), row.roleAccount(), true);

    assertThat(Authorizer.decide(policies, ctx, rp).verdict()).isEqualTo(row.expected());
  }

  @Test
  void aDenyWithNotPrincipalRefusesEveryoneWithABoundaryWhateverItLists() {
    // "The NotPrincipal element with a Deny effect will always deny any IAM principal that has a
    // permissions boundary policy attached, regardless of the values specified in the
    // NotPrincipal element." (IAM User Guide, "Permissions boundaries for IAM entities")
    String trust =
        "{\"Version\":\"2012-10-17\",\"Statement\":["
            + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
            + SESSION
            + "\"},\"Action\":\"sts:AssumeRole\"},"
            + "{\"Effect\":\"Deny\",\"NotPrincipal\":{\"AWS\":\""
            + SESSION
            + "\"},\"Action\":\"sts:AssumeRole\"}]}";
    RequestContext ctx =
        new RequestContext("sts:AssumeRole", "arn:aws:iam::" + A + ":role/Target", SESSION_CALLER);
    ResourcePolicy rp = new ResourcePolicy(doc(trust), A, true);

    assertThat(Authorizer.decide(new CallerPolicies(false, List.of(), null, List.of()), ctx, rp))
        .extracting(Authorizer.Decision::verdict)
        .isEqualTo(Verdict.ALLOW);
    assertThat(
            Authorizer.decide(new CallerPolicies(false, List.of(), doc(ALL), List.of()), ctx, rp))
        .extracting(Authorizer.Decision::verdict)
        .isEqualTo(Verdict.EXPLICIT_DENY);
  }

  private static Identity identityIn(String account) {
    String role = "arn:aws:iam::" + account + ":role/Dev";
    return new Identity(
        account,
        "arn:aws:sts::" + account + ":assumed-role/Dev/s1",
        "AROAB:s1",
        "AROAB",
        role,
        null);
  }

  private static JsonNode doc(String statement) {
    if (statement == null) {
      return null;
    }
    String json =
        statement.contains("\"Version\"")
            ? statement
            : "{\"Version\":\"2012-10-17\",\"Statement\":[" + statement + "]}";
    return PolicyDocuments.stored(json);
  }

  private static List<JsonNode> docs(String statement) {
    return statement == null ? List.of() : List.of(doc(statement));
  }
}
