package io.xaccount.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A managed policy in the trusted account allowing sts:AssumeRole on one role. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AssumeRoleGrantSpec {
  @JsonPropertyDescription("Name of the AwsAccount where the principals live. Immutable.")
  @Required
  @Pattern(ApiConstants.K8S_NAME_PATTERN)
  @ValidationRule(value = "self == oldSelf", message = "accountRef is immutable")
  @Size(max = 253)
  private String accountRef;

  @JsonPropertyDescription("The role to grant: exactly one of roleRef or roleArn.")
  @Required
  private GrantTarget target;

  @JsonPropertyDescription("Users, groups and roles the grant's policy is attached to.")
  @Required
  private GrantPrincipals principals;

  @JsonPropertyDescription("Only allow sts:AssumeRole with MFA (Bool aws:MultiFactorAuthPresent).")
  private boolean requireMfa;

  @JsonPropertyDescription(
      "Delete (default) removes the policy with the resource; Retain keeps it.")
  @Default("Delete")
  private DeletionPolicy deletionPolicy;

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

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }
}
