package io.xaccount.operator.reconciler.grant;

import io.xaccount.operator.api.v1alpha1.AssumeRoleGrantStatus;
import io.xaccount.operator.api.v1alpha1.GrantPrincipals;
import java.util.List;

/** Builds what the status of a grant says, apart from its Ready condition. */
final class GrantStatuses {
  private GrantStatuses() {}

  /** The status after a reconcile that reached IAM. */
  static AssumeRoleGrantStatus of(
      String accountId,
      ResolvedTarget target,
      String policyArn,
      GrantPrincipals attached,
      List<String> warnings) {
    AssumeRoleGrantStatus next = new AssumeRoleGrantStatus();
    next.setAccountId(accountId);
    next.setRoleArn(target.roleArn());
    next.setPolicyArn(policyArn);
    next.setSwitchRoleUrl(target.switchRoleUrl());
    next.setAttachedPrincipals(attached);
    next.setWarnings(warnings);
    return next;
  }

  /** After a failure: what IAM holds is still true; only Ready changes. */
  static AssumeRoleGrantStatus carriedOver(AssumeRoleGrantStatus previous) {
    AssumeRoleGrantStatus next = new AssumeRoleGrantStatus();
    if (previous != null) {
      next.setAccountId(previous.getAccountId());
      next.setRoleArn(previous.getRoleArn());
      next.setPolicyArn(previous.getPolicyArn());
      next.setSwitchRoleUrl(previous.getSwitchRoleUrl());
      next.setAttachedPrincipals(previous.getAttachedPrincipals());
      next.setWarnings(previous.getWarnings());
    }
    return next;
  }
}
