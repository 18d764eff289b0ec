package io.xaccount.operator.reconciler.grant;

import com.fasterxml.jackson.databind.JsonNode;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.ManagementPolicy;
import io.xaccount.operator.iam.GrantWindow;
import io.xaccount.operator.reconciler.account.VerifiedAccount;
import java.time.Instant;
import java.util.List;

/**
 * What one reconcile of an AssumeRoleGrant knows once its spec was read: the resource and its
 * context, the instant it judges by, the grant's time window, the management policy, and the
 * warnings the spec earns.
 */
record GrantAttempt(
    AssumeRoleGrant resource,
    Context<AssumeRoleGrant> context,
    Instant now,
    GrantWindow window,
    ManagementPolicy policy,
    List<String> warnings) {

  /**
   * The attempt once its account is open and its target resolved and judged: the statement to hold,
   * and the warnings of both halves.
   */
  record Reached(
      GrantAttempt attempt,
      VerifiedAccount account,
      ResolvedTarget target,
      JsonNode statement,
      List<String> warnings) {

    AssumeRoleGrant resource() {
      return attempt.resource();
    }

    Context<AssumeRoleGrant> context() {
      return attempt.context();
    }
  }
}
