package io.xaccount.operator.reconciler.role;

import io.xaccount.operator.iam.RoleIdentity;
import java.util.List;

/**
 * What one reconcile of a CrossAccountRole has learnt so far, for a status that tells the truth
 * even when a later step fails: the role IAM holds (seen or created), the status's role ARN once
 * checked against the spec, and the warnings the spec earns whatever the outcome.
 */
final class RoleAttempt {
  /** The role as IAM knows it so far, when this reconcile saw or created it. */
  RoleIdentity identity;

  /**
   * The status's role ARN once it is known to name the spec's role in the verified account: the
   * only one a failed reconcile may draw the access map from (anyone with rights on the status
   * subresource can write another there).
   */
  String checkedArn;

  /** The warnings of the spec as far as it was read; null until it was. */
  List<String> warnings;

  void identity(RoleIdentity identity) {
    this.identity = identity;
  }
}
