package io.xaccount.operator.iam;

import java.util.List;

/**
 * Who may assume a cross-account role, as the domain sees {@code spec.trust} of a CrossAccountRole.
 * Null lists are read as empty and a null partition as {@code aws}.
 *
 * @param accountIds trusted accounts, as 12-digit IDs; each becomes its {@code :root} principal
 * @param principalArns specific users or roles in trusted accounts
 * @param principalArnPatterns {@code aws:PrincipalArn} patterns ({@code *} and {@code ?} allowed
 *     after the account ID, e.g. {@code arn:aws:iam::123456789012:role/AWSReservedSSO_Dev_*})
 * @param requireMfa require {@code aws:MultiFactorAuthPresent}
 * @param mfaMaxAgeSeconds with requireMfa, the maximum age of the MFA authentication
 * @param externalId the resolved ExternalId secret value, or null; never logged or echoed
 * @param requireSourceIdentity require callers to set a source identity
 * @param allowSessionTags allow callers to pass session tags
 * @param partition the partition of the trusting account
 */
public record TrustSpec(
    List<String> accountIds,
    List<String> principalArns,
    List<String> principalArnPatterns,
    boolean requireMfa,
    Integer mfaMaxAgeSeconds,
    String externalId,
    boolean requireSourceIdentity,
    boolean allowSessionTags,
    String partition) {

  /** Normalises nulls so the rest of the domain need not. */
  public TrustSpec {
    accountIds = accountIds == null ? List.of() : List.copyOf(accountIds);
    principalArns = principalArns == null ? List.of() : List.copyOf(principalArns);
    principalArnPatterns =
        principalArnPatterns == null ? List.of() : List.copyOf(principalArnPatterns);
    partition = partition == null || partition.isEmpty() ? Arns.DEFAULT_PARTITION : partition;
  }

  /** The simplest trust: whole accounts, no conditions. */
  public static TrustSpec ofAccounts(String partition, List<String> accountIds) {
    return new TrustSpec(accountIds, null, null, false, null, null, false, false, partition);
  }

  @Override
  public String toString() {
    // The ExternalId is a secret: keep it out of logs and exception messages.
    return "TrustSpec[accountIds="
        + accountIds
        + ", principalArns="
        + principalArns
        + ", principalArnPatterns="
        + principalArnPatterns
        + ", requireMfa="
        + requireMfa
        + ", mfaMaxAgeSeconds="
        + mfaMaxAgeSeconds
        + ", externalId="
        + (externalId == null ? "null" : "<redacted>")
        + ", requireSourceIdentity="
        + requireSourceIdentity
        + ", allowSessionTags="
        + allowSessionTags
        + ", partition="
        + partition
        + "]";
  }
}
