package io.xaccount.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** One IAM write call the operator would make in managementPolicy Manage. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class PlannedChange {
  @JsonPropertyDescription("The IAM API action, e.g. CreateRole, PutRolePolicy, AttachGroupPolicy.")
  private String action;

  @JsonPropertyDescription("What the call acts on: an ARN, or a name where there is no ARN.")
  private String target;

  @JsonPropertyDescription("One line saying what the call does.")
  private String summary;

  @JsonPropertyDescription(
      "For a policy document, tags or role settings: only what differs, one line each, as"
          + " '+ path: value' (added), '- path: value' (removed) and '~ path: old -> new', on"
          + " the normalised JSON (the order and shape IAM may change are not differences).")
  private List<String> diff = new ArrayList<>();

  public PlannedChange() {}

  public PlannedChange(String action, String target, String summary, List<String> diff) {
    this.action = action;
    this.target = target;
    this.summary = summary;
    this.diff = new ArrayList<>(diff);
  }

  public String getAction() {
    return action;
  }

  public void setAction(String action) {
    this.action = action;
  }

  public String getTarget() {
    return target;
  }

  public void setTarget(String target) {
    this.target = target;
  }

  public String getSummary() {
    return summary;
  }

  public void setSummary(String summary) {
    this.summary = summary;
  }

  public List<String> getDiff() {
    return diff;
  }

  public void setDiff(List<String> diff) {
    this.diff = diff;
  }
}
