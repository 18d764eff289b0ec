package io.xaccount.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** An AssumeRoleGrant of this cluster that targets the role. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AccessGrant {
  @JsonPropertyDescription("The grant's namespace.")
  private String namespace;

  @JsonPropertyDescription("The grant's name.")
  private String name;

  @JsonPropertyDescription(
      "The account its principals live in: the accountId of the AwsAccount its spec.accountRef"
          + " names (empty while that AwsAccount does not exist).")
  private String accountId;

  @JsonPropertyDescription("How it names the role: roleRef or roleArn.")
  private String via;

  @JsonPropertyDescription("The principals it asks for: user/NAME, group/NAME, role/NAME.")
  private List<String> principals = new ArrayList<>();

  @JsonPropertyDescription("How many principals it names beyond those listed.")
  private Integer morePrincipals;

  @JsonPropertyDescription("The grant requires MFA (its spec.requireMfa).")
  private boolean requireMfa;

  @JsonPropertyDescription("The grant's status.phase: Pending, Scheduled, Active, Expired, Failed.")
  private GrantPhase phase;

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getAccountId() {
    return accountId;
  }

  public void setAccountId(String accountId) {
    this.accountId = accountId;
  }

  public String getVia() {
    return via;
  }

  public void setVia(String via) {
    this.via = via;
  }

  public List<String> getPrincipals() {
    return principals;
  }

  public void setPrincipals(List<String> principals) {
    this.principals = principals;
  }

  public Integer getMorePrincipals() {
    return morePrincipals;
  }

  public void setMorePrincipals(Integer morePrincipals) {
    this.morePrincipals = morePrincipals;
  }

  public boolean isRequireMfa() {
    return requireMfa;
  }

  public void setRequireMfa(boolean requireMfa) {
    this.requireMfa = requireMfa;
  }

  public GrantPhase getPhase() {
    return phase;
  }

  public void setPhase(GrantPhase phase) {
    this.phase = phase;
  }
}
