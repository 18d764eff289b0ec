package io.xaccount.operator.reconciler.role;

import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.aws.AccountClients;
import io.xaccount.operator.aws.AwsFailure;
import io.xaccount.operator.aws.IamPolicies;
import io.xaccount.operator.aws.IamPolicies.PolicyHead;
import io.xaccount.operator.iam.DesiredRole;
import io.xaccount.operator.iam.ObservedRole;
import io.xaccount.operator.reconciler.AwsFailures;
import io.xaccount.operator.reconciler.Ownership;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Lets a role and the grants that name it as a principal coexist: the role's managed-policy
 * attachments are exclusive, except for the policy carrying AssumeRoleGrants of this cluster whose
 * namespace the role trusts (its own, or one in spec.allowedGrantNamespaces; a grant pack naming a
 * role is used by one namespace's grants only and tagged with it, see {@link
 * io.xaccount.operator.iam.GrantPack}). Without this the role would detach the grant's policy on
 * every resync and the grant re-attach it, forever; and without the namespace rule another tenant
 * could attach what it likes to a role it does not own.
 *
 * <p>Calls GetPolicy only for an attached policy the spec does not list whose path is the one the
 * operator gives grant policies ({@code /xaccount/...}); nothing for a converged role without such
 * attachments.
 */
@ApplicationScoped
public class GrantHeldPolicies {
  private static final String GRANT_POLICY_PATH = ":policy/xaccount/";

  private final IamPolicies policies;
  private final Ownership ownership;

  public GrantHeldPolicies(IamPolicies policies, Ownership ownership) {
    this.policies = policies;
    this.ownership = ownership;
  }

  /** The observed role without the grant policies attached to it that the spec does not list. */
  public Optional<ObservedRole> leaveGrantsAlone(
      CrossAccountRole resource,
      AccountClients clients,
      DesiredRole desired,
      Optional<ObservedRole> observed) {
    if (observed.isEmpty()) {
      return observed;
    }
    Set<String> held = new TreeSet<>();
    for (String arn : observed.get().managedPolicyArns()) {
      if (!desired.managedPolicyArns().contains(arn)
          && arn.contains(GRANT_POLICY_PATH)
          && heldByTrustedGrant(resource, clients, arn)) {
        held.add(arn);
      }
    }
    return held.isEmpty() ? observed : Optional.of(observed.get().withoutManagedPolicies(held));
  }

  private boolean heldByTrustedGrant(
      CrossAccountRole resource, AccountClients clients, String arn) {
    try {
      Map<String, String> tags =
          policies.getPolicy(clients, arn).map(PolicyHead::tags).orElse(Map.of());
      String namespace = tags.get(Ownership.NAMESPACE);
      List<String> allowed = resource.getSpec().getAllowedGrantNamespaces();
      return Ownership.OPERATOR.equals(tags.get(Ownership.MANAGED_BY))
          && (AssumeRoleGrant.class.getSimpleName().equals(tags.get(Ownership.KIND))
              || Ownership.GRANT_PACK.equals(tags.get(Ownership.KIND)))
          && ownership.cluster().equals(tags.get(Ownership.CLUSTER))
          && !tags.containsKey(Ownership.RELEASED)
          && (resource.getMetadata().getNamespace().equals(namespace)
              || (allowed != null && allowed.contains(namespace)));
    } catch (AwsFailure f) {
      throw AwsFailures.toReconcileFailure(f);
    }
  }
}
