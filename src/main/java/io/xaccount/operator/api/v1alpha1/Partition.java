package io.xaccount.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** AWS partitions the operator knows how to address. */
public enum Partition {
  @JsonProperty("aws")
  AWS("aws"),
  @JsonProperty("aws-us-gov")
  AWS_US_GOV("aws-us-gov"),
  @JsonProperty("aws-cn")
  AWS_CN("aws-cn");

  private final String id;

  Partition(String id) {
    this.id = id;
  }

  /** The partition's identifier as it appears in ARNs. */
  public String id() {
    return id;
  }
}
