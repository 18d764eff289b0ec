package io.xaccount.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Where the grant's statement is in IAM, and where its policy is attached. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AssumeRoleGrantStatus extends ReadyStatus {
  @JsonPropertyDescription("Account the grant's policy lives in.")
  private String accountId;

  @JsonPropertyDescription("ARN of the role the grant allows assuming.")
  private String roleArn;

  @JsonPropertyDescription(
      "ARN of the managed policy that carries the grant's sts:AssumeRole statement (shared with"
          + " the other grants of this cluster to the same principals).")
  private String policyArn;

  @JsonPropertyDescription("Console Switch Role link for the target role.")
  private String switchRoleUrl;

  @JsonPropertyDescription("Principals the policy is attached to.")
  private GrantPrincipals attachedPrincipals;

  @JsonPropertyDescription(
      "Problems across the two halves that do not stop the grant, e.g. the role does not trust"
          + " this account.")
  private List<String> warnings = new ArrayList<>();

  public String getAccountId() {
    return accountId;
  }

  public void setAccountId(String accountId) {
    this.accountId = accountId;
  }

  public String getRoleArn() {
    return roleArn;
  }

  public void setRoleArn(String roleArn) {
    this.roleArn = roleArn;
  }

  public String getPolicyArn() {
    return policyArn;
  }

  public void setPolicyArn(String policyArn) {
    this.policyArn = policyArn;
  }

  public String getSwitchRoleUrl() {
    return switchRoleUrl;
  }

  public void setSwitchRoleUrl(String switchRoleUrl) {
    this.switchRoleUrl = switchRoleUrl;
  }

  public GrantPrincipals getAttachedPrincipals() {
    return attachedPrincipals;
  }

  public void setAttachedPrincipals(GrantPrincipals attachedPrincipals) {
    this.attachedPrincipals = attachedPrincipals;
  }

  public List<String> getWarnings() {
    return warnings;
  }

  public void setWarnings(List<String> warnings) {
    this.warnings = warnings;
  }
}
