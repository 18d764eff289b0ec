package io.xaccount.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Where the operator acts and who may ask it to. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@PreserveUnknownFields
public class AwsAccountSpec {
  @JsonPropertyDescription("The 12-digit AWS account ID. Immutable.")
  @Required
  @Pattern(ApiConstants.ACCOUNT_ID_PATTERN)
  @ValidationRule(value = "self == oldSelf", message = "accountId is immutable")
  @Size(max = 12)
  private String accountId;

  @JsonPropertyDescription("AWS partition of the account: aws, aws-us-gov or aws-cn.")
  @Default("aws")
  private Partition partition = Partition.AWS;

  @JsonPropertyDescription(
      "Region of the regional STS endpoint used for this account (default: the operator's"
          + " configured STS region).")
  @Pattern("^[a-z]{2}(-[a-z]+)+-[0-9]$")
  @Size(max = 32)
  private String stsRegion;

  @JsonPropertyDescription(
      "How the operator obtains credentials in this account." + ApiConstants.STRICT_SPEC)
  @Required
  private AccountCredentials credentials;

  @JsonPropertyDescription(
      "Namespaces whose CrossAccountRoles and AssumeRoleGrants may target this account."
          + " Empty means nobody."
          + ApiConstants.STRICT_SPEC)
  private AllowedNamespaces allowedNamespaces;

  @JsonPropertyDescription(
      "Policy enforced before any IAM write in this account." + ApiConstants.STRICT_SPEC)
  private Guardrails guardrails;

  @JsonPropertyDescription(
      "Which existing IAM entities resources may take over with xaccount.io/adopt=\"true\"."
          + " Absent: nobody may adopt."
          + ApiConstants.STRICT_SPEC)
  private Adoption adoption;

  public String getAccountId() {
    return accountId;
  }

  public void setAccountId(String accountId) {
    this.accountId = accountId;
  }

  public Partition getPartition() {
    return partition;
  }

  public void setPartition(Partition partition) {
    this.partition = partition;
  }

  public String getStsRegion() {
    return stsRegion;
  }

  public void setStsRegion(String stsRegion) {
    this.stsRegion = stsRegion;
  }

  public AccountCredentials getCredentials() {
    return credentials;
  }

  public void setCredentials(AccountCredentials credentials) {
    this.credentials = credentials;
  }

  public AllowedNamespaces getAllowedNamespaces() {
    return allowedNamespaces;
  }

  public void setAllowedNamespaces(AllowedNamespaces allowedNamespaces) {
    this.allowedNamespaces = allowedNamespaces;
  }

  public Guardrails getGuardrails() {
    return guardrails;
  }

  public void setGuardrails(Guardrails guardrails) {
    this.guardrails = guardrails;
  }

  public Adoption getAdoption() {
    return adoption;
  }

  public void setAdoption(Adoption adoption) {
    this.adoption = adoption;
  }
}
