package io.xaccount.operator.reconciler.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.xaccount.operator.api.v1alpha1.SecretKeyRef;
import io.xaccount.operator.aws.AwsFailure;
import io.xaccount.operator.aws.CallerIdentity;
import org.junit.jupiter.api.Test;

/** The message of a refused AssumeRole names both sides and the trust statement the role needs. */
class AssumeRoleHintTest {
  private static final String ROLE = "arn:aws:iam::222222222222:role/xaccount-operator";
  private static final AwsFailure DENIED =
      new AwsFailure(
          AwsFailure.Kind.ACCESS_DENIED,
          "sts:AssumeRole",
          "AccessDenied",
          "not authorized to perform: sts:AssumeRole",
          null);

  @Test
  void anIrsaOrPodIdentitySessionIsTrustedAsItsRole() {
    CallerIdentity irsa =
        new CallerIdentity(
            "111111111111",
            "arn:aws:sts::111111111111:assumed-role/xaccount-operator-base/botocore-session-1",
            "AROA...:botocore-session-1");

    String message = AssumeRoleHint.message(DENIED, ROLE, null, irsa);

    assertThat(message)
        .startsWith(irsa.arn() + " could not assume " + ROLE + " (AccessDenied: ")
        .contains("In account 222222222222, the role may be missing, or its trust policy")
        .contains(
            "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                + "\"arn:aws:iam::111111111111:role/xaccount-operator-base\"},"
                + "\"Action\":\"sts:AssumeRole\"}")
        .contains("deploy/iam/operator-role-trust-policy.json")
        .contains("operator's own account (111111111111), its identity needs sts:AssumeRole on");
  }

  @Test
  void anExternalIdIsShownAsWhereItComesFromNeverItsValue() {
    CallerIdentity user =
        new CallerIdentity("111111111111", "arn:aws-us-gov:iam::111111111111:user/op", "AIDA");

    String message =
        AssumeRoleHint.message(
            DENIED,
            ROLE,
            new SecretKeyRef("xaccount-system", "prod-external-id", "externalId"),
            user);

    assertThat(message)
        .contains("\"Principal\":{\"AWS\":\"arn:aws-us-gov:iam::111111111111:user/op\"}")
        .contains(
            "\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":"
                + "\"<the value of Secret xaccount-system/prod-external-id, key externalId>\"}}")
        .contains("operator-role-trust-policy-external-id.json");
  }

  @Test
  void withoutTheBaseIdentityTheStatementSaysWhatToPutThere() {
    String message = AssumeRoleHint.message(DENIED, ROLE, null, null);

    assertThat(message)
        .startsWith("the operator's base identity could not assume " + ROLE)
        .contains("\"AWS\":\"<the operator's base identity: its role or user ARN>\"")
        .contains("In the operator's own account, its identity needs");
  }
}
