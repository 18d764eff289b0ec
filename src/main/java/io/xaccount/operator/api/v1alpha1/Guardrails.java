package io.xaccount.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** Policy the operator enforces in an account before any IAM write. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@PreserveUnknownFields
public class Guardrails {
  @JsonPropertyDescription(
      "Account IDs that roles in this account may trust. Empty: any account may be trusted.")
  @Size(max = 100)
  private List<@Pattern(ApiConstants.ACCOUNT_ID_PATTERN) String> allowedTrustedAccountIds =
      new ArrayList<>();

  @JsonPropertyDescription(
      "Managed policy ARN patterns ('*' wildcard) that may be attached or be a boundary. Empty:"
          + " any AWS managed policy and no customer managed one. A policy matched by a pattern is"
          + " still judged by its document (no IAM, Organizations or Account writes, no"
          + " sts:AssumeRole beyond the target guardrails: ReadOnlyAccess passes, PowerUserAccess"
          + " does not); one listed exactly is attached as it is. The operator's own policies"
          + " (under /xaccount/ or /xaccount-operator/, or attached to its identity) never are.")
  @Size(max = 100)
  private List<@Size(max = 2048) String> allowedManagedPolicyArns = new ArrayList<>();

  @JsonPropertyDescription(
      "Managed policy ARN patterns ('*' wildcard) that may never be attached; deny wins.")
  @Size(max = 100)
  private List<@Size(max = 2048) String> deniedManagedPolicyArns = new ArrayList<>();

  @JsonPropertyDescription("Permissions boundary every role in this account must carry.")
  @Pattern(ApiConstants.POLICY_ARN_PATTERN)
  @Size(max = 2048)
  private String requiredPermissionsBoundaryArn;

  @JsonPropertyDescription("Path prefix every role's path must start with, e.g. /xaccount/.")
  @Pattern(ApiConstants.IAM_PATH_PATTERN)
  @Size(max = 512)
  private String rolePathPrefix;

  @JsonPropertyDescription("Every trust policy must require MFA (aws:MultiFactorAuthPresent).")
  private Boolean requireMfa;

  @JsonPropertyDescription("Maximum number of CrossAccountRoles per namespace in this account.")
  @Min(0)
  private Integer maxRolesPerNamespace;

  @JsonPropertyDescription(
      "Action patterns inline policies may allow (e.g. s3:Get*). Empty: any action that cannot"
          + " match a denied one (deniedInlineActions). Listing a denied action here exactly lets"
          + " it through.")
  @Size(max = 100)
  private List<@Size(max = 2048) String> allowedInlineActions = new ArrayList<>();

  @JsonPropertyDescription(
      "Action patterns no Allow statement (inline, or in a managed policy judged by its"
          + " document) may overlap, compared as patterns and without regard to case (iam:?* and"
          + " I?M:* overlap iam:*); an Allow with NotAction overlaps whatever it does not exclude."
          + " Empty: what can escalate, i.e. every IAM, Organizations and Account action beyond"
          + " Read and List and the STS calls minting other credentials (iam:Get* passes).")
  @Size(max = 100)
  private List<@Size(max = 2048) String> deniedInlineActions = new ArrayList<>();

  @JsonPropertyDescription(
      "AssumeRoleGrants in this account may name by spec.target.roleArn only roles matching these"
          + " ARN patterns ('*' and '?'), or roles of allowedTargetAccountIds. A role of this very"
          + " account must match a pattern here. A roleRef to a CrossAccountRole the grant may"
          + " reference needs neither. The same bounds every sts:AssumeRole a CrossAccountRole in"
          + " this account may allow (inline or through a managed policy), so that no role becomes a"
          + " way around them.")
  @Size(max = 100)
  private List<@Size(max = 2048) String> allowedTargetRoleArns = new ArrayList<>();

  @JsonPropertyDescription(
      "Accounts whose roles AssumeRoleGrants in this account may name by spec.target.roleArn"
          + " (never this account itself: list its roles in allowedTargetRoleArns).")
  @Size(max = 100)
  private List<@Pattern(ApiConstants.ACCOUNT_ID_PATTERN) String> allowedTargetAccountIds =
      new ArrayList<>();

  @JsonPropertyDescription(
      "Principals AssumeRoleGrants in this account may attach to, as user/<name>, group/<name> or"
          + " role/<name> patterns ('*' and '?'; names compared without regard to case, as IAM"
          + " does). Empty: any, except the operator's own identity, which is never a principal.")
  @Size(max = 100)
  private List<@Size(max = 2048) String> allowedGrantPrincipals = new ArrayList<>();

  @JsonPropertyDescription(
      "The longest window an AssumeRoleGrant in this account may have (8h, 90m, 1h30m), from"
          + " spec.notBefore or when it first becomes active to its end; a grant without an end"
          + " is refused.")
  @Pattern(ApiConstants.DURATION_PATTERN)
  @Size(max = 24)
  private String maxGrantDuration;

  @JsonPropertyDescription(
      "Warn when a CrossAccountRole in this account has not been used for this long (90d, 36h,"
          + " 1d12h; a role never used counts from its creation): status.lastUsed.unusedLongerThan"
          + " and a warning on the role, one Event RoleUnused, and the xaccount_unused_roles"
          + " gauge. Nothing is deleted. A role's spec.unusedWarningAfter may only shorten it.")
  @Pattern(ApiConstants.LONG_DURATION_PATTERN)
  @Size(max = 24)
  private String unusedRoleWarningAfter;

  @JsonPropertyDescription(
      "Every AssumeRoleGrant in this account must end (spec.expiresAt or spec.duration).")
  private Boolean requireGrantExpiry;

  @JsonPropertyDescription("Upper bound for a role's maxSessionDuration, in seconds.")
  @Min(3600)
  @Max(43200)
  private Integer maxSessionDuration;

  @JsonPropertyDescription(
      "How many grant policies (pack slots) the AssumeRoleGrants of one namespace may have"
          + " attached to any one user, group or role of this account. IAM lets a group hold 10"
          + " managed policies (not adjustable), a user or role 10 (20 on request); each namespace"
          + " has its own grant policies, one per set of principals (about 35 grants each), so"
          + " this bounds what one tenant can take of a principal's quota. A grant that would"
          + " attach one more is refused (Forbidden) before any IAM write. Default 2.")
  @Min(1)
  @Max(20)
  private Integer maxGrantSlotsPerPrincipal;

  @JsonPropertyDescription(
      "Whether CrossAccountRoles and AssumeRoleGrants in this account may set deletionPolicy:"
          + " Retain, which leaves their role (or grant statement) in IAM, released, after the"
          + " resource is gone. Default false: Retain is refused (Forbidden) before any IAM write."
          + " Released roles count against maxRolesPerNamespace. A deletion whose accepted Retain"
          + " this no longer allows waits: nothing is deleted or released until this allows it or"
          + " the resource's spec.deletionPolicy is Delete.")
  private Boolean allowRetain;

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

  public List<String> getDeniedInlineActions() {
    return deniedInlineActions;
  }

  public void setDeniedInlineActions(List<String> deniedInlineActions) {
    this.deniedInlineActions = deniedInlineActions;
  }

  public List<String> getAllowedTargetRoleArns() {
    return allowedTargetRoleArns;
  }

  public void setAllowedTargetRoleArns(List<String> allowedTargetRoleArns) {
    this.allowedTargetRoleArns = allowedTargetRoleArns;
  }

  public List<String> getAllowedTargetAccountIds() {
    return allowedTargetAccountIds;
  }

  public void setAllowedTargetAccountIds(List<String> allowedTargetAccountIds) {
    this.allowedTargetAccountIds = allowedTargetAccountIds;
  }

  public List<String> getAllowedGrantPrincipals() {
    return allowedGrantPrincipals;
  }

  public void setAllowedGrantPrincipals(List<String> allowedGrantPrincipals) {
    this.allowedGrantPrincipals = allowedGrantPrincipals;
  }

  public String getMaxGrantDuration() {
    return maxGrantDuration;
  }

  public void setMaxGrantDuration(String maxGrantDuration) {
    this.maxGrantDuration = maxGrantDuration;
  }

  public Boolean getRequireGrantExpiry() {
    return requireGrantExpiry;
  }

  public void setRequireGrantExpiry(Boolean requireGrantExpiry) {
    this.requireGrantExpiry = requireGrantExpiry;
  }

  public String getUnusedRoleWarningAfter() {
    return unusedRoleWarningAfter;
  }

  public void setUnusedRoleWarningAfter(String unusedRoleWarningAfter) {
    this.unusedRoleWarningAfter = unusedRoleWarningAfter;
  }

  public Integer getMaxSessionDuration() {
    return maxSessionDuration;
  }

  public void setMaxSessionDuration(Integer maxSessionDuration) {
    this.maxSessionDuration = maxSessionDuration;
  }

  public Integer getMaxGrantSlotsPerPrincipal() {
    return maxGrantSlotsPerPrincipal;
  }

  public void setMaxGrantSlotsPerPrincipal(Integer maxGrantSlotsPerPrincipal) {
    this.maxGrantSlotsPerPrincipal = maxGrantSlotsPerPrincipal;
  }

  public Boolean getAllowRetain() {
    return allowRetain;
  }

  public void setAllowRetain(Boolean allowRetain) {
    this.allowRetain = allowRetain;
  }
}
