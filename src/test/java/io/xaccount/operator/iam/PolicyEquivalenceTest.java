package io.xaccount.operator.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reorderings and reshapings IAM applies to what it is given (the ACK iam-controller delta
 * table is the model), and the differences that must never be hidden by them.
 */
class PolicyEquivalenceTest {

  /** Single quotes keep the JSON readable here. */
  static String j(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  static final String TRUST =
      j(
          "{'Version':'2012-10-17','Statement':[{'Effect':'Allow',"
              + "'Principal':{'AWS':'arn:aws:iam::123456789012:root'},'Action':'sts:AssumeRole'}]}");

  static Stream<Arguments> equivalent() {
    return Stream.of(
        arguments("identical", TRUST, TRUST),
        arguments(
            "key order",
            TRUST,
            j(
                "{'Statement':[{'Action':'sts:AssumeRole','Principal':{'AWS':'arn:aws:iam::123456789012:root'},"
                    + "'Effect':'Allow'}],'Version':'2012-10-17'}")),
        arguments(
            "whitespace and newlines",
            TRUST,
            j(
                "{\n  'Version': '2012-10-17',\n  'Statement': [ {\n    'Effect': 'Allow',\n"
                    + "    'Principal': { 'AWS': 'arn:aws:iam::123456789012:root' },\n"
                    + "    'Action': 'sts:AssumeRole'\n  } ]\n}")),
        arguments(
            "statement order",
            j(
                "{'Version':'2012-10-17','Statement':[{'Effect':'Allow','Action':'s3:GetObject','Resource':'*'},"
                    + "{'Effect':'Deny','Action':'aws-portal:*','Resource':'*'}]}"),
            j(
                "{'Version':'2012-10-17','Statement':[{'Effect':'Deny','Action':'aws-portal:*','Resource':'*'},"
                    + "{'Effect':'Allow','Action':'s3:GetObject','Resource':'*'}]}")),
        arguments(
            "single statement object vs array of one",
            TRUST,
            j(
                "{'Version':'2012-10-17','Statement':{'Effect':'Allow',"
                    + "'Principal':{'AWS':'arn:aws:iam::123456789012:root'},'Action':'sts:AssumeRole'}}")),
        arguments(
            "principal list order",
            j(
                "{'Version':'2012-10-17','Statement':[{'Effect':'Allow','Action':'sts:AssumeRole',"
                    + "'Principal':{'AWS':['arn:aws:iam::111111111111:root','arn:aws:iam::222222222222:root']}}]}"),
            j(
                "{'Version':'2012-10-17','Statement':[{'Effect':'Allow','Action':'sts:AssumeRole',"
                    + "'Principal':{'AWS':['arn:aws:iam::222222222222:root','arn:aws:iam::111111111111:root']}}]}")),
        arguments(
            "principal types order",
            j(
                "{'Version':'2012-10-17','Statement':[{'Effect':'Allow','Action':'sts:AssumeRole',"
                    + "'Principal':{'Service':'ec2.amazonaws.com','AWS':'arn:aws:iam::111111111111:root'}}]}"),
            j(
                "{'Version':'2012-10-17','Statement':[{'Effect':'Allow','Action':'sts:AssumeRole',"
                    + "'Principal':{'AWS':'arn:aws:iam::111111111111:root','Service':'ec2.amazonaws.com'}}]}")),
        arguments(
            "bare account ID is its :root ARN",
            TRUST,
            j(
                "{'Version':'2012-10-17','Statement':[{'Effect':'Allow',"
                    + "'Principal':{'AWS':'123456789012'},'Action':'sts:AssumeRole'}]}")),
        arguments(
            "bare account ID takes the partition of the other ARNs",
            j(
                "{'Version':'2012-10-17','Statement':[{'Effect':'Allow','Action':'sts:AssumeRole',"
                    + "'Principal':{'AWS':['arn:aws-cn:iam::111111111111:root','arn:aws-cn:iam::222222222222:root']}}]}"),
            j(
                "{'Version':'2012-10-17','Statement':[{'Effect':'Allow','Action':'sts:AssumeRole',"
                    + "'Principal':{'AWS':['222222222222','111111111111']}}]}")),
        arguments(
            "Principal * is {AWS: *}",
            j(
                "{'Version':'2012-10-17','Statement':[{'Effect':'Allow','Principal':'*','Action':'sts:AssumeRole',"
                    + "'Condition':{'StringEquals':{'aws:PrincipalOrgID':'o-abc'}}}]}"),
            j(
                "{'Version':'2012-10-17','Statement':[{'Effect':'Allow','Principal':{'AWS':['*']},"
                    + "'Action':'sts:AssumeRole','Condition':{'StringEquals':{'aws:PrincipalOrgID':'o-abc'}}}]}")),
        arguments(
            "string vs array of one everywhere",
            j(
                "{'Version':'2012-10-17','Statement':[{'Sid':'A','Effect':'Allow','Action':'s3:GetObject',"
                    + "'Resource':'arn:aws:s3:::b/*','Condition':{'StringEquals':{'aws:RequestedRegion':'eu-west-1'}}}]}"),
            j(
                "{'Version':'2012-10-17','Statement':[{'Sid':'A','Effect':'Allow','Action':['s3:GetObject'],"
                    + "'Resource':['arn:aws:s3:::b/*'],'Condition':{'StringEquals':{'aws:RequestedRegion':['eu-west-1']}}}]}")),
        arguments(
            "nested arrays of one",
            TRUST,
            j(
                "{'Version':'2012-10-17','Statement':[[{'Effect':'Allow',"
                    + "'Principal':{'AWS':[['arn:aws:iam::123456789012:root']]},'Action':[['sts:AssumeRole']]}]]}")),
        arguments(
            "action and resource value order and repetition",
            j(
                "{'Version':'2012-10-17','Statement':[{'Effect':'Allow','Action':['s3:PutObject','s3:GetObject'],"
                    + "'Resource':['arn:aws:s3:::b','arn:aws:s3:::b/*']}]}"),
            j(
                "{'Version':'2012-10-17','Statement':[{'Effect':'Allow','Action':['s3:GetObject','s3:PutObject','s3:GetObject'],"
                    + "'Resource':['arn:aws:s3:::b/*','arn:aws:s3:::b']}]}")),
        arguments(
            "action names are case-insensitive",
            TRUST,
            TRUST.replace("sts:AssumeRole", "STS:assumerole")),
        arguments(
            "condition operator, key and value order",
            j(
                "{'Version':'2012-10-17','Statement':[{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::123456789012:root'},"
                    + "'Action':'sts:AssumeRole','Condition':{'Bool':{'aws:MultiFactorAuthPresent':'true'},"
                    + "'StringLike':{'aws:PrincipalArn':['arn:aws:iam::123456789012:role/a*','arn:aws:iam::123456789012:role/b*'],"
                    + "'aws:PrincipalTag/team':'x'}}}]}"),
            j(
                "{'Version':'2012-10-17','Statement':[{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::123456789012:root'},"
                    + "'Action':'sts:AssumeRole','Condition':{'StringLike':{'aws:PrincipalTag/team':'x',"
                    + "'aws:PrincipalArn':['arn:aws:iam::123456789012:role/b*','arn:aws:iam::123456789012:role/a*']},"
                    + "'Bool':{'aws:MultiFactorAuthPresent':'true'}}}]}")),
        arguments(
            "condition keys are case-insensitive, JSON scalars compare by text",
            j(
                "{'Version':'2012-10-17','Statement':[{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::123456789012:root'},"
                    + "'Action':'sts:AssumeRole','Condition':{'Bool':{'aws:MultiFactorAuthPresent':'true'},"
                    + "'NumericLessThan':{'aws:MultiFactorAuthAge':'3600'}}}]}"),
            j(
                "{'Version':'2012-10-17','Statement':[{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::123456789012:root'},"
                    + "'Action':'sts:AssumeRole','Condition':{'Bool':{'aws:multifactorauthpresent':true},"
                    + "'NumericLessThan':{'AWS:MultiFactorAuthAge':3600}}}]}")),
        arguments(
            "empty Sid is no Sid", TRUST, TRUST.replace("{\"Effect\"", "{\"Sid\":\"\",\"Effect\"")),
        arguments(
            "missing Version on both sides",
            TRUST.replace("\"Version\":\"2012-10-17\",", ""),
            TRUST.replace("\"Version\":\"2012-10-17\",", "")),
        arguments(
            "explicit 2008-10-17 is the default",
            TRUST.replace("2012-10-17", "2008-10-17"),
            TRUST.replace("\"Version\":\"2012-10-17\",", "")),
        arguments(
            "URL-encoded as IAM returns it",
            TRUST,
            "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C"
                + "%22Principal%22%3A%7B%22AWS%22%3A%22arn%3Aaws%3Aiam%3A%3A123456789012%3Aroot%22%7D%2C"
                + "%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D"),
        arguments(
            "URL-encoded with + for spaces and %0A for newlines",
            TRUST,
            "%7B%0A++%22Version%22%3A+%222012-10-17%22%2C%0A++%22Statement%22%3A+%5B%7B%22Effect%22%3A+%22Allow%22%2C"
                + "+%22Principal%22%3A+%7B%22AWS%22%3A+%5B%22123456789012%22%5D%7D%2C"
                + "+%22Action%22%3A+%5B%22sts%3AAssumeRole%22%5D%7D%5D%0A%7D"),
        arguments(
            "duplicate statements count once",
            TRUST,
            j(
                "{'Version':'2012-10-17','Statement':[{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::123456789012:root'},"
                    + "'Action':'sts:AssumeRole'},{'Action':'sts:AssumeRole','Effect':'Allow',"
                    + "'Principal':{'AWS':'123456789012'}}]}")));
  }

  static Stream<Arguments> different() {
    return Stream.of(
        arguments("effect", TRUST, TRUST.replace("Allow", "Deny")),
        arguments("action", TRUST, TRUST.replace("sts:AssumeRole", "sts:TagSession")),
        arguments(
            "extra action",
            TRUST,
            TRUST.replace("\"sts:AssumeRole\"", "[\"sts:AssumeRole\",\"sts:TagSession\"]")),
        arguments("principal account", TRUST, TRUST.replace("123456789012", "210987654321")),
        arguments("principal role vs account", TRUST, TRUST.replace(":root", ":role/Ops")),
        arguments(
            "principal ARN case",
            TRUST.replace(":root", ":role/ops"),
            TRUST.replace(":root", ":role/OPS")),
        arguments("root in another partition", TRUST, TRUST.replace("arn:aws:", "arn:aws-cn:")),
        arguments(
            "Principal * vs an account",
            TRUST,
            TRUST.replace("{\"AWS\":\"arn:aws:iam::123456789012:root\"}", "\"*\"")),
        arguments("Principal vs NotPrincipal", TRUST, TRUST.replace("Principal", "NotPrincipal")),
        arguments(
            "missing Version vs 2012-10-17",
            TRUST,
            TRUST.replace("\"Version\":\"2012-10-17\",", "")),
        arguments("Sid", TRUST, TRUST.replace("{\"Effect\"", "{\"Sid\":\"Trust\",\"Effect\"")),
        arguments(
            "resource",
            j(
                "{'Version':'2012-10-17','Statement':[{'Effect':'Allow','Action':'s3:GetObject','Resource':'arn:aws:s3:::a/*'}]}"),
            j(
                "{'Version':'2012-10-17','Statement':[{'Effect':'Allow','Action':'s3:GetObject','Resource':'arn:aws:s3:::A/*'}]}")),
        arguments(
            "Resource vs NotResource",
            j(
                "{'Version':'2012-10-17','Statement':[{'Effect':'Allow','Action':'s3:GetObject','Resource':'*'}]}"),
            j(
                "{'Version':'2012-10-17','Statement':[{'Effect':'Allow','Action':'s3:GetObject','NotResource':'*'}]}")),
        arguments(
            "condition added",
            TRUST,
            withCondition("{'Bool':{'aws:MultiFactorAuthPresent':'true'}}")),
        arguments(
            "condition value",
            withCondition("{'StringEquals':{'sts:ExternalId':'abc'}}"),
            withCondition("{'StringEquals':{'sts:ExternalId':'ABC'}}")),
        arguments(
            "condition operator",
            withCondition("{'StringEquals':{'sts:ExternalId':'abc'}}"),
            withCondition("{'StringLike':{'sts:ExternalId':'abc'}}")),
        arguments(
            "condition extra value",
            withCondition("{'StringEquals':{'sts:ExternalId':'abc'}}"),
            withCondition("{'StringEquals':{'sts:ExternalId':['abc','def']}}")),
        arguments(
            "extra statement",
            TRUST,
            j(
                "{'Version':'2012-10-17','Statement':[{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::123456789012:root'},"
                    + "'Action':'sts:AssumeRole'},{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::123456789012:root'},"
                    + "'Action':'sts:TagSession'}]}")),
        arguments(
            "statements merged are not the same statements",
            j(
                "{'Version':'2012-10-17','Statement':[{'Effect':'Allow','Action':'s3:GetObject','Resource':'arn:aws:s3:::a'},"
                    + "{'Effect':'Allow','Action':'s3:PutObject','Resource':'arn:aws:s3:::b'}]}"),
            j(
                "{'Version':'2012-10-17','Statement':[{'Effect':'Allow','Action':['s3:GetObject','s3:PutObject'],"
                    + "'Resource':['arn:aws:s3:::a','arn:aws:s3:::b']}]}")));
  }

  static String withCondition(String singleQuotedCondition) {
    return TRUST.replace(
        "\"Action\":\"sts:AssumeRole\"}",
        "\"Action\":\"sts:AssumeRole\",\"Condition\":" + j(singleQuotedCondition) + "}");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("equivalent")
  void equivalentDocumentsCompareEqual(String name, String a, String b) {
    PolicyDocument left = PolicyDocument.parse(a);
    PolicyDocument right = PolicyDocument.parse(b);
    assertThat(left.semanticallyEquals(right)).as(name).isTrue();
    assertThat(right.semanticallyEquals(left)).as(name + " (reversed)").isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("different")
  void differentDocumentsCompareDifferent(String name, String a, String b) {
    PolicyDocument left = PolicyDocument.parse(a);
    PolicyDocument right = PolicyDocument.parse(b);
    assertThat(left.semanticallyEquals(right)).as(name).isFalse();
    assertThat(right.semanticallyEquals(left)).as(name + " (reversed)").isFalse();
  }
}
