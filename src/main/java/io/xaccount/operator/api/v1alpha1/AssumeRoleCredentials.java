package io.xaccount.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** The role the operator assumes (from its own credentials) to act in an account. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@PreserveUnknownFields
public class AssumeRoleCredentials {
  @JsonPropertyDescription(
      "ARN of the role the operator assumes in this account, e.g."
          + " arn:aws:iam::111111111111:role/xaccount-operator.")
  @Required
  @Pattern(ApiConstants.ROLE_ARN_PATTERN)
  @Size(max = 2048)
  private String roleArn;

  @JsonPropertyDescription(
      "Secret key (Secret labelled xaccount.io/external-id=true) holding the sts:ExternalId to"
          + " present; never shown in status, events or logs.")
  private SecretKeyRef externalIdSecretRef;

  @JsonPropertyDescription("Role session name (2-64 characters of [\\w+=,.@-]).")
  @Pattern(ApiConstants.SESSION_NAME_PATTERN)
  @Size(max = 64)
  private String sessionName;

  @JsonPropertyDescription(
      "Lifetime of the temporary credentials in seconds (900-43200). At most 3600 when the"
          + " operator's own identity is a role session (IRSA, Pod Identity): STS caps role"
          + " chaining at one hour.")
  @Min(900)
  @Max(43200)
  private Integer durationSeconds;

  public String getRoleArn() {
    return roleArn;
  }

  public void setRoleArn(String roleArn) {
    this.roleArn = roleArn;
  }

  public SecretKeyRef getExternalIdSecretRef() {
    return externalIdSecretRef;
  }

  public void setExternalIdSecretRef(SecretKeyRef externalIdSecretRef) {
    this.externalIdSecretRef = externalIdSecretRef;
  }

  public String getSessionName() {
    return sessionName;
  }

  public void setSessionName(String sessionName) {
    this.sessionName = sessionName;
  }

  public Integer getDurationSeconds() {
    return durationSeconds;
  }

  public void setDurationSeconds(Integer durationSeconds) {
    this.durationSeconds = durationSeconds;
  }
}
