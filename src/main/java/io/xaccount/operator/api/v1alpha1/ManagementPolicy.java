package io.xaccount.operator.api.v1alpha1;

/** How far the operator may act on a resource's IAM entities. */
public enum ManagementPolicy {
  /** Create, update and delete the IAM entities so that they match the spec (the default). */
  Manage,
  /**
   * Read IAM, compute what Manage would write and show it in status.plannedChanges; write nothing,
   * delete nothing.
   */
  Plan,
  /**
   * Read IAM and report how it differs from the spec (Drifted) in status.plannedChanges; write
   * nothing, delete nothing. For watching a role while migrating it.
   */
  Observe
}
