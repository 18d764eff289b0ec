package io.xaccount.emulator.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xaccount.emulator.evaluation.Authorizer.Verdict;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of case on which the differential test ({@link DifferentialTest}, seed 27; "#n" is a
 * case ID there) found the emulator and iam-simulate apart, reduced to the policies that decide it,
 * as a fixed unit test that needs no Node. "fixed": the emulator was wrong and now answers as the
 * reference and the AWS documentation do. "recorded": the documentation decides for the emulator
 * ({@link RecordedDisagreements}). Callers are a session of role Dev in account 111111111111, or
 * user alice there.
 */
class RecordedDisagreementsTest {
  private static final String SESSION = "arn:aws:sts::111111111111:assumed-role/Dev/alice";

  record Row(String origin, String why, String caseJson, Verdict expected) {
    @Override
    public String toString() {
      return origin + ": " + why;
    }
  }

  static Stream<Row> rows() {
    return Stream.of(
        new Row(
            "fixed (75 of the first run's 97 disagreements)",
            "a variable before the ARN's fifth colon is literal text: \"You can't use a variable to"
                + " replace parts of the ARN before the fifth colon, such as the service or"
                + " account\"",
            """
            {"callerKind":"user","action":"iam:PutUserPolicy",
             "resource":"arn:aws:iam::111111111111:user/alice",
             "identity":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow",
               "Action":"iam:PutUserPolicy",
               "Resource":"arn:aws:iam::${aws:PrincipalAccount}:user/alice"}]}]}""",
            Verdict.IMPLICIT_DENY),
        new Row(
            "fixed",
            "a present but empty aws:TagKeys is not null: Null false means \"the key exists and"
                + " its value is not null\"",
            """
            {"action":"iam:GetRole","resource":"arn:aws:iam::111111111111:role/Target",
             "context":{"aws:TagKeys":[]},
             "identity":[{"Version":"2012-10-17","Statement":[
               {"Effect":"Allow","Action":"*","Resource":"*"},
               {"Effect":"Deny","Action":"*","Resource":"*",
                "Condition":{"Null":{"aws:TagKeys":"false"}}}]}]}""",
            Verdict.EXPLICIT_DENY),
        new Row(
            "fixed",
            "a negated operator whose value names a missing key does not hold: \"any attempt to"
                + " match it fails and causes the statement to be invalid\"",
            """
            {"action":"iam:GetRole","resource":"arn:aws:iam::111111111111:role/Target",
             "context":{"aws:PrincipalTag/team":"blue"},
             "identity":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*",
               "Resource":"*","Condition":{"StringNotLike":
                 {"aws:PrincipalTag/team":"${aws:RequestTag/team}"}}}]}]}""",
            Verdict.IMPLICIT_DENY),
        new Row(
            "fixed",
            "a NotResource naming a missing key is not a miss: \"any attempt to match it fails and"
                + " causes the statement to be invalid\" (a session has no aws:username)",
            """
            {"action":"s3:GetObject","resource":"arn:aws:s3:::reports/alice/q1.csv",
             "identity":[{"Version":"2012-10-17","Statement":[
               {"Effect":"Allow","Action":"*","Resource":"*"},
               {"Effect":"Deny","Action":"*",
                "NotResource":"arn:aws:s3:::reports/${aws:username}/*"}]}]}""",
            Verdict.ALLOW),
        new Row(
            "recorded session-policy-vs-direct-grant, e.g. #711",
            "a trust naming the session itself is not limited by its session policy",
            """
            {"action":"sts:AssumeRole","resource":"arn:aws:iam::111111111111:role/Target",
             "resourcePolicyRequired":true,
             "session":{"Version":"2012-10-17","Statement":[{"Effect":"Allow",
               "Action":"s3:GetObject","Resource":"*"}]},
             "resourcePolicy":{"Version":"2012-10-17","Statement":[{"Effect":"Allow",
               "Principal":{"AWS":"%s"},"Action":"sts:AssumeRole"}]}}"""
                .formatted(SESSION),
            Verdict.ALLOW),
        new Row(
            "recorded session-policy-vs-direct-grant, e.g. #1393",
            "Principal \"*\" names the session too (the guide is silent on \"*\"; the emulator and"
                + " iam-simulate both read it as naming the caller directly)",
            """
            {"action":"s3:GetObject","resource":"arn:aws:s3:::reports/alice/q1.csv",
             "session":{"Version":"2012-10-17","Statement":[{"Effect":"Allow",
               "Action":"s3:PutObject","Resource":"*"}]},
             "resourcePolicy":{"Version":"2012-10-17","Statement":[{"Effect":"Allow",
               "Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*"}]}}""",
            Verdict.ALLOW),
        new Row(
            "recorded variable-in-arn-condition, e.g. #16",
            "\"You can use a policy variable for Condition values in any condition that involves"
                + " the string operators or the ARN operators\"",
            """
            {"action":"iam:GetRole","resource":"arn:aws:iam::111111111111:role/Target",
             "identity":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*",
               "Resource":"*","Condition":{"ArnNotLike":{"aws:PrincipalArn":
                 "arn:aws:iam::${aws:PrincipalAccount}:role/Dev"}}}]}]}""",
            Verdict.IMPLICIT_DENY),
        new Row(
            "recorded epoch-seconds-in-date-conditions, e.g. #289",
            "1780315200 is 2026-06-01T12:00:00Z: \"...ISO 8601 date formats or in epoch (UNIX)"
                + " time\"",
            """
            {"action":"iam:GetRole","resource":"arn:aws:iam::111111111111:role/Target",
             "context":{"aws:CurrentTime":"2026-06-01T12:00:00Z"},
             "identity":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*",
               "Resource":"*","Condition":{"DateEquals":{"aws:CurrentTime":"1780315200"}}}]}]}""",
            Verdict.ALLOW));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void theEmulatorDecidesAsTheDocumentationSays(Row row) {
    assertThat(withDefaults(row.caseJson()).emulator()).isEqualTo(row.expected());
  }

  /** A session of Dev (or user alice) in 111111111111, calling in its own account. */
  private static DifferentialCase withDefaults(String json) {
    ObjectNode c = DifferentialCase.parse(json).json();
    boolean user = c.path("callerKind").asText().equals("user");
    String arn = user ? "arn:aws:iam::111111111111:user/alice" : SESSION;
    c.put("id", 0).put("caller", arn).put("callerKind", user ? "user" : "session");
    c.put("callerAccount", "111111111111").put("resourceAccount", "111111111111");
    if (!c.has("identity")) {
      c.putArray("identity");
    }
    ObjectNode context = c.has("context") ? (ObjectNode) c.get("context") : c.putObject("context");
    context.put("aws:PrincipalAccount", "111111111111");
    context.put("aws:PrincipalArn", user ? arn : "arn:aws:iam::111111111111:role/Dev");
    if (user) {
      context.put("aws:username", "alice");
    }
    return new DifferentialCase(c);
  }
}
