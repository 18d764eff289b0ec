package io.xaccount.emulator.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

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
 * @param session what temporary credentials carry, or null for long-term keys
 */
public record Identity(
    String accountId,
    String arn,
    String userId,
    String principalId,
    String principalArn,
    Instant expiration,
    Session session) {

  /**
   * What STS put into temporary credentials: whether MFA was used and when, when they were issued,
   * the source identity, session tags and session policies (inline JSON and managed policy ARNs).
   */
  public record Session(
      boolean mfa,
      Instant mfaAuthenticated,
      Instant issued,
      String sourceIdentity,
      Map<String, String> tags,
      String policy,
      List<String> policyArns) {}

  public Identity(
      String accountId,
      String arn,
      String userId,
      String principalId,
      String principalArn,
      Instant expiration) {
    this(accountId, arn, userId, principalId, principalArn, expiration, null);
  }

  static Identity root(String accountId) {
    String arn = "arn:aws:iam::" + accountId + ":root";
    return new Identity(accountId, arn, accountId, accountId, arn, null);
  }

  /** True for role sessions, whose AssumeRole calls are role chaining (capped at one hour). */
  public boolean isRoleSession() {
    return arn.startsWith("arn:aws:sts::");
  }

  /** True for the account's root user, whom identity policies do not limit. */
  public boolean isRoot() {
    return arn.equals("arn:aws:iam::" + accountId + ":root");
  }
}
