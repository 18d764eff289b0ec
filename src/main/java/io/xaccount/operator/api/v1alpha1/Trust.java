package io.xaccount.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** Who may assume the role; rendered into the role's trust policy. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "(has(self.accountIds) ? size(self.accountIds) : 0)"
            + " + (has(self.principalArns) ? size(self.principalArns) : 0)"
            + " + (has(self.principalArnPatterns) ? size(self.principalArnPatterns) : 0) > 0",
    message = "trust must name at least one of accountIds, principalArns, principalArnPatterns")
@ValidationRule(
    value = "!has(self.mfaMaxAgeSeconds) || (has(self.requireMfa) && self.requireMfa)",
    message = "trust.mfaMaxAgeSeconds requires trust.requireMfa")
@PreserveUnknownFields
public class Trust {
  @JsonPropertyDescription(
      "Trusted AWS account IDs; each becomes Principal {\"AWS\": \"arn:aws:iam::<id>:root\"}.")
  @Size(max = 100)
  private List<@Pattern(ApiConstants.ACCOUNT_ID_PATTERN) String> accountIds = new ArrayList<>();

  @JsonPropertyDescription(
      "Specific IAM user or role ARNs in trusted accounts. IAM stores them as unique IDs; the"
          + " operator re-puts the trust policy when a principal was recreated.")
  @Size(max = 100)
  private List<@Size(max = 2048) String> principalArns = new ArrayList<>();

  @JsonPropertyDescription(
      "aws:PrincipalArn patterns (StringLike, '*' and '?' wildcards), e.g."
          + " arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Dev_*."
          + " The accounts they name are trusted as principals, narrowed by the condition.")
  @Size(max = 100)
  private List<@Size(max = 2048) String> principalArnPatterns = new ArrayList<>();

  @JsonPropertyDescription(
      "Require MFA (Bool aws:MultiFactorAuthPresent). Federated sessions (IAM Identity Center)"
          + " carry no MFA claim and can never satisfy it.")
  private boolean requireMfa;

  @JsonPropertyDescription("Maximum MFA age in seconds (NumericLessThan aws:MultiFactorAuthAge).")
  @Min(1)
  @Max(129600)
  private Integer mfaMaxAgeSeconds;

  @JsonPropertyDescription(
      "Secret key (same namespace, Secret labelled xaccount.io/external-id=true) holding the"
          + " sts:ExternalId callers must present. For"
          + " machines: the console cannot pass an ExternalId.")
  private SecretKeyRef externalIdSecretRef;

  @JsonPropertyDescription(
      "Require callers to set a source identity (sts:SetSourceIdentity) for attribution.")
  private boolean requireSourceIdentity;

  @JsonPropertyDescription("Allow callers to pass session tags (sts:TagSession).")
  private boolean allowSessionTags;

  public List<String> getAccountIds() {
    return accountIds;
  }

  public void setAccountIds(List<String> accountIds) {
    this.accountIds = accountIds;
  }

  public List<String> getPrincipalArns() {
    return principalArns;
  }

  public void setPrincipalArns(List<String> principalArns) {
    this.principalArns = principalArns;
  }

  public List<String> getPrincipalArnPatterns() {
    return principalArnPatterns;
  }

  public void setPrincipalArnPatterns(List<String> principalArnPatterns) {
    this.principalArnPatterns = principalArnPatterns;
  }

  public boolean isRequireMfa() {
    return requireMfa;
  }

  public void setRequireMfa(boolean requireMfa) {
    this.requireMfa = requireMfa;
  }

  public Integer getMfaMaxAgeSeconds() {
    return mfaMaxAgeSeconds;
  }

  public void setMfaMaxAgeSeconds(Integer mfaMaxAgeSeconds) {
    this.mfaMaxAgeSeconds = mfaMaxAgeSeconds;
  }

  public SecretKeyRef getExternalIdSecretRef() {
    return externalIdSecretRef;
  }

  public void setExternalIdSecretRef(SecretKeyRef externalIdSecretRef) {
    this.externalIdSecretRef = externalIdSecretRef;
  }

  public boolean isRequireSourceIdentity() {
    return requireSourceIdentity;
  }

  public void setRequireSourceIdentity(boolean requireSourceIdentity) {
    this.requireSourceIdentity = requireSourceIdentity;
  }

  public boolean isAllowSessionTags() {
    return allowSessionTags;
  }

  public void setAllowSessionTags(boolean allowSessionTags) {
    this.allowSessionTags = allowSessionTags;
  }
}
