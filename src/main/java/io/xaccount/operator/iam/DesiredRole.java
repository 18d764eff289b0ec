package io.xaccount.operator.iam;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The IAM role a CrossAccountRole asks for, fully resolved (trust rendered, defaults applied). Null
 * collections are read as empty, a null path as {@code /}, a null description as none and a null
 * maxSessionDuration as IAM's default of 3,600 s.
 *
 * @param name the role name
 * @param path the role path, {@code /} or {@code /a/b/}
 * @param description the description, or null
 * @param maxSessionDuration seconds, 3,600 to 43,200
 * @param trust the trust (assume role) policy
 * @param managedPolicyArns ARNs of the managed policies to attach
 * @param inlinePolicies inline policies by name
 * @param permissionsBoundaryArn the permissions boundary policy ARN, or null for none
 * @param tags all tags the role must carry, ownership tags included
 */
public record DesiredRole(
    String name,
    String path,
    String description,
    Integer maxSessionDuration,
    PolicyDocument trust,
    Set<String> managedPolicyArns,
    Map<String, PolicyDocument> inlinePolicies,
    String permissionsBoundaryArn,
    Map<String, String> tags) {

  /** IAM's default maximum session duration. */
  public static final int DEFAULT_MAX_SESSION_DURATION = 3600;

  /** Applies the defaults so that the planner compares like with like. */
  public DesiredRole {
    path = path == null || path.isEmpty() ? "/" : path;
    description = description == null ? "" : description;
    maxSessionDuration =
        maxSessionDuration == null ? DEFAULT_MAX_SESSION_DURATION : maxSessionDuration;
    managedPolicyArns = managedPolicyArns == null ? Set.of() : Set.copyOf(managedPolicyArns);
    inlinePolicies = inlinePolicies == null ? Map.of() : Map.copyOf(inlinePolicies);
    permissionsBoundaryArn =
        permissionsBoundaryArn == null || permissionsBoundaryArn.isEmpty()
            ? null
            : permissionsBoundaryArn;
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  /** The same role with one more tag (or another value for it). */
  public DesiredRole withTag(String key, String value) {
    Map<String, String> more = new LinkedHashMap<>(tags);
    more.put(key, value);
    return new DesiredRole(
        name,
        path,
        description,
        maxSessionDuration,
        trust,
        managedPolicyArns,
        inlinePolicies,
        permissionsBoundaryArn,
        more);
  }
}
