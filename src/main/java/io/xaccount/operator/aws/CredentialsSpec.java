package io.xaccount.operator.aws;

/**
 * How to obtain credentials in one account. Two equal specs share one cached client; a change (e.g.
 * a rotated ExternalId) builds a new one.
 *
 * @param accountId the declared account the clients act in (a label of the AWS call metrics)
 * @param roleArn the role to assume, or null to use the operator's own default credential chain
 * @param externalId the sts:ExternalId to present, or null; never printed
 */
public record CredentialsSpec(
    String accountId,
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
    return ("CredentialsSpec[accountId=%s, partition=%s, stsRegion=%s, roleArn=%s, externalId=%s,"
            + " sessionName=%s]")
        .formatted(
            accountId,
            partition,
            stsRegion,
            roleArn,
            externalId == null ? "none" : "***",
            sessionName);
  }
}
