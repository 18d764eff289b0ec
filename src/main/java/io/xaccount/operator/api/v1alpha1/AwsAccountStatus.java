package io.xaccount.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** The verified identity of the operator in the account. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AwsAccountStatus extends ReadyStatus {
  @JsonPropertyDescription("The account ID sts:GetCallerIdentity returned.")
  private String accountId;

  @JsonPropertyDescription("The ARN the operator acts as in this account.")
  private String callerArn;

  @JsonPropertyDescription("When the credentials were last verified (RFC 3339).")
  private String lastVerifiedTime;

  @JsonPropertyDescription(
      "While the AwsAccount is being deleted: the CrossAccountRoles and AssumeRoleGrants that"
          + " still use it (kind namespace/name). Deletion waits until they are gone.")
  private List<String> inUseBy;

  @JsonPropertyDescription(
      "How the operator's grant policies use the managed-policy slots of this account's users,"
          + " groups and roles: the 50 principals holding the most, busiest first, from the"
          + " AssumeRoleGrants' statuses (no IAM call), refreshed when the account is verified."
          + " Policies left holding only statements of grants deleted with Retain are not"
          + " counted (no grant names them any more).")
  private List<PrincipalGrantSlots> grantSlots;

  @JsonPropertyDescription(
      "Roles of this cluster released by Retain deletions and still in the account, per namespace"
          + " (the namespaces with the most, at most 50): they stay assumable with no resource"
          + " showing them, and count against guardrails.maxRolesPerNamespace. From the"
          + " operator's bulk reads of the account's roles, refreshed as the account is verified;"
          + " absent until a read succeeded.")
  @Size(max = ReleasedRoles.MAX_NAMESPACES)
  private List<ReleasedRoles> releasedRoles;

  public String getAccountId() {
    return accountId;
  }

  public void setAccountId(String accountId) {
    this.accountId = accountId;
  }

  public String getCallerArn() {
    return callerArn;
  }

  public void setCallerArn(String callerArn) {
    this.callerArn = callerArn;
  }

  public String getLastVerifiedTime() {
    return lastVerifiedTime;
  }

  public void setLastVerifiedTime(String lastVerifiedTime) {
    this.lastVerifiedTime = lastVerifiedTime;
  }

  public List<String> getInUseBy() {
    return inUseBy;
  }

  public void setInUseBy(List<String> inUseBy) {
    this.inUseBy = inUseBy;
  }

  public List<PrincipalGrantSlots> getGrantSlots() {
    return grantSlots;
  }

  public void setGrantSlots(List<PrincipalGrantSlots> grantSlots) {
    this.grantSlots = grantSlots;
  }

  public List<ReleasedRoles> getReleasedRoles() {
    return releasedRoles;
  }

  public void setReleasedRoles(List<ReleasedRoles> releasedRoles) {
    this.releasedRoles = releasedRoles;
  }
}
