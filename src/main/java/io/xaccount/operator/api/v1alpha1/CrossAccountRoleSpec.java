package io.xaccount.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The IAM role in the trusting account and who may assume it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.roleName) == has(oldSelf.roleName)",
    message = "roleName is immutable")
@ValidationRule(value = "has(self.path) == has(oldSelf.path)", message = "path is immutable")
public class CrossAccountRoleSpec {
  @JsonPropertyDescription("Name of the AwsAccount where the role lives. Immutable.")
  @Required
  @Pattern(ApiConstants.K8S_NAME_PATTERN)
  @Size(max = 253)
  @ValidationRule(value = "self == oldSelf", message = "accountRef is immutable")
  private String accountRef;

  @JsonPropertyDescription(
      "IAM role name (1-64 characters of [\\w+=,.@-]); defaults to metadata.name. Immutable.")
  @Pattern(ApiConstants.IAM_NAME_PATTERN)
  @Size(max = 64)
  @ValidationRule(value = "self == oldSelf", message = "roleName is immutable")
  private String roleName;

  @JsonPropertyDescription("IAM path of the role, starting and ending with '/'. Immutable.")
  @Default("/")
  @Pattern(ApiConstants.IAM_PATH_PATTERN)
  @Size(max = 512)
  @ValidationRule(value = "self == oldSelf", message = "path is immutable")
  private String path;

  @JsonPropertyDescription("Role description (at most 1000 characters).")
  @Size(max = 1000)
  private String description;

  @JsonPropertyDescription("Maximum session duration in seconds (3600-43200).")
  @Min(3600)
  @Max(43200)
  private Integer maxSessionDuration;

  @JsonPropertyDescription("Who may assume the role." + ApiConstants.STRICT)
  @Required
  private Trust trust;

  @JsonPropertyDescription(
      "Managed policy ARNs attached to the role (exclusively: others are detached).")
  @Size(max = 20)
  private List<@Pattern(ApiConstants.POLICY_ARN_PATTERN) @Size(max = 2048) String>
      managedPolicyArns = new ArrayList<>();

  @JsonPropertyDescription("Inline policies of the role (exclusively: others are deleted).")
  @Size(max = 100)
  private List<InlinePolicy> inlinePolicies = new ArrayList<>();

  @JsonPropertyDescription("Managed policy ARN used as the role's permissions boundary.")
  @Pattern(ApiConstants.POLICY_ARN_PATTERN)
  @Size(max = 2048)
  private String permissionsBoundaryArn;

  @JsonPropertyDescription(
      "Tags on the role, in addition to the operator's ownership tags (xaccount.io/*).")
  @Size(max = 50)
  private Map<String, @Size(max = 256) String> tags = new LinkedHashMap<>();

  @JsonPropertyDescription("Delete (default) removes the role with the resource; Retain keeps it.")
  @Default("Delete")
  private DeletionPolicy deletionPolicy;

  @JsonPropertyDescription(ApiConstants.MANAGEMENT_POLICY)
  @Default("Manage")
  private ManagementPolicy managementPolicy;

  @JsonPropertyDescription("Console Switch Role display settings.")
  private ConsoleSettings console;

  @JsonPropertyDescription(
      "Namespaces whose AssumeRoleGrants may reference this role with spec.target.roleRef (the"
          + " role's own namespace always may). Like Gateway API's ReferenceGrant: the referenced"
          + " side consents.")
  @Size(max = 100)
  private List<@Pattern(ApiConstants.K8S_NAME_PATTERN) @Size(max = 63) String>
      allowedGrantNamespaces = new ArrayList<>();

  @JsonPropertyDescription(
      "RFC 3339 time: every session of this role issued before it is denied every action (an"
          + " inline Deny on aws:TokenIssueTime, as the console's Revoke active sessions). STS"
          + " cannot take back credentials; this ends them, for every holder of the role at"
          + " once. Remove it once those sessions have expired.")
  @Pattern(ApiConstants.TIME_PATTERN)
  @Size(max = 32)
  private String revokeSessionsIssuedBefore;

  @JsonPropertyDescription(
      "Warn (status, an Event, the xaccount_unused_roles gauge) when the role has not been used"
          + " for this long (90d, 36h, 1d12h; a role never used counts from its creation). Only"
          + " shortens the AwsAccount's guardrails.unusedRoleWarningAfter, never lengthens it."
          + " Nothing is deleted.")
  @Pattern(ApiConstants.LONG_DURATION_PATTERN)
  @Size(max = 24)
  private String unusedWarningAfter;

  public String getAccountRef() {
    return accountRef;
  }

  public void setAccountRef(String accountRef) {
    this.accountRef = accountRef;
  }

  public String getRoleName() {
    return roleName;
  }

  public void setRoleName(String roleName) {
    this.roleName = roleName;
  }

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }

  public Integer getMaxSessionDuration() {
    return maxSessionDuration;
  }

  public void setMaxSessionDuration(Integer maxSessionDuration) {
    this.maxSessionDuration = maxSessionDuration;
  }

  public Trust getTrust() {
    return trust;
  }

  public void setTrust(Trust trust) {
    this.trust = trust;
  }

  public List<String> getManagedPolicyArns() {
    return managedPolicyArns;
  }

  public void setManagedPolicyArns(List<String> managedPolicyArns) {
    this.managedPolicyArns = managedPolicyArns;
  }

  public List<InlinePolicy> getInlinePolicies() {
    return inlinePolicies;
  }

  public void setInlinePolicies(List<InlinePolicy> inlinePolicies) {
    this.inlinePolicies = inlinePolicies;
  }

  public String getPermissionsBoundaryArn() {
    return permissionsBoundaryArn;
  }

  public void setPermissionsBoundaryArn(String permissionsBoundaryArn) {
    this.permissionsBoundaryArn = permissionsBoundaryArn;
  }

  public Map<String, String> getTags() {
    return tags;
  }

  public void setTags(Map<String, String> tags) {
    this.tags = tags;
  }

  public String getRevokeSessionsIssuedBefore() {
    return revokeSessionsIssuedBefore;
  }

  public void setRevokeSessionsIssuedBefore(String revokeSessionsIssuedBefore) {
    this.revokeSessionsIssuedBefore = revokeSessionsIssuedBefore;
  }

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }

  public ConsoleSettings getConsole() {
    return console;
  }

  public void setConsole(ConsoleSettings console) {
    this.console = console;
  }

  public List<String> getAllowedGrantNamespaces() {
    return allowedGrantNamespaces;
  }

  public void setAllowedGrantNamespaces(List<String> allowedGrantNamespaces) {
    this.allowedGrantNamespaces = allowedGrantNamespaces;
  }

  public ManagementPolicy getManagementPolicy() {
    return managementPolicy;
  }

  public void setManagementPolicy(ManagementPolicy managementPolicy) {
    this.managementPolicy = managementPolicy;
  }

  public String getUnusedWarningAfter() {
    return unusedWarningAfter;
  }

  public void setUnusedWarningAfter(String unusedWarningAfter) {
    this.unusedWarningAfter = unusedWarningAfter;
  }
}
