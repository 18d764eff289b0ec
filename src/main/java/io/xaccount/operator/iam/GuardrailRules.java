package io.xaccount.operator.iam;

import java.time.Duration;
import java.util.List;

/**
 * The guardrails of one AWS account, as the domain sees {@code AwsAccount.spec.guardrails}. Null or
 * empty values mean "no restriction", with exceptions that are always on: inline policies may not
 * allow an action that can match a denied one ({@code deniedInlineActions}, by default IAM, STS,
 * Organizations and Account actions) unless {@code allowedInlineActions} lists it exactly; and a
 * grant may name by roleArn only roles its account's allow-lists name. See {@link Guardrails} for
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
 * @param deniedInlineActions action patterns no inline Allow may overlap; empty: the default
 *     escalation list
 * @param allowedTargetRoleArns role ARN patterns grants here may name by roleArn
 * @param allowedTargetAccountIds accounts whose roles grants here may name by roleArn
 * @param allowedGrantPrincipals {@code user/...}, {@code group/...}, {@code role/...} patterns
 *     grants here may attach to; empty: any
 * @param maxGrantDuration the longest window a grant here may have, or null; a grant without an end
 *     is longer than any
 * @param requireGrantExpiry every grant here must end (spec.expiresAt or spec.duration)
 * @param allowRetain roles and grants here may use deletionPolicy Retain ({@link RetainRule})
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
    Integer maxSessionDuration,
    List<String> deniedInlineActions,
    List<String> allowedTargetRoleArns,
    List<String> allowedTargetAccountIds,
    List<String> allowedGrantPrincipals,
    Duration maxGrantDuration,
    boolean requireGrantExpiry,
    boolean allowRetain) {

  /** No guardrails beyond the always-on inline action rule. */
  public static final GuardrailRules NONE =
      new GuardrailRules(
          null, null, null, null, null, false, null, null, null, null, null, null, null, null,
          false, false);

  /** Reads nulls as empty and blank strings as absent. */
  public GuardrailRules {
    allowedTrustedAccountIds = copy(allowedTrustedAccountIds);
    allowedManagedPolicyArns = copy(allowedManagedPolicyArns);
    deniedManagedPolicyArns = copy(deniedManagedPolicyArns);
    allowedInlineActions = copy(allowedInlineActions);
    deniedInlineActions = copy(deniedInlineActions);
    allowedTargetRoleArns = copy(allowedTargetRoleArns);
    allowedTargetAccountIds = copy(allowedTargetAccountIds);
    allowedGrantPrincipals = copy(allowedGrantPrincipals);
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
