package io.xaccount.operator.api.v1alpha1;

/** Where an AssumeRoleGrant stands, as {@code status.phase} and the PHASE column show it. */
public enum GrantPhase {
  /** The operator has not put the grant's statement into IAM yet (it is working on it). */
  Pending,
  /** Before spec.notBefore: the statement is in IAM, which denies it until then. */
  Scheduled,
  /** In effect. */
  Active,
  /** Its window ran out, or it was revoked: the operator removed its statement. Settled. */
  Expired,
  /** The spec cannot be applied as it is (Ready=False with a terminal reason). */
  Failed
}
