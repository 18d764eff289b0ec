package io.xaccount.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** How the operator's grant policies use one principal's managed-policy slots. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PrincipalGrantSlots {
  @JsonPropertyDescription(
      "The principal, as user/<name>, group/<name> or role/<name> (lower-case: IAM names ignore"
          + " case).")
  private String principal;

  @JsonPropertyDescription(
      "How many of the operator's grant policies (pack slots) are attached to it, as the grants'"
          + " statuses report.")
  private Integer slots;

  @JsonPropertyDescription(
      "How many managed policies IAM lets it hold: 10 for a group (fixed); for a user or role the"
          + " operator setting xaccount.operator.max-managed-policies-per-role (IAM's default 10,"
          + " raisable in AWS to 20). Its other managed policies (the admins') count too.")
  private Integer limit;

  @JsonPropertyDescription("Its grant policies by the namespace whose grants they carry.")
  private List<NamespaceGrantSlots> namespaces = new ArrayList<>();

  public String getPrincipal() {
    return principal;
  }

  public void setPrincipal(String principal) {
    this.principal = principal;
  }

  public Integer getSlots() {
    return slots;
  }

  public void setSlots(Integer slots) {
    this.slots = slots;
  }

  public Integer getLimit() {
    return limit;
  }

  public void setLimit(Integer limit) {
    this.limit = limit;
  }

  public List<NamespaceGrantSlots> getNamespaces() {
    return namespaces;
  }

  public void setNamespaces(List<NamespaceGrantSlots> namespaces) {
    this.namespaces = namespaces;
  }
}
