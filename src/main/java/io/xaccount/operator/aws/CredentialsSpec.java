package io.xaccount.operator.aws;

/**
 * How to obtain credentials in one account. Two equal specs share one cached client; a change (e.g.
 * a rotated ExternalId) builds a new one.
 *
 * @param roleArn the role to assume, or null to use the operator's own default credential chain
 * @param externalId the sts:ExternalId to present, or null; never printed
 */
public record CredentialsSpec(
    String partition,
    String stsRegion,
    String roleArn,
    String externalId,
    String sessionName,
    Integer durationSeconds) {

  public boolean assumesRole() {
    return roleArn != null;
  }

  /** Redacts the ExternalId: records print their components and secrets must never be logged. */
  @Override
  public String toString() {
    return "CredentialsSpec[partition=%s, stsRegion=%s, roleArn=%s, externalId=%s, sessionName=%s]"
        .formatted(partition, stsRegion, roleArn, externalId == null ? "none" : "***", sessionName);
  }
}
