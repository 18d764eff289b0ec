package io.xaccount.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** How the operator obtains credentials in an account. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.source != 'AssumeRole' || has(self.assumeRole)",
    message = "credentials.assumeRole is required when source is AssumeRole")
@ValidationRule(
    value = "self.source != 'Default' || !has(self.assumeRole)",
    message = "credentials.assumeRole must not be set when source is Default")
@PreserveUnknownFields
public class AccountCredentials {
  @JsonPropertyDescription(
      "Default: the operator's own credential chain; AssumeRole: a role assumed from it.")
  @Required
  private CredentialSource source;

  @JsonPropertyDescription("The role to assume; required when source is AssumeRole.")
  private AssumeRoleCredentials assumeRole;

  public CredentialSource getSource() {
    return source;
  }

  public void setSource(CredentialSource source) {
    this.source = source;
  }

  public AssumeRoleCredentials getAssumeRole() {
    return assumeRole;
  }

  public void setAssumeRole(AssumeRoleCredentials assumeRole) {
    this.assumeRole = assumeRole;
  }
}
