package io.xaccount.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/**
 * Who can reach a CrossAccountRole, as far as this cluster knows: the principals its trust policy
 * lets in, the AssumeRoleGrants of this cluster that grant the other half, and the roles of this
 * cluster through which it can be reached.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RoleAccess {
  @JsonPropertyDescription("Who the role's trust policy lets in, as rendered (see trustPolicy).")
  private AccessTrust trust;

  @JsonPropertyDescription(
      "AssumeRoleGrants of this cluster, of any namespace, that target the role by roleRef or by"
          + " its ARN: at most 50, those of the role's own namespace first, then namespaces it"
          + " lets reference it and roleArn targets, then refused references.")
  private List<AccessGrant> grants = new ArrayList<>();

  @JsonPropertyDescription("How many grants target the role beyond those listed in grants.")
  private Integer moreGrants;

  @JsonPropertyDescription(
      "CrossAccountRoles of this cluster through which principals may reach the role (role"
          + " chaining): whoever can assume one of them can go on to this one. At most 20; follow"
          + " each to its own status.access to see who reaches it.")
  private List<AccessHop> hops;

  @JsonPropertyDescription("How many such roles there are beyond those listed in hops.")
  private Integer moreHops;

  @JsonPropertyDescription(
      "What users get wrong across the two halves: a trusted account no grant reaches, a grant"
          + " from an account the trust does not name (it can never work), MFA asked on one side"
          + " only, references the operator refuses. Grants made outside the operator are not"
          + " seen: see docs/who-can-reach-this-role.md.")
  private List<String> warnings = new ArrayList<>();

  public AccessTrust getTrust() {
    return trust;
  }

  public void setTrust(AccessTrust trust) {
    this.trust = trust;
  }

  public List<AccessGrant> getGrants() {
    return grants;
  }

  public void setGrants(List<AccessGrant> grants) {
    this.grants = grants;
  }

  public Integer getMoreGrants() {
    return moreGrants;
  }

  public void setMoreGrants(Integer moreGrants) {
    this.moreGrants = moreGrants;
  }

  public List<AccessHop> getHops() {
    return hops;
  }

  public void setHops(List<AccessHop> hops) {
    this.hops = hops;
  }

  public Integer getMoreHops() {
    return moreHops;
  }

  public void setMoreHops(Integer moreHops) {
    this.moreHops = moreHops;
  }

  public List<String> getWarnings() {
    return warnings;
  }

  public void setWarnings(List<String> warnings) {
    this.warnings = warnings;
  }
}
