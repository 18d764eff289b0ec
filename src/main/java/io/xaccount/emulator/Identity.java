package io.xaccount.emulator;

import java.time.Instant;

/**
 * Who a request comes from, as STS reports it.
 *
 * @param accountId the caller's account
 * @param arn the caller's ARN (root, user, or {@code assumed-role} session ARN)
 * @param userId what {@code GetCallerIdentity} returns as UserId
 * @param principalId the stable ID a trust policy stores for this principal (account ID for root,
 *     AIDA… for users, AROA… for role sessions)
 * @param principalArn the ARN policies see as {@code aws:PrincipalArn} (the role ARN for sessions)
 * @param expiration when temporary credentials stop working, or null for long-term keys
 */
public record Identity(
    String accountId,
    String arn,
    String userId,
    String principalId,
    String principalArn,
    Instant expiration) {

  static Identity root(String accountId) {
    String arn = "arn:aws:iam::" + accountId + ":root";
    return new Identity(accountId, arn, accountId, accountId, arn, null);
  }

  /** True for role sessions, whose AssumeRole calls are role chaining (capped at one hour). */
  public boolean isRoleSession() {
    return arn.startsWith("arn:aws:sts::");
  }
}
