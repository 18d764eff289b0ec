package io.xaccount.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How many roles one namespace's Retain deletions left in an account. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ReleasedRoles {
  /** The most namespaces an AwsAccount's status lists. */
  public static final int MAX_NAMESPACES = 50;

  @JsonPropertyDescription("The namespace the released roles' ownership tags name.")
  private String namespace;

  @JsonPropertyDescription("How many of its roles were released and are still in the account.")
  private Integer count;

  public ReleasedRoles() {}

  public ReleasedRoles(String namespace, Integer count) {
    this.namespace = namespace;
    this.count = count;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public Integer getCount() {
    return count;
  }

  public void setCount(Integer count) {
    this.count = count;
  }
}
