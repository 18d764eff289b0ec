package io.xaccount.operator.iam;

import java.util.List;

/**
 * The IAM write calls that bring one role from what IAM has to what the spec asks, in the order
 * they must run. An empty plan means: make no write call at all.
 *
 * @param roleName the role every change applies to
 * @param changes the calls, in order
 */
public record RolePlan(String roleName, List<RoleChange> changes) {

  /** Copies the list so a plan never changes once made. */
  public RolePlan {
    changes = List.copyOf(changes);
  }

  /** True when the role already is as desired. */
  public boolean isEmpty() {
    return changes.isEmpty();
  }

  /** One summary line per change, for events and dry runs. */
  public List<String> describe() {
    return changes.stream().map(RoleChange::describe).toList();
  }
}
