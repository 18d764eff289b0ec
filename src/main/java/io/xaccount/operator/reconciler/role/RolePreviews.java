package io.xaccount.operator.reconciler.role;

import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.CrossAccountRoleStatus;
import io.xaccount.operator.api.v1alpha1.ManagementPolicy;
import io.xaccount.operator.iam.Arns;
import io.xaccount.operator.iam.DesiredRole;
import io.xaccount.operator.iam.ObservedRole;
import io.xaccount.operator.iam.PlannedCall;
import io.xaccount.operator.iam.RolePlan;
import io.xaccount.operator.iam.RolePlanPreview;
import io.xaccount.operator.iam.RolePlanner;
import io.xaccount.operator.reconciler.Ownership;
import io.xaccount.operator.reconciler.Plans;
import io.xaccount.operator.reconciler.account.VerifiedAccount;
import io.xaccount.operator.reconciler.role.DesiredRoleFactory.Desired;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * managementPolicy Plan and Observe for a role: the calls Manage would make from here, computed the
 * way Manage computes them (the adoption's TagRole, then {@link RolePlanner}'s plan against the
 * role without the grant policies it leaves alone), with read calls only. Called only once every
 * check Manage makes before writing has passed (guardrails, identity, ownership, quota): a role the
 * resource may not touch is refused before anything of it reaches this class, so nothing of it can
 * reach status.
 */
@ApplicationScoped
public class RolePreviews {
  /** What a plan shows instead of the adoption time, which would change the plan every time. */
  static final String ADOPTION_TIME = "(the time of adoption)";

  /** What a plan shows instead of an ownership tag's value before an adoption. */
  static final String PREVIOUS_OWNER = "(not shown)";

  private final Ownership ownership;
  private final GrantHeldPolicies grantPolicies;

  public RolePreviews(Ownership ownership, GrantHeldPolicies grantPolicies) {
    this.ownership = ownership;
    this.grantPolicies = grantPolicies;
  }

  /** A preview's outcome: the status to write and the calls it lists. */
  record Preview(CrossAccountRoleStatus status, List<PlannedCall> calls, String roleArn) {}

  /**
   * The calls Manage would make on the role, in order.
   *
   * @param observed the role as read, empty when it does not exist
   * @param adopting whether Manage would adopt it first (every adoption check has passed)
   */
  Preview preview(
      CrossAccountRole resource,
      VerifiedAccount account,
      Desired desired,
      Optional<ObservedRole> observed,
      boolean adopting) {
    Map<String, String> hidden = Map.of(Ownership.ADOPTED, ADOPTION_TIME);
    DesiredRole spec = desired.role();
    String arn =
        observed
            .map(ObservedRole::arn)
            .orElseGet(
                () ->
                    Arns.role(account.partition(), account.accountId(), spec.path(), spec.name()));
    List<PlannedCall> calls = new ArrayList<>();
    if (adopting) {
      Map<String, String> tags = new LinkedHashMap<>(ownership.tagsFor(resource));
      tags.put(Ownership.ADOPTED, ADOPTION_TIME);
      calls.add(RolePlanPreview.adoption(arn, withoutOwner(observed.get()), tags, hidden));
      observed = Optional.of(observed.get().withTags(tags));
    }
    DesiredRole role = CrossAccountRoleReconciler.keepingAdoptionMark(spec, observed);
    Optional<ObservedRole> exclusive =
        grantPolicies.leaveGrantsAlone(resource, account.clients(), role, observed);
    RolePlan plan = RolePlanner.plan(role, exclusive);
    calls.addAll(RolePlanPreview.of(plan, arn, exclusive, hidden));
    CrossAccountRoleStatus status = new CrossAccountRoleStatus();
    status.setAccountId(account.accountId());
    // The role's own fields only once it is this resource's: an adoption is not done yet.
    if (observed.isPresent() && !adopting) {
      status.setRoleArn(observed.get().arn());
      status.setRoleId(observed.get().roleId());
    }
    status.setTrustPolicy(
        RoleStatusFactory.redacted(spec.trust().toJsonNode(), desired.trust().externalId()));
    Plans.write(status, calls);
    return new Preview(status, calls, arn);
  }

  /**
   * The role with the values of the ownership tags it had before (those of a released role name
   * another resource, its uid and cluster) hidden: the plan shows that they change, not from what.
   */
  static ObservedRole withoutOwner(ObservedRole role) {
    Map<String, String> hidden = new LinkedHashMap<>();
    role.tags().keySet().stream()
        .filter(k -> k.startsWith(Ownership.PREFIX))
        .forEach(k -> hidden.put(k, PREVIOUS_OWNER));
    return role.withTags(hidden);
  }

  /** Plan or Observe, as the spec says; Manage when it names neither. */
  static ManagementPolicy policyOf(CrossAccountRole resource) {
    return Plans.of(resource.getSpec().getManagementPolicy());
  }
}
