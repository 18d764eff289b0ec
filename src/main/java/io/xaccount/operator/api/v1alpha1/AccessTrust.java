package io.xaccount.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** The principals a role's trust policy lets in, and on which conditions. Never a secret. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AccessTrust {
  @JsonPropertyDescription(
      "Accounts trusted as a whole: any principal there whose own policies allow sts:AssumeRole"
          + " on the role may assume it.")
  private List<String> accountIds = new ArrayList<>();

  @JsonPropertyDescription("Specific users and roles trusted.")
  private List<String> principalArns = new ArrayList<>();

  @JsonPropertyDescription("aws:PrincipalArn patterns trusted (e.g. Identity Center roles).")
  private List<String> principalArnPatterns = new ArrayList<>();

  @JsonPropertyDescription("Callers need an MFA session (aws:MultiFactorAuthPresent).")
  private boolean requireMfa;

  @JsonPropertyDescription("The MFA authentication may be at most this old (seconds).")
  private Integer mfaMaxAgeSeconds;

  @JsonPropertyDescription(
      "Callers must pass an ExternalId (its value is a secret and is not shown): machines only.")
  private boolean requireExternalId;

  @JsonPropertyDescription("Callers must set a source identity.")
  private boolean requireSourceIdentity;

  @JsonPropertyDescription("Callers may pass session tags.")
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

  public boolean isRequireExternalId() {
    return requireExternalId;
  }

  public void setRequireExternalId(boolean requireExternalId) {
    this.requireExternalId = requireExternalId;
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
