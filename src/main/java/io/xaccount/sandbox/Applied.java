package io.xaccount.sandbox;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/** A resource the sandbox applied, and how to read it back. */
record Applied(ResourceDefinitionContext context, String namespace, String name) {
  String kind() {
    return context.getKind();
  }

  /** Whether it is one of ours, with a {@code Ready} condition to wait for. */
  boolean hasReadyCondition() {
    return Crds.GROUP.equals(context.getGroup());
  }

  String namespacedName() {
    return namespace == null ? name : namespace + "/" + name;
  }
}
