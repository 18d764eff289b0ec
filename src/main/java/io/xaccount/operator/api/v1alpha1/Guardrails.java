package io.xaccount.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import java.util.ArrayList;
import java.util.List;

/** Policy the operator enforces in an account before any IAM write. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Guardrails {
  @JsonPropertyDescription(
      "Account IDs that roles in this account may trust. Empty: any account may be trusted.")
  private List<String> allowedTrustedAccountIds = new ArrayList<>();

  @JsonPropertyDescription(
      "Managed policy ARN patterns ('*' wildcard) that may be attached. Empty: any, subject to"
          + " deniedManagedPolicyArns.")
  private List<String> allowedManagedPolicyArns = new ArrayList<>();

  @JsonPropertyDescription(
      "Managed policy ARN patterns ('*' wildcard) that may never be attached; deny wins.")
  private List<String> deniedManagedPolicyArns = new ArrayList<>();

  @JsonPropertyDescription("Permissions boundary every role in this account must carry.")
  @Pattern(ApiConstants.POLICY_ARN_PATTERN)
  private String requiredPermissionsBoundaryArn;

  @JsonPropertyDescription("Path prefix every role's path must start with, e.g. /xaccount/.")
  @Pattern(ApiConstants.IAM_PATH_PATTERN)
  private String rolePathPrefix;

  @JsonPropertyDescription("Every trust policy must require MFA (aws:MultiFactorAuthPresent).")
  private Boolean requireMfa;

  @JsonPropertyDescription("Maximum number of CrossAccountRoles per namespace in this account.")
  @Min(0)
  private Integer maxRolesPerNamespace;

  @JsonPropertyDescription(
      "Action prefix patterns inline policies may allow (e.g. s3:Get*). Empty: any action except"
          + " '*' and iam:*.")
  private List<String> allowedInlineActions = new ArrayList<>();

  @JsonPropertyDescription("Upper bound for a role's maxSessionDuration, in seconds.")
  @Min(3600)
  @Max(43200)
  private Integer maxSessionDuration;

  public List<String> getAllowedTrustedAccountIds() {
    return allowedTrustedAccountIds;
  }

  public void setAllowedTrustedAccountIds(List<String> allowedTrustedAccountIds) {
    this.allowedTrustedAccountIds = allowedTrustedAccountIds;
  }

  public List<String> getAllowedManagedPolicyArns() {
    return allowedManagedPolicyArns;
  }

  public void setAllowedManagedPolicyArns(List<String> allowedManagedPolicyArns) {
    this.allowedManagedPolicyArns = allowedManagedPolicyArns;
  }

  public List<String> getDeniedManagedPolicyArns() {
    return deniedManagedPolicyArns;
  }

  public void setDeniedManagedPolicyArns(List<String> deniedManagedPolicyArns) {
    this.deniedManagedPolicyArns = deniedManagedPolicyArns;
  }

  public String getRequiredPermissionsBoundaryArn() {
    return requiredPermissionsBoundaryArn;
  }

  public void setRequiredPermissionsBoundaryArn(String requiredPermissionsBoundaryArn) {
    this.requiredPermissionsBoundaryArn = requiredPermissionsBoundaryArn;
  }

  public String getRolePathPrefix() {
    return rolePathPrefix;
  }

  public void setRolePathPrefix(String rolePathPrefix) {
    this.rolePathPrefix = rolePathPrefix;
  }

  public Boolean getRequireMfa() {
    return requireMfa;
  }

  public void setRequireMfa(Boolean requireMfa) {
    this.requireMfa = requireMfa;
  }

  public Integer getMaxRolesPerNamespace() {
    return maxRolesPerNamespace;
  }

  public void setMaxRolesPerNamespace(Integer maxRolesPerNamespace) {
    this.maxRolesPerNamespace = maxRolesPerNamespace;
  }

  public List<String> getAllowedInlineActions() {
    return allowedInlineActions;
  }

  public void setAllowedInlineActions(List<String> allowedInlineActions) {
    this.allowedInlineActions = allowedInlineActions;
  }

  public Integer getMaxSessionDuration() {
    return maxSessionDuration;
  }

  public void setMaxSessionDuration(Integer maxSessionDuration) {
    this.maxSessionDuration = maxSessionDuration;
  }
}
