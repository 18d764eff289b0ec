package io.xaccount.operator.iam;

import java.util.Map;
import java.util.Set;

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
    String roleId) {

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
  }
}
