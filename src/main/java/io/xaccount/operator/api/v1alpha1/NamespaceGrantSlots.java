package io.xaccount.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How many of one principal's grant policies carry one namespace's grants. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NamespaceGrantSlots {
  @JsonPropertyDescription("The namespace.")
  private String namespace;

  @JsonPropertyDescription(
      "How many grant policies attached to the principal carry its grants (compare with"
          + " guardrails.maxGrantSlotsPerPrincipal).")
  private Integer slots;

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public Integer getSlots() {
    return slots;
  }

  public void setSlots(Integer slots) {
    this.slots = slots;
  }
}
