package io.xaccount.operator.iam;

/**
 * The IAM quotas a role is checked against. The defaults are IAM's; accounts can raise some of them
 * (attached policies to 20, trust policy to 4,096), so they are configurable.
 *
 * @param maxManagedPolicies managed policies attached per role
 * @param maxInlinePolicyChars total minified size of all inline policies of a role
 * @param maxTrustPolicyChars minified size of the trust policy
 */
public record RoleLimits(
    int maxManagedPolicies, int maxInlinePolicyChars, int maxTrustPolicyChars) {

  /** IAM's default quotas. */
  public static final RoleLimits DEFAULTS =
      new RoleLimits(10, 10_240, TrustPolicy.DEFAULT_MAX_LENGTH);
}
