package io.xaccount.operator.iam;

import java.util.List;

/**
 * The guardrails of one AWS account, as the domain sees {@code AwsAccount.spec.guardrails}. Null or
 * empty values mean "no restriction", with one exception that is always on: inline policies may not
 * allow {@code "*"}, a wildcard service ({@code *:*}) or {@code iam:*} unless {@code
 * allowedInlineActions} lists that action (or {@code "*"}) explicitly. See {@link Guardrails} for
 * how each rule is enforced.
 *
 * @param allowedTrustedAccountIds accounts that roles here may trust; empty: any
 * @param allowedManagedPolicyArns managed policy ARN patterns that may be attached; empty: any
 * @param deniedManagedPolicyArns managed policy ARN patterns that may never be attached; deny wins
 * @param requiredPermissionsBoundaryArn the boundary every role must carry, or null
 * @param rolePathPrefix the prefix every role path must start with, or null
 * @param requireMfa trust policies (and grants) must require MFA
 * @param maxRolesPerNamespace at most this many CrossAccountRoles per namespace, or null
 * @param allowedInlineActions action patterns inline policies may allow; empty: any but the
 *     always-rejected ones
 * @param maxSessionDuration upper bound for a role's maxSessionDuration in seconds, or null
 */
public record GuardrailRules(
    List<String> allowedTrustedAccountIds,
    List<String> allowedManagedPolicyArns,
    List<String> deniedManagedPolicyArns,
    String requiredPermissionsBoundaryArn,
    String rolePathPrefix,
    boolean requireMfa,
    Integer maxRolesPerNamespace,
    List<String> allowedInlineActions,
    Integer maxSessionDuration) {

  /** No guardrails beyond the always-on inline action rule. */
  public static final GuardrailRules NONE =
      new GuardrailRules(null, null, null, null, null, false, null, null, null);

  /** Reads nulls as empty and blank strings as absent. */
  public GuardrailRules {
    allowedTrustedAccountIds = copy(allowedTrustedAccountIds);
    allowedManagedPolicyArns = copy(allowedManagedPolicyArns);
    deniedManagedPolicyArns = copy(deniedManagedPolicyArns);
    allowedInlineActions = copy(allowedInlineActions);
    requiredPermissionsBoundaryArn = blankToNull(requiredPermissionsBoundaryArn);
    rolePathPrefix = blankToNull(rolePathPrefix);
  }

  private static List<String> copy(List<String> values) {
    return values == null
        ? List.of()
        : values.stream().filter(v -> v != null && !v.isBlank()).map(String::strip).toList();
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
