package io.xaccount.emulator.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.xaccount.emulator.evaluation.PolicyEngine.Effect;
import io.xaccount.emulator.model.Identity;
import io.xaccount.emulator.model.PolicyDocuments;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The evaluation table: one policy statement, one request, what IAM decides. Rows follow the
 * examples of the IAM User Guide (policy evaluation logic, condition operators, multi-valued
 * context keys, policy variables, example policies).
 */
class PolicyEvaluationTest {
  private static final String ALICE = "arn:aws:iam::123456789012:user/alice";
  private static final Identity USER =
      new Identity("123456789012", ALICE, "AIDAALICE", "AIDAALICE", ALICE, null);

  record Row(
      String why,
      String statement,
      String action,
      String resource,
      Map<String, Object> keys,
      Effect expected) {
    @Override
    public String toString() {
      return why;
    }
  }

  static Stream<Arguments> rows() {
    return Stream.of(
            // Action and NotAction: case-insensitive, wildcards.
            row(
                "exact action",
                allow("\"Action\":\"iam:GetRole\",\"Resource\":\"*\""),
                "iam:GetRole",
                "*",
                Map.of(),
                Effect.ALLOW),
            row(
                "action case-insensitive",
                allow("\"Action\":\"IAM:getrole\",\"Resource\":\"*\""),
                "iam:GetRole",
                "*",
                Map.of(),
                Effect.ALLOW),
            row(
                "action prefix wildcard",
                allow("\"Action\":\"iam:Get*\",\"Resource\":\"*\""),
                "iam:GetRole",
                "*",
                Map.of(),
                Effect.ALLOW),
            row(
                "action ? wildcard",
                allow("\"Action\":\"iam:?etRole\",\"Resource\":\"*\""),
                "iam:GetRole",
                "*",
                Map.of(),
                Effect.ALLOW),
            row(
                "other action",
                allow("\"Action\":\"iam:GetUser\",\"Resource\":\"*\""),
                "iam:GetRole",
                "*",
                Map.of(),
                Effect.NONE),
            row(
                "other service",
                allow("\"Action\":\"s3:*\",\"Resource\":\"*\""),
                "iam:GetRole",
                "*",
                Map.of(),
                Effect.NONE),
            row(
                "NotAction excludes",
                allow("\"NotAction\":\"iam:*\",\"Resource\":\"*\""),
                "iam:CreateRole",
                "*",
                Map.of(),
                Effect.NONE),
            row(
                "NotAction includes the rest",
                allow("\"NotAction\":\"iam:*\",\"Resource\":\"*\""),
                "sts:AssumeRole",
                "*",
                Map.of(),
                Effect.ALLOW),
            // Resource and NotResource: ARN segments, case-sensitive.
            row(
                "resource wildcard path",
                allow("\"Action\":\"iam:*\",\"Resource\":\"arn:aws:iam::*:role/xaccount/*\""),
                "iam:GetRole",
                "arn:aws:iam::111111111111:role/xaccount/Ops",
                Map.of(),
                Effect.ALLOW),
            row(
                "resource outside path",
                allow("\"Action\":\"iam:*\",\"Resource\":\"arn:aws:iam::*:role/xaccount/*\""),
                "iam:GetRole",
                "arn:aws:iam::111111111111:role/Ops",
                Map.of(),
                Effect.NONE),
            row(
                "resource case-sensitive",
                allow("\"Action\":\"iam:*\",\"Resource\":\"arn:aws:iam::111111111111:role/ops\""),
                "iam:GetRole",
                "arn:aws:iam::111111111111:role/Ops",
                Map.of(),
                Effect.NONE),
            row(
                "resource other partition",
                allow("\"Action\":\"iam:*\",\"Resource\":\"arn:aws-cn:iam::*:role/*\""),
                "iam:GetRole",
                "arn:aws:iam::111111111111:role/Ops",
                Map.of(),
                Effect.NONE),
            row(
                "listing resource",
                allow("\"Action\":\"iam:ListRoles\",\"Resource\":\"arn:aws:iam::*:role/*\""),
                "iam:ListRoles",
                "arn:aws:iam::111111111111:role/",
                Map.of(),
                Effect.ALLOW),
            row(
                "NotResource",
                allow(
                    "\"Action\":\"iam:*\",\"NotResource\":\"arn:aws:iam::*:role/xaccount-operator\""),
                "iam:DeleteRole",
                "arn:aws:iam::111111111111:role/xaccount-operator",
                Map.of(),
                Effect.NONE),
            // Deny beats allow inside one policy.
            row(
                "deny wins",
                "["
                    + allowSt("\"Action\":\"*\",\"Resource\":\"*\"")
                    + ","
                    + denySt("\"Action\":\"iam:DeleteRole\",\"Resource\":\"*\"")
                    + "]",
                "iam:DeleteRole",
                "arn:aws:iam::1:role/x",
                Map.of(),
                Effect.DENY),
            // Policy variables.
            row(
                "${aws:username} in resource",
                allow(
                    "\"Action\":\"iam:*AccessKey*\",\"Resource\":\"arn:aws:iam::*:user/${aws:username}\""),
                "iam:CreateAccessKey",
                ALICE,
                Map.of("aws:username", "alice"),
                Effect.ALLOW),
            row(
                "${aws:username} someone else",
                allow(
                    "\"Action\":\"iam:*AccessKey*\",\"Resource\":\"arn:aws:iam::*:user/${aws:username}\""),
                "iam:CreateAccessKey",
                "arn:aws:iam::123456789012:user/bob",
                Map.of("aws:username", "alice"),
                Effect.NONE),
            row(
                "variable absent matches nothing",
                allow("\"Action\":\"iam:*\",\"Resource\":\"arn:aws:iam::*:user/${aws:username}\""),
                "iam:GetUser",
                ALICE,
                Map.of(),
                Effect.NONE),
            row(
                "variable default",
                allow(
                    "\"Action\":\"iam:*\",\"Resource\":\"arn:aws:iam::*:user/${aws:username, 'alice'}\""),
                "iam:GetUser",
                ALICE,
                Map.of(),
                Effect.ALLOW),
            row(
                "${*} is a literal star",
                allow("\"Action\":\"iam:*\",\"Resource\":\"arn:aws:iam::*:user/a${*}\""),
                "iam:GetUser",
                "arn:aws:iam::1:user/ab",
                Map.of(),
                Effect.NONE),
            // String operators.
            row(
                "StringEquals",
                cond("\"StringEquals\":{\"aws:PrincipalTag/team\":\"ops\"}"),
                "iam:GetRole",
                "*",
                Map.of("aws:PrincipalTag/team", "ops"),
                Effect.ALLOW),
            row(
                "StringEquals values case-sensitive",
                cond("\"StringEquals\":{\"aws:PrincipalTag/team\":\"ops\"}"),
                "iam:GetRole",
                "*",
                Map.of("aws:PrincipalTag/team", "OPS"),
                Effect.NONE),
            row(
                "condition key names case-insensitive",
                cond("\"StringEquals\":{\"AWS:principaltag/TEAM\":\"ops\"}"),
                "iam:GetRole",
                "*",
                Map.of("aws:PrincipalTag/team", "ops"),
                Effect.ALLOW),
            row(
                "StringEqualsIgnoreCase",
                cond("\"StringEqualsIgnoreCase\":{\"aws:PrincipalTag/team\":\"ops\"}"),
                "iam:GetRole",
                "*",
                Map.of("aws:PrincipalTag/team", "OPS"),
                Effect.ALLOW),
            row(
                "values are OR",
                cond("\"StringEquals\":{\"aws:PrincipalTag/team\":[\"dev\",\"ops\"]}"),
                "iam:GetRole",
                "*",
                Map.of("aws:PrincipalTag/team", "ops"),
                Effect.ALLOW),
            row(
                "keys are AND",
                cond(
                    "\"StringEquals\":{\"aws:PrincipalTag/team\":\"ops\",\"aws:PrincipalTag/env\":\"prod\"}"),
                "iam:GetRole",
                "*",
                Map.of("aws:PrincipalTag/team", "ops"),
                Effect.NONE),
            row(
                "StringLike",
                cond(
                    "\"StringLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:role/AWSReservedSSO_Admin_*\"}"),
                "iam:GetRole",
                "*",
                Map.of("aws:PrincipalArn", "arn:aws:iam::1:role/AWSReservedSSO_Admin_1f2e"),
                Effect.ALLOW),
            row(
                "missing key: positive operator false",
                cond("\"StringEquals\":{\"aws:PrincipalTag/team\":\"ops\"}"),
                "iam:GetRole",
                "*",
                Map.of(),
                Effect.NONE),
            row(
                "missing key: negated operator true",
                cond("\"StringNotEquals\":{\"aws:ResourceTag/owner\":\"me\"}"),
                "iam:GetRole",
                "*",
                Map.of(),
                Effect.ALLOW),
            row(
                "StringNotEquals on another value",
                cond("\"StringNotEquals\":{\"aws:ResourceTag/owner\":\"me\"}"),
                "iam:GetRole",
                "*",
                Map.of("aws:ResourceTag/owner", "you"),
                Effect.ALLOW),
            row(
                "StringNotEquals on the value",
                cond("\"StringNotEquals\":{\"aws:ResourceTag/owner\":\"me\"}"),
                "iam:GetRole",
                "*",
                Map.of("aws:ResourceTag/owner", "me"),
                Effect.NONE),
            row(
                "StringNotLike",
                cond("\"StringNotLike\":{\"sts:RoleSessionName\":\"ci-*\"}"),
                "sts:AssumeRole",
                "*",
                Map.of("sts:RoleSessionName", "ci-42"),
                Effect.NONE),
            row(
                "IfExists with key absent",
                cond("\"StringEqualsIfExists\":{\"aws:RequestTag/env\":\"dev\"}"),
                "iam:TagRole",
                "*",
                Map.of(),
                Effect.ALLOW),
            row(
                "IfExists with key present",
                cond("\"StringEqualsIfExists\":{\"aws:RequestTag/env\":\"dev\"}"),
                "iam:TagRole",
                "*",
                Map.of("aws:RequestTag/env", "prod"),
                Effect.NONE),
            row(
                "Null true: key absent",
                cond("\"Null\":{\"aws:ResourceTag/owner\":\"true\"}"),
                "iam:GetRole",
                "*",
                Map.of(),
                Effect.ALLOW),
            row(
                "Null false: key present",
                cond("\"Null\":{\"aws:ResourceTag/owner\":\"false\"}"),
                "iam:GetRole",
                "*",
                Map.of("aws:ResourceTag/owner", "x"),
                Effect.ALLOW),
            row(
                "Null false: key absent",
                cond("\"Null\":{\"aws:ResourceTag/owner\":\"false\"}"),
                "iam:GetRole",
                "*",
                Map.of(),
                Effect.NONE),
            // Bool, MFA.
            row(
                "Bool MFA true",
                cond("\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}"),
                "sts:AssumeRole",
                "*",
                Map.of("aws:MultiFactorAuthPresent", "true"),
                Effect.ALLOW),
            row(
                "Bool MFA false",
                cond("\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}"),
                "sts:AssumeRole",
                "*",
                Map.of("aws:MultiFactorAuthPresent", "false"),
                Effect.NONE),
            row(
                "Bool MFA absent (long-term keys)",
                cond("\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}"),
                "sts:AssumeRole",
                "*",
                Map.of(),
                Effect.NONE),
            row(
                "BoolIfExists: an absent key (long-term keys) holds",
                cond("\"BoolIfExists\":{\"aws:MultiFactorAuthPresent\":\"false\"}"),
                "iam:GetRole",
                "*",
                Map.of(),
                Effect.ALLOW),
            row(
                "Bool is case-insensitive",
                cond("\"Bool\":{\"aws:MultiFactorAuthPresent\":\"TRUE\"}"),
                "sts:AssumeRole",
                "*",
                Map.of("aws:MultiFactorAuthPresent", "true"),
                Effect.ALLOW),
            // Numeric and dates.
            row(
                "NumericLessThan MFA age",
                cond("\"NumericLessThan\":{\"aws:MultiFactorAuthAge\":\"3600\"}"),
                "sts:AssumeRole",
                "*",
                Map.of("aws:MultiFactorAuthAge", "120"),
                Effect.ALLOW),
            row(
                "NumericLessThan MFA age too old",
                cond("\"NumericLessThan\":{\"aws:MultiFactorAuthAge\":\"3600\"}"),
                "sts:AssumeRole",
                "*",
                Map.of("aws:MultiFactorAuthAge", "7200"),
                Effect.NONE),
            row(
                "Numeric on a non-number",
                cond("\"NumericEquals\":{\"aws:MultiFactorAuthAge\":\"x\"}"),
                "sts:AssumeRole",
                "*",
                Map.of("aws:MultiFactorAuthAge", "1"),
                Effect.NONE),
            row(
                "NumericGreaterThanEquals",
                cond("\"NumericGreaterThanEquals\":{\"aws:EpochTime\":\"100\"}"),
                "iam:GetRole",
                "*",
                Map.of("aws:EpochTime", "100"),
                Effect.ALLOW),
            row(
                "inside a time window",
                cond(
                    "\"DateGreaterThan\":{\"aws:CurrentTime\":\"2026-11-01T00:00:00Z\"},\"DateLessThan\":{\"aws:CurrentTime\":\"2026-12-01T00:00:00Z\"}"),
                "sts:AssumeRole",
                "*",
                Map.of("aws:CurrentTime", "2026-11-30T12:00:00Z"),
                Effect.ALLOW),
            row(
                "after a time window",
                cond("\"DateLessThan\":{\"aws:CurrentTime\":\"2026-11-30T00:00:00Z\"}"),
                "sts:AssumeRole",
                "*",
                Map.of("aws:CurrentTime", "2026-11-30T12:00:00Z"),
                Effect.NONE),
            row(
                "dates with offsets and epoch",
                cond("\"DateEquals\":{\"aws:CurrentTime\":\"1764504000\"}"),
                "sts:AssumeRole",
                "*",
                Map.of("aws:CurrentTime", "2025-11-30T13:00:00+01:00"),
                Effect.ALLOW),
            // ARN operators.
            row(
                "ArnLike per segment",
                cond("\"ArnLike\":{\"iam:PolicyARN\":\"arn:aws:iam::*:policy/xaccount/*\"}"),
                "iam:AttachRolePolicy",
                "*",
                Map.of("iam:PolicyARN", "arn:aws:iam::1:policy/xaccount/g"),
                Effect.ALLOW),
            row(
                "ArnLike other path",
                cond("\"ArnLike\":{\"iam:PolicyARN\":\"arn:aws:iam::*:policy/xaccount/*\"}"),
                "iam:AttachRolePolicy",
                "*",
                Map.of("iam:PolicyARN", "arn:aws:iam::aws:policy/AdministratorAccess"),
                Effect.NONE),
            row(
                "ArnNotLike missing key is true",
                cond("\"ArnNotLike\":{\"iam:PolicyARN\":\"arn:aws:iam::*:policy/xaccount/*\"}"),
                "iam:PutRolePolicy",
                "*",
                Map.of(),
                Effect.ALLOW),
            row(
                "ArnEquals",
                cond("\"ArnEquals\":{\"iam:PermissionsBoundary\":\"arn:aws:iam::1:policy/b\"}"),
                "iam:CreateRole",
                "*",
                Map.of("iam:PermissionsBoundary", "arn:aws:iam::1:policy/b"),
                Effect.ALLOW),
            // Multi-valued keys.
            row(
                "ForAllValues subset",
                cond("\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"team\",\"env\"]}"),
                "iam:TagRole",
                "*",
                Map.of("aws:TagKeys", List.of("team")),
                Effect.ALLOW),
            row(
                "ForAllValues not subset",
                cond("\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"team\",\"env\"]}"),
                "iam:TagRole",
                "*",
                Map.of("aws:TagKeys", List.of("team", "owner")),
                Effect.NONE),
            row(
                "ForAllValues empty set is true",
                cond("\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"team\"]}"),
                "iam:TagRole",
                "*",
                Map.of(),
                Effect.ALLOW),
            row(
                "ForAllValues:StringNotEquals refuses one key",
                cond("\"ForAllValues:StringNotEquals\":{\"aws:TagKeys\":\"xaccount.io/adopted\"}"),
                "iam:TagRole",
                "*",
                Map.of("aws:TagKeys", List.of("xaccount.io/managed-by", "xaccount.io/adopted")),
                Effect.NONE),
            row(
                "ForAllValues:StringNotEquals without it",
                cond("\"ForAllValues:StringNotEquals\":{\"aws:TagKeys\":\"xaccount.io/adopted\"}"),
                "iam:TagRole",
                "*",
                Map.of("aws:TagKeys", List.of("xaccount.io/managed-by")),
                Effect.ALLOW),
            row(
                "ForAnyValue one matches",
                cond("\"ForAnyValue:StringEquals\":{\"aws:TagKeys\":\"xaccount.io/managed-by\"}"),
                "iam:UntagRole",
                "*",
                Map.of("aws:TagKeys", List.of("a", "xaccount.io/managed-by")),
                Effect.ALLOW),
            row(
                "ForAnyValue empty set is false",
                cond("\"ForAnyValue:StringEquals\":{\"aws:TagKeys\":\"x\"}"),
                "iam:UntagRole",
                "*",
                Map.of(),
                Effect.NONE),
            // Variables inside conditions, unknown operators.
            row(
                "variable in condition value",
                cond("\"StringEquals\":{\"aws:ResourceTag/owner\":\"${aws:username}\"}"),
                "iam:GetRole",
                "*",
                Map.of("aws:ResourceTag/owner", "alice", "aws:username", "alice"),
                Effect.ALLOW),
            row(
                "unknown operator never holds",
                cond("\"StringSortOf\":{\"aws:username\":\"alice\"}"),
                "iam:GetRole",
                "*",
                Map.of("aws:username", "alice"),
                Effect.NONE))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void decides(Row row) throws Exception {
    RequestContext ctx = new RequestContext(row.action(), row.resource(), USER);
    row.keys()
        .forEach(
            (k, v) -> {
              if (v instanceof List<?> list) {
                ctx.putAll(k, list.stream().map(String::valueOf).toList());
              } else {
                ctx.put(k, String.valueOf(v));
              }
            });
    String doc = "{\"Version\":\"2012-10-17\",\"Statement\":" + row.statement() + "}";
    // Read as stored: IAM refuses unknown operators on write; the engine must not match them.
    assertThat(PolicyEngine.identity(PolicyDocuments.JSON.readTree(doc), ctx))
        .isEqualTo(row.expected());
  }

  @Test
  void resourcePoliciesMatchPrincipalsAsIamDoes() throws Exception {
    RequestContext ctx =
        new RequestContext("sts:AssumeRole", "arn:aws:iam::111111111111:role/R", USER);
    assertThat(trust("\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"}", ctx))
        .as("the account root: allows, but not on its own")
        .isEqualTo(new PolicyEngine.Outcome(Effect.ALLOW, PolicyEngine.Reach.ACCOUNT));
    assertThat(trust("\"Principal\":{\"AWS\":\"123456789012\"}", ctx).effect())
        .as("a bare account ID is the account")
        .isEqualTo(Effect.ALLOW);
    assertThat(trust("\"Principal\":{\"AWS\":\"AIDAALICE\"}", ctx))
        .as("the user itself, as IAM stores it")
        .isEqualTo(new PolicyEngine.Outcome(Effect.ALLOW, PolicyEngine.Reach.DIRECT));
    assertThat(trust("\"Principal\":{\"AWS\":\"arn:aws:iam::222222222222:root\"}", ctx).effect())
        .isEqualTo(Effect.NONE);
    assertThat(trust("\"Principal\":{\"Service\":\"ec2.amazonaws.com\"}", ctx).effect())
        .as("a service principal is not an IAM caller")
        .isEqualTo(Effect.NONE);
    assertThat(trust("\"Principal\":\"*\"", ctx).effect()).isEqualTo(Effect.ALLOW);
    assertThat(trust("\"NotPrincipal\":{\"AWS\":\"arn:aws:iam::222222222222:root\"}", ctx).effect())
        .as("NotPrincipal: everyone but the listed")
        .isEqualTo(Effect.ALLOW);
    assertThat(trust("\"NotPrincipal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"}", ctx).effect())
        .isEqualTo(Effect.NONE);
  }

  private static PolicyEngine.Outcome trust(String principal, RequestContext ctx) throws Exception {
    return PolicyEngine.resource(
        PolicyDocuments.JSON.readTree(
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + principal
                + ",\"Action\":\"sts:AssumeRole\"}]}"),
        ctx);
  }

  private static Row row(
      String why,
      String statement,
      String action,
      String resource,
      Map<String, ?> keys,
      Effect expected) {
    @SuppressWarnings("unchecked")
    Map<String, Object> k = (Map<String, Object>) keys;
    return new Row(why, statement, action, resource, k, expected);
  }

  private static String allow(String body) {
    return "[" + allowSt(body) + "]";
  }

  private static String allowSt(String body) {
    return "{\"Effect\":\"Allow\"," + body + "}";
  }

  private static String denySt(String body) {
    return "{\"Effect\":\"Deny\"," + body + "}";
  }

  private static String cond(String condition) {
    return allow("\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{" + condition + "}");
  }
}
