package io.xaccount.operator.iam;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An IAM role as read from IAM ({@code GetRole}, {@code ListAttachedRolePolicies}, {@code
 * ListRolePolicies}/{@code GetRolePolicy}, {@code ListRoleTags}), documents already parsed.
 * Defaults as in {@link DesiredRole}.
 *
 * @param name the role name
 * @param path the role path
 * @param description the description, or null
 * @param maxSessionDuration seconds
 * @param trust the trust policy as IAM returned it
 * @param managedPolicyArns attached managed policy ARNs
 * @param inlinePolicies inline policies by name
 * @param permissionsBoundaryArn the boundary ARN, or null
 * @param tags the role's tags
 * @param arn the role ARN
 * @param roleId the role's unique ID ({@code AROA...})
 * @param use when the role was created and last used ({@link RoleUse#UNKNOWN} when not read)
 */
public record ObservedRole(
    String name,
    String path,
    String description,
    Integer maxSessionDuration,
    PolicyDocument trust,
    Set<String> managedPolicyArns,
    Map<String, PolicyDocument> inlinePolicies,
    String permissionsBoundaryArn,
    Map<String, String> tags,
    String arn,
    String roleId,
    RoleUse use) {

  /** Applies the same defaults as {@link DesiredRole}. */
  public ObservedRole {
    path = path == null || path.isEmpty() ? "/" : path;
    description = description == null ? "" : description;
    maxSessionDuration =
        maxSessionDuration == null ? DesiredRole.DEFAULT_MAX_SESSION_DURATION : maxSessionDuration;
    managedPolicyArns = managedPolicyArns == null ? Set.of() : Set.copyOf(managedPolicyArns);
    inlinePolicies = inlinePolicies == null ? Map.of() : Map.copyOf(inlinePolicies);
    permissionsBoundaryArn =
        permissionsBoundaryArn == null || permissionsBoundaryArn.isEmpty()
            ? null
            : permissionsBoundaryArn;
    tags = tags == null ? Map.of() : Map.copyOf(tags);
    use = use == null ? RoleUse.UNKNOWN : use;
  }

  /** A role read without its creation and last use. */
  public ObservedRole(
      String name,
      String path,
      String description,
      Integer maxSessionDuration,
      PolicyDocument trust,
      Set<String> managedPolicyArns,
      Map<String, PolicyDocument> inlinePolicies,
      String permissionsBoundaryArn,
      Map<String, String> tags,
      String arn,
      String roleId) {
    this(
        name,
        path,
        description,
        maxSessionDuration,
        trust,
        managedPolicyArns,
        inlinePolicies,
        permissionsBoundaryArn,
        tags,
        arn,
        roleId,
        RoleUse.UNKNOWN);
  }

  /** The role's identity as IAM reports it. */
  public RoleIdentity identity() {
    return new RoleIdentity(arn, roleId, path, name, use.created());
  }

  /** The same role carrying these tags too (as after a TagRole). */
  public ObservedRole withTags(Map<String, String> added) {
    Map<String, String> merged = new LinkedHashMap<>(tags);
    merged.putAll(added);
    return with(managedPolicyArns, merged);
  }

  /**
   * The same role without some attached managed policies: those another resource attached and this
   * role's exclusive attachments must leave alone.
   */
  public ObservedRole withoutManagedPolicies(Set<String> arns) {
    Set<String> kept = new TreeSet<>(managedPolicyArns);
    kept.removeAll(arns);
    return with(kept, tags);
  }

  private ObservedRole with(Set<String> managed, Map<String, String> newTags) {
    return new ObservedRole(
        name,
        path,
        description,
        maxSessionDuration,
        trust,
        managed,
        inlinePolicies,
        permissionsBoundaryArn,
        newTags,
        arn,
        roleId,
        use);
  }
}
