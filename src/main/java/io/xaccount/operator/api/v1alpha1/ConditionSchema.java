package io.xaccount.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The CRD schema of one entry of {@code status.conditions}: Kubernetes' condition, with the
 * descriptions Fabric8's {@code Condition} lacks, so that {@code kubectl explain} teaches them.
 * Only the schema: the operator reads and writes Fabric8's {@code Condition}.
 */
public class ConditionSchema {
  @JsonPropertyDescription(
      "Ready (the one clients read), Reconciling (a recoverable reason holds: retried with backoff)"
          + " or Stalled (a terminal reason holds: the spec must change).")
  private String type;

  @JsonPropertyDescription("True, False or Unknown.")
  private String status;

  @JsonPropertyDescription(
      "CamelCase, from the closed vocabulary documented in docs/ready-reasons.md (Converged,"
          + " Verified, Forbidden, AccessDenied, ...).")
  private String reason;

  @JsonPropertyDescription("A sentence a person can act on: what is wrong and what to change.")
  private String message;

  @JsonPropertyDescription("The metadata.generation this condition was written for.")
  private Long observedGeneration;

  @JsonPropertyDescription("When status last changed (RFC 3339); other changes leave it alone.")
  private String lastTransitionTime;

  public String getType() {
    return type;
  }

  public String getStatus() {
    return status;
  }

  public String getReason() {
    return reason;
  }

  public String getMessage() {
    return message;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public String getLastTransitionTime() {
    return lastTransitionTime;
  }
}
