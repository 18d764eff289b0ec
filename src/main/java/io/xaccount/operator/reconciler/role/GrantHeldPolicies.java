package io.xaccount.operator.reconciler.role;

import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.aws.AccountClients;
import io.xaccount.operator.aws.AwsFailure;
import io.xaccount.operator.aws.IamPolicies;
import io.xaccount.operator.aws.IamPolicies.PolicyHead;
import io.xaccount.operator.iam.DesiredRole;
import io.xaccount.operator.iam.ObservedRole;
import io.xaccount.operator.reconciler.AwsFailures;
import io.xaccount.operator.reconciler.Ownership;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Lets a role and the grants that name it as a principal coexist: the role's managed-policy
 * attachments are exclusive, except for the policy of an AssumeRoleGrant (of any cluster) that
 * attached itself to the role. Without this the role would detach the grant's policy on every
 * resync and the grant re-attach it, forever.
 *
 * <p>Calls GetPolicy only for an attached policy the spec does not list whose path is the one the
 * operator gives grant policies ({@code /xaccount/...}); nothing for a converged role without such
 * attachments.
 */
@ApplicationScoped
public class GrantHeldPolicies {
  private static final String GRANT_POLICY_PATH = ":policy/xaccount/";

  private final IamPolicies policies;

  public GrantHeldPolicies(IamPolicies policies) {
    this.policies = policies;
  }

  /** The observed role without the grant policies attached to it that the spec does not list. */
  public Optional<ObservedRole> leaveGrantsAlone(
      AccountClients clients, DesiredRole desired, Optional<ObservedRole> observed) {
    if (observed.isEmpty()) {
      return observed;
    }
    Set<String> held = new TreeSet<>();
    for (String arn : observed.get().managedPolicyArns()) {
      if (!desired.managedPolicyArns().contains(arn)
          && arn.contains(GRANT_POLICY_PATH)
          && heldByGrant(clients, arn)) {
        held.add(arn);
      }
    }
    return held.isEmpty() ? observed : Optional.of(observed.get().withoutManagedPolicies(held));
  }

  private boolean heldByGrant(AccountClients clients, String arn) {
    try {
      Map<String, String> tags =
          policies.getPolicy(clients, arn).map(PolicyHead::tags).orElse(Map.of());
      return Ownership.OPERATOR.equals(tags.get(Ownership.MANAGED_BY))
          && AssumeRoleGrant.class.getSimpleName().equals(tags.get(Ownership.KIND))
          && !tags.containsKey(Ownership.RELEASED);
    } catch (AwsFailure f) {
      throw AwsFailures.toReconcileFailure(f);
    }
  }
}
