package io.xaccount.operator.iam;

import com.fasterxml.jackson.databind.node.TextNode;
import io.xaccount.operator.iam.RoleChange.AttachRolePolicy;
import io.xaccount.operator.iam.RoleChange.CreateRole;
import io.xaccount.operator.iam.RoleChange.DeleteRolePermissionsBoundary;
import io.xaccount.operator.iam.RoleChange.DeleteRolePolicy;
import io.xaccount.operator.iam.RoleChange.DetachRolePolicy;
import io.xaccount.operator.iam.RoleChange.PutRolePermissionsBoundary;
import io.xaccount.operator.iam.RoleChange.PutRolePolicy;
import io.xaccount.operator.iam.RoleChange.TagRole;
import io.xaccount.operator.iam.RoleChange.UntagRole;
import io.xaccount.operator.iam.RoleChange.UpdateAssumeRolePolicy;
import io.xaccount.operator.iam.RoleChange.UpdateRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@link RolePlan} as people review it: each change becomes the {@link PlannedCall} of the IAM
 * API of the same name, on the role's ARN, with what differs from the role IAM holds. Pure.
 */
public final class RolePlanPreview {
  private RolePlanPreview() {}

  /**
   * @param roleArn the role's ARN: as IAM reports it, or as CreateRole would make it
   * @param observed the role as read (after an adoption's TagRole), empty when it does not exist
   * @param hidden tag keys whose values are not shown (they change every time, e.g. a timestamp)
   */
  public static List<PlannedCall> of(
      RolePlan plan, String roleArn, Optional<ObservedRole> observed, Map<String, String> hidden) {
    List<PlannedCall> calls = new ArrayList<>();
    for (RoleChange change : plan.changes()) {
      calls.add(
          new PlannedCall(
              change.getClass().getSimpleName(),
              roleArn,
              change.describe(),
              diff(change, observed, hidden)));
    }
    return calls;
  }

  /** The adoption's TagRole (before the plan): our ownership tags on someone else's role. */
  public static PlannedCall adoption(
      String roleArn, ObservedRole role, Map<String, String> tags, Map<String, String> hidden) {
    TagRole change = new TagRole(tags);
    return new PlannedCall(
        "TagRole",
        roleArn,
        "adopt role " + role.path() + role.name() + ": " + change.describe(),
        tagLines(role.tags(), tags, hidden));
  }

  private static List<String> diff(
      RoleChange change, Optional<ObservedRole> observed, Map<String, String> hidden) {
    Map<String, String> tags = observed.map(ObservedRole::tags).orElse(Map.of());
    if (change instanceof CreateRole c) {
      List<String> lines = new ArrayList<>();
      lines.add("+ Path: " + TextNode.valueOf(c.path()));
      if (!c.description().isEmpty()) {
        lines.add("+ Description: " + TextNode.valueOf(c.description()));
      }
      lines.add("+ MaxSessionDuration: " + c.maxSessionDuration());
      if (c.permissionsBoundaryArn() != null) {
        lines.add("+ PermissionsBoundary: " + TextNode.valueOf(c.permissionsBoundaryArn()));
      }
      PolicyDiff.between(null, c.trust())
          .forEach(l -> lines.add(prefixed(l, "AssumeRolePolicyDocument")));
      lines.addAll(tagLines(Map.of(), c.tags(), hidden));
      return lines;
    }
    if (change instanceof UpdateAssumeRolePolicy u) {
      return PolicyDiff.between(observed.map(ObservedRole::trust).orElse(null), u.trust());
    }
    if (change instanceof PutRolePolicy p) {
      PolicyDocument current =
          observed
              .flatMap(
                  o ->
                      o.inlinePolicies().entrySet().stream()
                          .filter(e -> e.getKey().equalsIgnoreCase(p.policyName()))
                          .map(Map.Entry::getValue)
                          .findFirst())
              .orElse(null);
      return PolicyDiff.between(current, p.document());
    }
    if (change instanceof UpdateRole u) {
      List<String> lines = new ArrayList<>();
      if (u.changed().contains("description")) {
        lines.add(
            "~ Description: "
                + TextNode.valueOf(observed.map(ObservedRole::description).orElse(""))
                + " -> "
                + TextNode.valueOf(u.description()));
      }
      if (u.changed().contains("maxSessionDuration")) {
        lines.add(
            "~ MaxSessionDuration: "
                + observed.map(ObservedRole::maxSessionDuration).orElse(null)
                + " -> "
                + u.maxSessionDuration());
      }
      return lines;
    }
    if (change instanceof TagRole t) {
      return tagLines(tags, t.tags(), hidden);
    }
    if (change instanceof UntagRole u) {
      List<String> lines = new ArrayList<>();
      new java.util.TreeSet<>(u.keys())
          .forEach(
              k ->
                  lines.add(
                      "- Tags." + k + ": " + TextNode.valueOf(shown(k, tags.get(k), hidden))));
      return lines;
    }
    if (change instanceof PutRolePermissionsBoundary b) {
      return List.of(
          observed.map(ObservedRole::permissionsBoundaryArn).orElse(null) == null
              ? "+ PermissionsBoundary: " + TextNode.valueOf(b.policyArn())
              : "~ PermissionsBoundary: "
                  + TextNode.valueOf(observed.get().permissionsBoundaryArn())
                  + " -> "
                  + TextNode.valueOf(b.policyArn()));
    }
    if (change instanceof DeleteRolePermissionsBoundary) {
      return List.of(
          "- PermissionsBoundary: "
              + TextNode.valueOf(observed.map(ObservedRole::permissionsBoundaryArn).orElse("")));
    }
    if (change instanceof DeleteRolePolicy d) {
      return List.of("- InlinePolicy: " + TextNode.valueOf(d.policyName()));
    }
    if (change instanceof AttachRolePolicy a) {
      return List.of("+ ManagedPolicy: " + TextNode.valueOf(a.policyArn()));
    }
    if (change instanceof DetachRolePolicy d) {
      return List.of("- ManagedPolicy: " + TextNode.valueOf(d.policyArn()));
    }
    return List.of();
  }

  private static List<String> tagLines(
      Map<String, String> before, Map<String, String> after, Map<String, String> hidden) {
    List<String> lines = new ArrayList<>();
    new TreeMap<>(after)
        .forEach(
            (k, v) -> {
              String old = before.get(k);
              if (old == null) {
                lines.add("+ Tags." + k + ": " + TextNode.valueOf(shown(k, v, hidden)));
              } else if (!old.equals(v)) {
                lines.add(
                    "~ Tags."
                        + k
                        + ": "
                        + TextNode.valueOf(shown(k, old, hidden))
                        + " -> "
                        + TextNode.valueOf(shown(k, v, hidden)));
              }
            });
    return lines;
  }

  private static String shown(String key, String value, Map<String, String> hidden) {
    return hidden.getOrDefault(key, value == null ? "" : value);
  }

  private static String prefixed(String line, String field) {
    // "+ Statement[x]: {...}" becomes "+ AssumeRolePolicyDocument.Statement[x]: {...}"
    return line.substring(0, 2) + field + "." + line.substring(2);
  }
}
