package io.xaccount.sandbox;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/** A resource the sandbox applied, and how to read it back. */
public record Applied(ResourceDefinitionContext context, String namespace, String name) {
  public String kind() {
    return context.getKind();
  }

  /** Whether it is one of ours, with a {@code Ready} condition to wait for. */
  public boolean hasReadyCondition() {
    return Crds.GROUP.equals(context.getGroup());
  }

  public String namespacedName() {
    return namespace == null ? name : namespace + "/" + name;
  }
}
