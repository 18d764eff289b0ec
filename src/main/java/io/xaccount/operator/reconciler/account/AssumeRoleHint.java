package io.xaccount.operator.reconciler.account;

import io.xaccount.operator.api.v1alpha1.SecretKeyRef;
import io.xaccount.operator.aws.AwsFailure;
import io.xaccount.operator.aws.CallerIdentity;
import io.xaccount.operator.iam.Arns;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The message of an AwsAccount whose role the operator cannot assume. STS answers AccessDenied
 * alike when the role is missing, when its trust policy does not name the operator's base identity,
 * and when the base identity may not call sts:AssumeRole on it; the first two, in the target
 * account, are the usual cause. So the message names both sides and shows the trust statement the
 * role needs, with the base identity as STS reported it (an ExternalId as where to find it, never
 * its value).
 */
final class AssumeRoleHint {
  private static final Pattern ASSUMED_ROLE =
      Pattern.compile("arn:([a-z-]+):sts::(\\d{12}):assumed-role/([^/]+)/.*");

  private AssumeRoleHint() {}

  /**
   * @param base the operator's base identity, or null when it could not be read
   * @param externalId where the account's ExternalId comes from, or null when it has none
   */
  static String message(
      AwsFailure failure, String roleArn, SecretKeyRef externalId, CallerIdentity base) {
    String targetAccount = Arns.parseRole(roleArn).map(Arns.RoleArn::accountId).orElse("?");
    String baseName = base == null ? "the operator's base identity" : base.arn();
    String principal =
        base == null ? "<the operator's base identity: its role or user ARN>" : principal(base);
    String condition =
        externalId == null
            ? ""
            : ",\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"<the value of Secret %s/%s, key %s>\"}}"
                .formatted(externalId.getNamespace(), externalId.getName(), externalId.getKey());
    return ("%s could not assume %s (%s: %s). In account %s, the role may be missing, or its trust"
            + " policy may not name the operator: it needs the statement"
            + " {\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"%s\"},\"Action\":\"sts:AssumeRole\"%s}"
            + " (deploy/iam/%s; a role ARN with the role's path, if it has one). In the"
            + " operator's own account%s, its identity needs sts:AssumeRole on %s"
            + " (deploy/iam/operator-base-identity-policy.json).")
        .formatted(
            baseName,
            roleArn,
            failure.errorCode(),
            failure.getMessage(),
            targetAccount,
            principal,
            condition,
            externalId == null
                ? "operator-role-trust-policy.json"
                : "operator-role-trust-policy-external-id.json",
            base == null ? "" : " (" + base.accountId() + ")",
            roleArn);
  }

  /**
   * What a trust policy names for the caller: a session of a role is that role (STS reports it
   * without the role's path), anything else its own ARN.
   */
  static String principal(CallerIdentity base) {
    Matcher session = ASSUMED_ROLE.matcher(base.arn());
    return session.matches()
        ? "arn:%s:iam::%s:role/%s".formatted(session.group(1), session.group(2), session.group(3))
        : base.arn();
  }
}
