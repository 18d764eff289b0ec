package io.xaccount.operator.api.v1alpha1;

/** What happens to the IAM entity when the custom resource is deleted. */
public enum DeletionPolicy {
  /** Remove what the operator created (and only that). */
  Delete,
  /** Leave the IAM entity in place; its ownership tags mark it as released. */
  Retain
}
