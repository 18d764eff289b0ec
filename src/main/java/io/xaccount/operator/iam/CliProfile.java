package io.xaccount.operator.iam;

/**
 * Renders the AWS CLI profile ({@code ~/.aws/config}) that assumes a role. Secrets never appear:
 * where the role needs an ExternalId or an MFA device, a placeholder says what to fill in.
 */
public final class CliProfile {

  private CliProfile() {}

  /**
   * The profile section, e.g. {@code [profile prod]\nrole_arn = ...\nsource_profile = dev\n}.
   *
   * @param profileName the profile to define
   * @param roleArn the role to assume
   * @param sourceProfile the profile holding the caller's own credentials
   * @param requireMfa add {@code mfa_serial} (a placeholder for the caller's device)
   * @param requireExternalId add {@code external_id} (a placeholder, never the secret)
   */
  public static String render(
      String profileName,
      String roleArn,
      String sourceProfile,
      boolean requireMfa,
      boolean requireExternalId) {
    StringBuilder out = new StringBuilder();
    out.append("[profile ").append(profileName).append("]\n");
    out.append("role_arn = ").append(roleArn).append('\n');
    out.append("source_profile = ").append(sourceProfile).append('\n');
    if (requireMfa) {
      String partition = Arns.partitionOf(roleArn).orElse(Arns.DEFAULT_PARTITION);
      out.append("mfa_serial = arn:")
          .append(partition)
          .append(":iam::<your-account-id>:mfa/<your-mfa-device>\n");
    }
    if (requireExternalId) {
      out.append("external_id = <the ExternalId you were given>\n");
    }
    return out.toString();
  }
}
