package io.xaccount.operator.reconciler.role;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.iam.Guardrails;
import io.xaccount.operator.iam.Violation;
import io.xaccount.operator.reconciler.account.AccountGuardrails;
import io.xaccount.operator.reconciler.account.VerifiedAccount;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The maxRolesPerNamespace guardrail, judged before a role is created or adopted (existing roles
 * are never touched). It counts what the namespace has in IAM: its other CrossAccountRoles in the
 * account, from the informer cache, and, only when they leave room, the roles its Retain deletions
 * released, which stay in IAM with no resource ({@link ReleasedRoleCounts}: the account's shared
 * bulk read, so no call of its own when a recent read exists). An account without the quota is not
 * counted at all.
 */
@ApplicationScoped
public class RoleQuota {
  private final ReleasedRoleCounts released;

  public RoleQuota(ReleasedRoleCounts released) {
    this.released = released;
  }

  /**
   * @param roleName the role about to be created or adopted: not counted if found released
   * @throws io.xaccount.operator.reconciler.ReconcileFailure Forbidden past the quota
   */
  void check(
      CrossAccountRole resource,
      VerifiedAccount account,
      String roleName,
      Context<CrossAccountRole> context) {
    Guardrails guardrails = AccountGuardrails.of(account.account());
    if (!guardrails.hasRoleQuota()) {
      return;
    }
    String accountRef = resource.getSpec().getAccountRef();
    String namespace = resource.getMetadata().getNamespace();
    int others =
        (int)
            context
                .getPrimaryCache()
                .list(namespace)
                .filter(r -> accountRef.equals(r.getSpec().getAccountRef()))
                .filter(r -> !r.getMetadata().getUid().equals(resource.getMetadata().getUid()))
                .count();
    List<Violation> violations = guardrails.checkQuota(others, 0, true);
    if (violations.isEmpty()) {
      violations =
          guardrails.checkQuota(others, released.inNamespace(account, namespace, roleName), true);
    }
    AccountGuardrails.enforce(account.account(), violations);
  }
}
