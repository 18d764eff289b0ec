package io.xaccount.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * A statement in a managed policy of the trusted account allowing sts:AssumeRole on one role,
 * optionally only inside a time window.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!(has(self.expiresAt) && has(self.duration))",
    message = "set expiresAt or duration, not both")
@ValidationRule(
    value = "!has(self.expireWhenUnusedFor) || has(self.target.roleRef)",
    message =
        "expireWhenUnusedFor needs target.roleRef: only a CrossAccountRole reports when its role"
            + " was last used")
@PreserveUnknownFields
public class AssumeRoleGrantSpec {
  @JsonPropertyDescription("Name of the AwsAccount where the principals live. Immutable.")
  @Required
  @Pattern(ApiConstants.K8S_NAME_PATTERN)
  @ValidationRule(value = "self == oldSelf", message = "accountRef is immutable")
  @Size(max = 253)
  private String accountRef;

  @JsonPropertyDescription(
      "The role to grant: exactly one of roleRef or roleArn." + ApiConstants.STRICT_SPEC)
  @Required
  private GrantTarget target;

  @JsonPropertyDescription(
      "Users, groups and roles the grant's policy is attached to." + ApiConstants.STRICT_SPEC)
  @Required
  private GrantPrincipals principals;

  @JsonPropertyDescription(
      "Only allow sts:AssumeRole with MFA (Bool aws:MultiFactorAuthPresent)."
          + ApiConstants.STRICT_SPEC)
  private boolean requireMfa;

  @JsonPropertyDescription(
      "Delete (default) removes the policy with the resource; Retain keeps it.")
  @Default("Delete")
  private DeletionPolicy deletionPolicy;

  @JsonPropertyDescription(ApiConstants.MANAGEMENT_POLICY)
  @Default("Manage")
  private ManagementPolicy managementPolicy;

  @JsonPropertyDescription(
      "RFC 3339 time (e.g. 2030-01-31T09:00:00Z) before which the grant is not in effect: IAM"
          + " itself denies it until then (DateGreaterThan on aws:CurrentTime).")
  @Pattern(ApiConstants.TIME_PATTERN)
  @Size(max = 32)
  private String notBefore;

  @JsonPropertyDescription(
      "RFC 3339 time from which the grant is no longer in effect: IAM itself denies it from then"
          + " (DateLessThan on aws:CurrentTime) and the operator removes its statement. Not with"
          + " duration.")
  @Pattern(ApiConstants.TIME_PATTERN)
  @Size(max = 32)
  private String expiresAt;

  @JsonPropertyDescription(
      "How long the grant is in effect (hours, minutes, seconds: 8h, 90m, 1h30m), from notBefore"
          + " or else from when it first became active; resolved once into status.expiresAt. Not"
          + " with expiresAt.")
  @Pattern(ApiConstants.DURATION_PATTERN)
  @Size(max = 24)
  private String duration;

  @JsonPropertyDescription(
      "End the grant (phase Expired, its statement removed, as when its window runs out) once"
          + " its target role has not been used for this long (30d, 36h, 1d12h): counted from the"
          + " role's last use (the CrossAccountRole's status.lastUsed), or from when the grant"
          + " became active or the role was created, whichever is later. Per role: anyone's use"
          + " counts. Only with target.roleRef. Once Expired it stays so, even if the role is"
          + " used again, until the spec changes."
          + ApiConstants.STRICT_SPEC)
  @Pattern(ApiConstants.LONG_DURATION_PATTERN)
  @Size(max = 24)
  private String expireWhenUnusedFor;

  public String getAccountRef() {
    return accountRef;
  }

  public void setAccountRef(String accountRef) {
    this.accountRef = accountRef;
  }

  public GrantTarget getTarget() {
    return target;
  }

  public void setTarget(GrantTarget target) {
    this.target = target;
  }

  public GrantPrincipals getPrincipals() {
    return principals;
  }

  public void setPrincipals(GrantPrincipals principals) {
    this.principals = principals;
  }

  public boolean isRequireMfa() {
    return requireMfa;
  }

  public void setRequireMfa(boolean requireMfa) {
    this.requireMfa = requireMfa;
  }

  public String getNotBefore() {
    return notBefore;
  }

  public void setNotBefore(String notBefore) {
    this.notBefore = notBefore;
  }

  public String getExpiresAt() {
    return expiresAt;
  }

  public void setExpiresAt(String expiresAt) {
    this.expiresAt = expiresAt;
  }

  public String getDuration() {
    return duration;
  }

  public void setDuration(String duration) {
    this.duration = duration;
  }

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }

  public ManagementPolicy getManagementPolicy() {
    return managementPolicy;
  }

  public void setManagementPolicy(ManagementPolicy managementPolicy) {
    this.managementPolicy = managementPolicy;
  }

  public String getExpireWhenUnusedFor() {
    return expireWhenUnusedFor;
  }

  public void setExpireWhenUnusedFor(String expireWhenUnusedFor) {
    this.expireWhenUnusedFor = expireWhenUnusedFor;
  }
}
