package io.xaccount.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Where a grant with spec.expireWhenUnusedFor stands in its count. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UnusedExpiry {
  @JsonPropertyDescription(
      "When the count began: the later of when the grant became active and when its role was"
          + " created, or the spec change that restored the grant after it expired unused. Every"
          + " later use of the role (its CrossAccountRole's status.lastUsed.time) starts it again.")
  private String countingFrom;

  @JsonPropertyDescription(
      "When the grant expired because its role went unused; it stays Expired until the spec"
          + " changes.")
  private String expiredAt;

  @JsonPropertyDescription(
      "With expiredAt: since when the role had not been used (its last use, or countingFrom).")
  private String unusedSince;

  @JsonPropertyDescription(
      "With expiredAt: the metadata.generation that expired; a later one restores the grant.")
  private Long expiredGeneration;

  public String getCountingFrom() {
    return countingFrom;
  }

  public void setCountingFrom(String countingFrom) {
    this.countingFrom = countingFrom;
  }

  public String getExpiredAt() {
    return expiredAt;
  }

  public void setExpiredAt(String expiredAt) {
    this.expiredAt = expiredAt;
  }

  public String getUnusedSince() {
    return unusedSince;
  }

  public void setUnusedSince(String unusedSince) {
    this.unusedSince = unusedSince;
  }

  public Long getExpiredGeneration() {
    return expiredGeneration;
  }

  public void setExpiredGeneration(Long expiredGeneration) {
    this.expiredGeneration = expiredGeneration;
  }
}
