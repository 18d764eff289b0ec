package io.xaccount.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Where the grant's statement is in IAM, and where its policy is attached. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AssumeRoleGrantStatus extends PlanStatus {
  @JsonPropertyDescription("Account the grant's policy lives in.")
  private String accountId;

  @JsonPropertyDescription("ARN of the role the grant allows assuming.")
  private String roleArn;

  @JsonPropertyDescription(
      "ARN of the managed policy that carries the grant's sts:AssumeRole statement (shared with"
          + " the other grants of this cluster to the same principals).")
  private String policyArn;

  @JsonPropertyDescription(
      "IAM's ID of that policy, as the operator found it tagged as this cluster's: a policy"
          + " deleted and made again at the same ARN has another ID. Written by the operator"
          + " only; it lets a restarted operator confirm the policy from the account's bulk read"
          + " without asking for its tags.")
  private String policyId;

  @JsonPropertyDescription("Console Switch Role link for the target role.")
  private String switchRoleUrl;

  @JsonPropertyDescription("Principals the policy is attached to.")
  private GrantPrincipals attachedPrincipals;

  @JsonPropertyDescription(
      "Problems across the two halves that do not stop the grant, e.g. the role does not trust"
          + " this account.")
  private List<String> warnings = new ArrayList<>();

  @JsonPropertyDescription(
      "Pending (not in IAM yet), Scheduled (before spec.notBefore), Active, Expired (its window"
          + " ran out or it was revoked: settled, Ready=True) or Failed.")
  private GrantPhase phase;

  @JsonPropertyDescription(
      "When the grant's window opened: spec.notBefore, or when the grant first became active"
          + " (the start of spec.duration).")
  private String activeSince;

  @JsonPropertyDescription(
      "When the grant ends: spec.expiresAt, or spec.duration after activeSince. Empty: never.")
  private String expiresAt;

  @JsonPropertyDescription(
      "When the grant was ended by the xaccount.io/revoke annotation, while it is set.")
  private String revokedAt;

  @JsonPropertyDescription(
      "The end plus the role's maxSessionDuration: STS cannot take back credentials it issued,"
          + " so a session begun before the end may last until then (see the CrossAccountRole's"
          + " spec.revokeSessionsIssuedBefore).")
  private String sessionsMayPersistUntil;

  @JsonPropertyDescription("How sessionsMayPersistUntil was worked out, when it is an assumption.")
  private String sessionsNote;

  @JsonPropertyDescription(
      "With spec.expireWhenUnusedFor: since when the count of the role's disuse runs, and"
          + " whether the grant expired because of it.")
  private UnusedExpiry unused;

  @JsonPropertyDescription(
      "The deletionPolicy the operator last accepted, with a successful reconcile of a spec naming"
          + " it: what deleting the resource does. A Retain the spec names but the operator has"
          + " not accepted (refused by the account's guardrails.allowRetain, or not reconciled"
          + " yet) is not honoured.")
  private DeletionPolicy deletionPolicy;

  public String getAccountId() {
    return accountId;
  }

  public void setAccountId(String accountId) {
    this.accountId = accountId;
  }

  public String getPolicyId() {
    return policyId;
  }

  public void setPolicyId(String policyId) {
    this.policyId = policyId;
  }

  public String getRoleArn() {
    return roleArn;
  }

  public void setRoleArn(String roleArn) {
    this.roleArn = roleArn;
  }

  public String getPolicyArn() {
    return policyArn;
  }

  public void setPolicyArn(String policyArn) {
    this.policyArn = policyArn;
  }

  public String getSwitchRoleUrl() {
    return switchRoleUrl;
  }

  public void setSwitchRoleUrl(String switchRoleUrl) {
    this.switchRoleUrl = switchRoleUrl;
  }

  public GrantPrincipals getAttachedPrincipals() {
    return attachedPrincipals;
  }

  public void setAttachedPrincipals(GrantPrincipals attachedPrincipals) {
    this.attachedPrincipals = attachedPrincipals;
  }

  public GrantPhase getPhase() {
    return phase;
  }

  public void setPhase(GrantPhase phase) {
    this.phase = phase;
  }

  public String getActiveSince() {
    return activeSince;
  }

  public void setActiveSince(String activeSince) {
    this.activeSince = activeSince;
  }

  public String getExpiresAt() {
    return expiresAt;
  }

  public void setExpiresAt(String expiresAt) {
    this.expiresAt = expiresAt;
  }

  public String getRevokedAt() {
    return revokedAt;
  }

  public void setRevokedAt(String revokedAt) {
    this.revokedAt = revokedAt;
  }

  public String getSessionsMayPersistUntil() {
    return sessionsMayPersistUntil;
  }

  public void setSessionsMayPersistUntil(String sessionsMayPersistUntil) {
    this.sessionsMayPersistUntil = sessionsMayPersistUntil;
  }

  public String getSessionsNote() {
    return sessionsNote;
  }

  public void setSessionsNote(String sessionsNote) {
    this.sessionsNote = sessionsNote;
  }

  public List<String> getWarnings() {
    return warnings;
  }

  public void setWarnings(List<String> warnings) {
    this.warnings = warnings;
  }

  public UnusedExpiry getUnused() {
    return unused;
  }

  public void setUnused(UnusedExpiry unused) {
    this.unused = unused;
  }

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }
}
