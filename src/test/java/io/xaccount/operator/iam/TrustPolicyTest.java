package io.xaccount.operator.iam;

import static io.xaccount.operator.iam.PolicyEquivalenceTest.j;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What {@link TrustPolicy} renders from a spec, and what it refuses. */
class TrustPolicyTest {

  static final String DEV = "123456789012";
  static final String HEAD = "{'Version':'2012-10-17','Statement':[";

  static TrustSpec spec(
      List<String> accounts,
      List<String> arns,
      List<String> patterns,
      boolean mfa,
      Integer mfaAge,
      String externalId,
      boolean sourceIdentity,
      boolean sessionTags,
      String partition) {
    return new TrustSpec(
        accounts, arns, patterns, mfa, mfaAge, externalId, sourceIdentity, sessionTags, partition);
  }

  static Stream<Arguments> rendered() {
    return Stream.of(
        arguments(
            "seed: one account",
            TrustSpec.ofAccounts("aws", List.of(DEV)),
            HEAD
                + "{'Sid':'TrustedPrincipals','Effect':'Allow','Principal':{'AWS':'arn:aws:iam::123456789012:root'},"
                + "'Action':'sts:AssumeRole'}]}"),
        arguments(
            "accounts and principal ARNs share a statement, sorted",
            spec(
                List.of("222222222222", "111111111111"),
                List.of("arn:aws:iam::333333333333:role/team/Ops"),
                null,
                false,
                null,
                null,
                false,
                false,
                null),
            HEAD
                + "{'Sid':'TrustedPrincipals','Effect':'Allow','Principal':{'AWS':['arn:aws:iam::111111111111:root',"
                + "'arn:aws:iam::222222222222:root','arn:aws:iam::333333333333:role/team/Ops']},"
                + "'Action':'sts:AssumeRole'}]}"),
        arguments(
            "MFA with max age, other partition",
            spec(List.of(DEV), null, null, true, 3600, null, false, false, "aws-us-gov"),
            HEAD
                + "{'Sid':'TrustedPrincipals','Effect':'Allow','Principal':{'AWS':'arn:aws-us-gov:iam::123456789012:root'},"
                + "'Action':'sts:AssumeRole','Condition':{'Bool':{'aws:MultiFactorAuthPresent':'true'},"
                + "'NumericLessThan':{'aws:MultiFactorAuthAge':'3600'}}}]}"),
        arguments(
            "ExternalId, source identity and session tags",
            spec(List.of(DEV), null, null, false, null, "s3cr3t-Id", true, true, "aws"),
            HEAD
                + "{'Sid':'TrustedPrincipals','Effect':'Allow','Principal':{'AWS':'arn:aws:iam::123456789012:root'},"
                + "'Action':['sts:AssumeRole','sts:SetSourceIdentity','sts:TagSession'],"
                + "'Condition':{'StringEquals':{'sts:ExternalId':'s3cr3t-Id'},'StringLike':{'sts:SourceIdentity':'*'}}}]}"),
        arguments(
            "patterns only: principal is the pattern accounts' roots, never *",
            spec(
                null,
                null,
                List.of(
                    "arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Dev_*",
                    "arn:aws:iam::210987654321:role/ci-*"),
                true,
                null,
                null,
                false,
                false,
                "aws"),
            HEAD
                + "{'Sid':'TrustedPrincipalArnPatterns','Effect':'Allow','Principal':{'AWS':["
                + "'arn:aws:iam::123456789012:root','arn:aws:iam::210987654321:root']},'Action':'sts:AssumeRole',"
                + "'Condition':{'Bool':{'aws:MultiFactorAuthPresent':'true'},'StringLike':{'aws:PrincipalArn':["
                + "'arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Dev_*',"
                + "'arn:aws:iam::210987654321:role/ci-*']}}}]}"),
        arguments(
            "patterns beside accounts get their own statement",
            spec(
                List.of("111111111111"),
                null,
                List.of("arn:aws:iam::123456789012:role/ci-*"),
                false,
                null,
                null,
                false,
                false,
                "aws"),
            HEAD
                + "{'Sid':'TrustedPrincipalArnPatterns','Effect':'Allow','Principal':{'AWS':'arn:aws:iam::123456789012:root'},"
                + "'Action':'sts:AssumeRole','Condition':{'StringLike':{'aws:PrincipalArn':'arn:aws:iam::123456789012:role/ci-*'}}},"
                + "{'Sid':'TrustedPrincipals','Effect':'Allow','Principal':{'AWS':'arn:aws:iam::111111111111:root'},"
                + "'Action':'sts:AssumeRole'}]}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rendered")
  void rendersDeterministically(String name, TrustSpec spec, String expected) {
    Validated<PolicyDocument> result = TrustPolicy.render(spec);

    assertThat(result.errors()).isEmpty();
    assertThat(result.get().toJson()).isEqualTo(j(expected));
    assertThat(TrustPolicy.render(spec).get().toJson()).isEqualTo(result.get().toJson());
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        arguments(
            "empty trust",
            spec(null, null, null, false, null, null, false, false, "aws"),
            "spec.trust: name at least one of accountIds, principalArns or principalArnPatterns"),
        arguments(
            "short account ID",
            spec(List.of(DEV, "12345"), null, null, false, null, null, false, false, "aws"),
            "spec.trust.accountIds[1]: \"12345\" is not a 12-digit AWS account ID"),
        arguments(
            "malformed principal ARN",
            spec(
                null,
                List.of("arn:aws:iam::123:role/x"),
                null,
                false,
                null,
                null,
                false,
                false,
                null),
            "spec.trust.principalArns[0]: \"arn:aws:iam::123:role/x\" is not the ARN"),
        arguments(
            "wildcard in a principal ARN",
            spec(
                null,
                List.of("arn:aws:iam::123456789012:role/x*"),
                null,
                false,
                null,
                null,
                false,
                false,
                null),
            "use principalArnPatterns"),
        arguments(
            "principal ARN in the wrong partition",
            spec(
                null,
                List.of("arn:aws:iam::123456789012:root"),
                null,
                false,
                null,
                null,
                false,
                false,
                "aws-cn"),
            "is not in partition aws-cn"),
        arguments(
            "wildcard account in a pattern",
            spec(
                null,
                null,
                List.of("arn:aws:iam::*:role/x"),
                false,
                null,
                null,
                false,
                false,
                null),
            "spec.trust.principalArnPatterns[0]: \"arn:aws:iam::*:role/x\" must look like"),
        arguments(
            "MFA age without MFA",
            spec(List.of(DEV), null, null, false, 600, null, false, false, null),
            "spec.trust.mfaMaxAgeSeconds: only allowed together with requireMfa: true"),
        arguments(
            "MFA age not positive",
            spec(List.of(DEV), null, null, true, 0, null, false, false, null),
            "spec.trust.mfaMaxAgeSeconds: 0 must be greater than 0"),
        arguments(
            "bad ExternalId, not echoed",
            spec(List.of(DEV), null, null, false, null, "has space", false, false, null),
            "spec.trust.externalIdSecretRef: the ExternalId must be"),
        arguments(
            "unknown partition",
            spec(List.of(DEV), null, null, false, null, null, false, false, "aws-mars"),
            "\"aws-mars\" is not one of aws, aws-us-gov, aws-cn"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void refusesInvalidSpecsNamingTheField(String name, TrustSpec spec, String message) {
    Validated<PolicyDocument> result = TrustPolicy.render(spec);

    assertThat(result.isValid()).isFalse();
    assertThat(result.message()).contains(message).doesNotContain("has space");
  }

  @Test
  void refusesADocumentOverTheSizeLimitNamingLimitAndSize() {
    TrustSpec spec = TrustSpec.ofAccounts("aws", List.of(DEV));
    int size = TrustPolicy.render(spec).get().minifiedLength();

    assertThat(TrustPolicy.render(spec, size).isValid()).isTrue();
    assertThat(TrustPolicy.render(spec, size - 1).message())
        .isEqualTo(
            "spec.trust: the rendered trust policy is "
                + size
                + " characters (whitespace not counted) but the limit is "
                + (size - 1));
  }

  @Test
  void theDefaultLimitIsIamsQuota() {
    List<String> many =
        Stream.iterate(100000000000L, n -> n + 1).limit(80).map(String::valueOf).toList();

    assertThat(TrustPolicy.render(TrustSpec.ofAccounts("aws", many)).message())
        .contains("but the limit is 2048");
  }

  @Test
  void keepsTheExternalIdOutOfToString() {
    assertThat(spec(List.of(DEV), null, null, false, null, "s3cr3t", false, false, null).toString())
        .doesNotContain("s3cr3t");
  }
}
