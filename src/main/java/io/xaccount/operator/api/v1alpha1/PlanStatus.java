package io.xaccount.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * The status of a kind with spec.managementPolicy: besides Ready, the plan shown in Plan and
 * Observe.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class PlanStatus extends ReadyStatus {
  @JsonPropertyDescription(
      "spec.managementPolicy Plan or Observe: the IAM write calls Manage would make, in order."
          + " Empty when IAM matches the spec.")
  private List<PlannedChange> plannedChanges;

  @JsonPropertyDescription(
      "spec.managementPolicy Plan or Observe: a hash of plannedChanges, the same as long as the"
          + " plan is.")
  private String planHash;

  public List<PlannedChange> getPlannedChanges() {
    return plannedChanges;
  }

  public void setPlannedChanges(List<PlannedChange> plannedChanges) {
    this.plannedChanges = plannedChanges;
  }

  public String getPlanHash() {
    return planHash;
  }

  public void setPlanHash(String planHash) {
    this.planHash = planHash;
  }
}
