package io.xaccount.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.crd.generator.annotation.PrinterColumnFormat;

/**
 * When the role was last used, as IAM records it (RoleLastUsed), and whether it has gone unused for
 * longer than its account allows without a warning.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RoleLastUsed {
  @JsonPropertyDescription(
      "When a session of the role was last issued (IAM's RoleLastUsed.LastUsedDate, which IAM"
          + " updates within hours), refreshed at every resync from the read that checks the role."
          + " Absent: IAM reports no use, within its tracking period (the last 400 days) or since"
          + " the role was created. Per role, not per principal: who used it is in CloudTrail.")
  @PrinterColumn(name = "Last Used", format = PrinterColumnFormat.DATE_TIME, priority = 1)
  private String time;

  @JsonPropertyDescription("The region of the STS endpoint that issued that session.")
  private String region;

  @JsonPropertyDescription(
      "When IAM created the role: a role never used counts as unused since then.")
  private String roleCreated;

  @JsonPropertyDescription(
      "Set while the role has not been used for longer than this (the AwsAccount's"
          + " guardrails.unusedRoleWarningAfter, or the role's spec.unusedWarningAfter when"
          + " shorter): status.warnings says since when, and an Event RoleUnused was recorded once."
          + " Nothing is deleted.")
  private String unusedLongerThan;

  public String getTime() {
    return time;
  }

  public void setTime(String time) {
    this.time = time;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public String getRoleCreated() {
    return roleCreated;
  }

  public void setRoleCreated(String roleCreated) {
    this.roleCreated = roleCreated;
  }

  public String getUnusedLongerThan() {
    return unusedLongerThan;
  }

  public void setUnusedLongerThan(String unusedLongerThan) {
    this.unusedLongerThan = unusedLongerThan;
  }
}
