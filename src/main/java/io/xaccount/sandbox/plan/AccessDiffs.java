package io.xaccount.sandbox.plan;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;

/** How the plan's outputs write one path of an {@link AccessDiff}. */
final class AccessDiffs {
  private AccessDiffs() {}

  /** {@code group/developers (123456789012) -> arn:...:role/X, through AssumeRoleGrant ns/n}. */
  static String line(AccessDiff.Path p) {
    return "%s -> %s, through %s".formatted(who(p), p.role(), p.through());
  }

  /** {@code group/developers (123456789012)}, or {@code account 123456789012}. */
  static String who(AccessDiff.Path p) {
    return p.principal().equals("account")
        ? "account " + p.account()
        : p.principal() + " (" + p.account() + ")";
  }

  static void json(ArrayNode array, List<AccessDiff.Path> paths) {
    paths.forEach(
        p ->
            array
                .addObject()
                .put("principal", p.principal())
                .put("account", p.account())
                .put("role", p.role())
                .put("through", p.through()));
  }
}
