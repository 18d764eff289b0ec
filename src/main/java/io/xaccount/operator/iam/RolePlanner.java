package io.xaccount.operator.iam;

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
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Computes the {@link RolePlan} between a desired and an observed role. Pure: no IAM calls.
 *
 * <p>Documents are compared semantically ({@link PolicyDocument#semanticallyEquals}), so what IAM
 * reorders or reshapes never causes a write. A trust policy in which IAM shows a unique ID where an
 * ARN was written is re-put: the ID no longer matches the recreated principal.
 *
 * <p>The order follows one rule: <em>narrow before widen</em>, so that no moment of the update
 * grants more than both the old and the new state. This is a security operator, so a few seconds
 * with fewer permissions beat a few seconds with more; it also means detaching before attaching
 * never breaks the attached-policies quota during a swap.
 *
 * <ol>
 *   <li>UntagRole, then TagRole: tags carry ownership and ABAC attributes, and are settled before
 *       anything else. Untag first, because IAM tag keys are unique case-insensitively and a
 *       case-only rename must not have its new tag removed.
 *   <li>UpdateAssumeRolePolicy: who may assume the role; revoking someone takes effect first.
 *   <li>PutRolePermissionsBoundary: a new or tighter ceiling before anything is added.
 *   <li>UpdateRole (description, max session duration).
 *   <li>DeleteRolePolicy and DetachRolePolicy: remove permissions. Inline policy names compare
 *       without regard to case, as IAM's do: renaming one only by case changes nothing (deleting
 *       and re-putting it would lift its denies for a moment).
 *   <li>PutRolePolicy, then AttachRolePolicy: add or change permissions, inline policies first, so
 *       that the denies an inline policy carries are in place before a managed policy grants what
 *       they guard (a failure in between leaves a role with less, never more).
 *   <li>DeleteRolePermissionsBoundary: lift the ceiling last.
 * </ol>
 *
 * <p>A missing role becomes CreateRole (trust, path, description, max session, boundary and tags in
 * the one call: the boundary is in place from the start), then PutRolePolicy, then
 * AttachRolePolicy.
 */
public final class RolePlanner {

  private RolePlanner() {}

  /** The changes that make {@code observed} (absent: not yet created) into {@code desired}. */
  public static RolePlan plan(DesiredRole desired, Optional<ObservedRole> observed) {
    return new RolePlan(
        desired.name(), observed.map(o -> update(desired, o)).orElseGet(() -> create(desired)));
  }

  private static List<RoleChange> create(DesiredRole d) {
    List<RoleChange> changes = new ArrayList<>();
    changes.add(
        new CreateRole(
            d.name(),
            d.path(),
            d.description(),
            d.maxSessionDuration(),
            d.trust(),
            d.permissionsBoundaryArn(),
            d.tags()));
    // Inline policies (and their denies) before managed policies: a role left half-built by a
    // failure in between never holds more than its guards allow.
    new TreeMap<>(d.inlinePolicies())
        .forEach((name, doc) -> changes.add(new PutRolePolicy(name, doc)));
    new TreeSet<>(d.managedPolicyArns()).forEach(arn -> changes.add(new AttachRolePolicy(arn)));
    return changes;
  }

  private static List<RoleChange> update(DesiredRole d, ObservedRole o) {
    List<RoleChange> changes = new ArrayList<>();
    Set<String> untag = new TreeSet<>(o.tags().keySet());
    untag.removeAll(d.tags().keySet());
    if (!untag.isEmpty()) {
      changes.add(new UntagRole(untag));
    }
    Map<String, String> tag = new TreeMap<>(d.tags());
    tag.entrySet().removeIf(e -> e.getValue().equals(o.tags().get(e.getKey())));
    if (!tag.isEmpty()) {
      changes.add(new TagRole(tag));
    }
    if (!d.trust().semanticallyEquals(o.trust())
        || (o.trust().containsUniqueIdPrincipals() && !d.trust().containsUniqueIdPrincipals())) {
      changes.add(new UpdateAssumeRolePolicy(d.trust()));
    }
    String boundary = d.permissionsBoundaryArn();
    if (boundary != null && !boundary.equals(o.permissionsBoundaryArn())) {
      changes.add(new PutRolePermissionsBoundary(boundary));
    }
    Set<String> updated = new TreeSet<>();
    if (!d.description().equals(o.description())) {
      updated.add("description");
    }
    if (!Objects.equals(d.maxSessionDuration(), o.maxSessionDuration())) {
      updated.add("maxSessionDuration");
    }
    if (!updated.isEmpty()) {
      changes.add(new UpdateRole(d.description(), d.maxSessionDuration(), updated));
    }
    // Inline policy names are unique without regard to case in IAM: "Deny-Billing" in the spec is
    // IAM's "deny-billing", never a delete and a put on every reconcile.
    Map<String, PolicyDocument> observedInline = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    observedInline.putAll(o.inlinePolicies());
    Map<String, PolicyDocument> desiredInline = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    desiredInline.putAll(d.inlinePolicies());
    new TreeSet<>(o.inlinePolicies().keySet())
        .stream()
            .filter(name -> !desiredInline.containsKey(name))
            .forEach(name -> changes.add(new DeleteRolePolicy(name)));
    new TreeSet<>(o.managedPolicyArns())
        .stream()
            .filter(arn -> !d.managedPolicyArns().contains(arn))
            .forEach(arn -> changes.add(new DetachRolePolicy(arn)));
    new TreeMap<>(d.inlinePolicies())
        .forEach(
            (name, doc) -> {
              PolicyDocument current = observedInline.get(name);
              if (current == null || !doc.semanticallyEquals(current)) {
                changes.add(new PutRolePolicy(name, doc));
              }
            });
    new TreeSet<>(d.managedPolicyArns())
        .stream()
            .filter(arn -> !o.managedPolicyArns().contains(arn))
            .forEach(arn -> changes.add(new AttachRolePolicy(arn)));
    if (boundary == null && o.permissionsBoundaryArn() != null) {
      changes.add(new DeleteRolePermissionsBoundary());
    }
    return changes;
  }
}
