package io.xaccount.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import java.util.List;

/** The role as it exists in IAM, and how to use it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CrossAccountRoleStatus extends PlanStatus {
  @JsonPropertyDescription("Account the role lives in.")
  private String accountId;

  @JsonPropertyDescription("ARN of the role.")
  private String roleArn;

  @JsonPropertyDescription("IAM unique ID of the role (AROA...).")
  private String roleId;

  @JsonPropertyDescription("Console Switch Role link, when the console can use the role.")
  private String switchRoleUrl;

  @JsonPropertyDescription("Why there is no switchRoleUrl, when the console cannot use the role.")
  private String consoleNote;

  @JsonPropertyDescription("An AWS CLI profile that assumes the role.")
  private String cliProfile;

  @JsonPropertyDescription("The trust policy rendered from spec.trust, for review.")
  @PreserveUnknownFields
  private JsonNode trustPolicy;

  @JsonPropertyDescription(
      "What converged but is probably not what was meant, e.g. trust that narrows nothing, or an"
          + " inline policy naming an action or condition key no AWS service has.")
  private List<String> warnings;

  @JsonPropertyDescription(
      "Role ARN patterns this role's own policies (inline and managed) let it assume"
          + " (sts:AssumeRole), '*' when it reaches further than 20 patterns: the roles it is a way"
          + " into. Shown in their access.hops.")
  private List<String> assumableRoleArns;

  @JsonPropertyDescription(
      "Who can reach the role: the principals its trust lets in, the AssumeRoleGrants of this"
          + " cluster that target it, the roles of this cluster through which it can be reached, and warnings where the two halves do not fit.")
  private RoleAccess access;

  @JsonPropertyDescription(
      "When the role was last used and in which region (IAM's RoleLastUsed), when IAM created it,"
          + " and whether it has gone unused for too long. Read with the role at each resync, at"
          + " no extra IAM call.")
  private RoleLastUsed lastUsed;

  @JsonPropertyDescription(
      "The deletionPolicy the operator last accepted, with a successful reconcile of a spec naming"
          + " it: what deleting the resource does. A Retain the spec names but the operator has"
          + " not accepted (refused by the account's guardrails.allowRetain, or not reconciled"
          + " yet) is not honoured.")
  private DeletionPolicy deletionPolicy;

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

  public String getRoleId() {
    return roleId;
  }

  public void setRoleId(String roleId) {
    this.roleId = roleId;
  }

  public String getSwitchRoleUrl() {
    return switchRoleUrl;
  }

  public void setSwitchRoleUrl(String switchRoleUrl) {
    this.switchRoleUrl = switchRoleUrl;
  }

  public String getConsoleNote() {
    return consoleNote;
  }

  public void setConsoleNote(String consoleNote) {
    this.consoleNote = consoleNote;
  }

  public String getCliProfile() {
    return cliProfile;
  }

  public void setCliProfile(String cliProfile) {
    this.cliProfile = cliProfile;
  }

  public JsonNode getTrustPolicy() {
    return trustPolicy;
  }

  public void setTrustPolicy(JsonNode trustPolicy) {
    this.trustPolicy = trustPolicy;
  }

  public List<String> getWarnings() {
    return warnings;
  }

  public void setWarnings(List<String> warnings) {
    this.warnings = warnings;
  }

  public List<String> getAssumableRoleArns() {
    return assumableRoleArns;
  }

  public void setAssumableRoleArns(List<String> assumableRoleArns) {
    this.assumableRoleArns = assumableRoleArns;
  }

  public RoleAccess getAccess() {
    return access;
  }

  public void setAccess(RoleAccess access) {
    this.access = access;
  }

  public RoleLastUsed getLastUsed() {
    return lastUsed;
  }

  public void setLastUsed(RoleLastUsed lastUsed) {
    this.lastUsed = lastUsed;
  }

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }
}
