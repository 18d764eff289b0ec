package io.xaccount.operator.reconciler.grant;

import com.fasterxml.jackson.databind.JsonNode;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.Trust;
import io.xaccount.operator.iam.TrustReach;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Checks that the two halves fit together, for warnings in status (never failures: the grant is
 * still what the spec says). A CrossAccountRole's rendered trust policy ({@code
 * status.trustPolicy}) is read, or its spec.trust when the status does not carry it; a role named
 * by ARN is not inspected.
 */
final class CrossHalfWarnings {
  private CrossHalfWarnings() {}

  /** The warnings for a grant in {@code accountId} targeting {@code target}. */
  static List<String> between(AssumeRoleGrant grant, ResolvedTarget target, String accountId) {
    List<String> warnings = new ArrayList<>();
    if (target.consoleNote() != null) {
      warnings.add("No console Switch Role link: " + target.consoleNote());
    }
    if (target.role().isEmpty()) {
      return warnings;
    }
    CrossAccountRole role = target.role().get();
    JsonNode trust = role.getStatus().getTrustPolicy();
    Trust spec = role.getSpec() == null ? null : role.getSpec().getTrust();
    if (trust == null && spec == null) {
      return warnings;
    }
    String roleName = role.getMetadata().getName();
    TrustReach reach = trust == null ? null : TrustReach.of(trust);
    boolean trusted = reach == null ? trustsBySpec(spec, accountId) : reach.trusts(accountId);
    if (!trusted) {
      warnings.add(
          ("CrossAccountRole %s does not trust account %s, where this grant's principals live:"
                  + " switching will be denied until spec.trust.accountIds (or principalArns) of"
                  + " the role names it")
              .formatted(roleName, accountId));
    }
    boolean roleRequiresMfa = reach == null ? spec.isRequireMfa() : reach.requireMfa();
    boolean grantRequiresMfa = grant.getSpec().isRequireMfa();
    if (roleRequiresMfa && !grantRequiresMfa) {
      warnings.add(
          ("CrossAccountRole %s requires MFA but this grant does not: principals without an MFA"
                  + " session will be denied; set spec.requireMfa: true to say so")
              .formatted(roleName));
    } else if (grantRequiresMfa && !roleRequiresMfa) {
      warnings.add(
          ("This grant requires MFA but CrossAccountRole %s does not: other principals it trusts"
                  + " may switch without MFA; set spec.trust.requireMfa on the role")
              .formatted(roleName));
    }
    return warnings;
  }

  private static boolean trustsBySpec(Trust spec, String accountId) {
    return Stream.of(spec.getAccountIds(), spec.getPrincipalArns(), spec.getPrincipalArnPatterns())
        .filter(Objects::nonNull)
        .flatMap(List::stream)
        .anyMatch(v -> v.equals(accountId) || v.contains(":" + accountId + ":"));
  }
}
