package io.xaccount.emulator.model;

import java.util.HashMap;
import java.util.Map;

/**
 * Attaching managed policies to roles, users and groups (with their quotas), and who a policy is
 * attached to.
 */
public final class Attachments {
  private Attachments() {}

  static void attach(AccountState a, Principal p, String policyArn, int quota, String quotaName) {
    PolicyEntity policy = a.policy(policyArn);
    attach(p, policy, quota, quotaName);
  }

  public static void attach(Principal p, PolicyEntity policy, int quota, String quotaName) {
    if (p.attachedPolicies.contains(policy.arn)) {
      return; // attaching twice is a no-op in IAM
    }
    if (p.attachedPolicies.size() >= quota) {
      throw IamError.limit("Cannot exceed quota for " + quotaName + ": " + quota);
    }
    p.attachedPolicies.add(policy.arn);
  }

  public static void detach(AccountState a, Principal p, String policyArn) {
    a.findPolicy(policyArn); // validates the ARN format first, as IAM does
    if (!p.attachedPolicies.remove(policyArn)) {
      throw IamError.noSuchEntity("Policy " + policyArn + " was not found.");
    }
  }

  public static int count(AccountState a, String policyArn) {
    return (int)
        a.principals().stream().filter(p -> p.attachedPolicies.contains(policyArn)).count();
  }

  public static int boundaryCount(AccountState a, String policyArn) {
    return (int) a.principals().stream().filter(p -> policyArn.equals(p.boundaryArn)).count();
  }

  /**
   * Attachment counts of every policy in use in the account, by ARN, in one pass: asking {@link
   * #count} of each of the 1,000+ AWS managed policies would walk the principals that many times.
   */
  public static Map<String, Integer> counts(AccountState a) {
    Map<String, Integer> out = new HashMap<>();
    a.principals().forEach(p -> p.attachedPolicies.forEach(arn -> out.merge(arn, 1, Integer::sum)));
    return out;
  }

  /** Permissions boundary usage counts by ARN, in one pass (see {@link #counts}). */
  public static Map<String, Integer> boundaryCounts(AccountState a) {
    Map<String, Integer> out = new HashMap<>();
    a.principals().stream()
        .filter(p -> p.boundaryArn != null)
        .forEach(p -> out.merge(p.boundaryArn, 1, Integer::sum));
    return out;
  }
}
