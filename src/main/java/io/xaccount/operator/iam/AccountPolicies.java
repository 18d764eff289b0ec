package io.xaccount.operator.iam;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the guardrails need to know of the account a role lives in about the policies its spec
 * names. The reconciler answers from IAM (reading only what a decision needs, cached); tests and
 * the offline plan answer from memory.
 */
public interface AccountPolicies {

  /** The account's ID. */
  String accountId();

  /**
   * The default document of one of this account's customer managed policies; empty when there is no
   * policy at that ARN.
   */
  Optional<PolicyDocument> customerManaged(String arn);

  /**
   * The ARNs of the managed policies attached to the operator's own identities in this account (the
   * role it assumes there, its user): never a tenant's to attach.
   */
  Set<String> operatorPolicyArns();

  /** An account known from memory: these customer managed policies, these operator policies. */
  static AccountPolicies of(
      String accountId, Map<String, PolicyDocument> customerManaged, Set<String> operatorPolicies) {
    return new AccountPolicies() {
      @Override
      public String accountId() {
        return accountId;
      }

      @Override
      public Optional<PolicyDocument> customerManaged(String arn) {
        return Optional.ofNullable(customerManaged.get(arn));
      }

      @Override
      public Set<String> operatorPolicyArns() {
        return operatorPolicies;
      }
    };
  }
}
