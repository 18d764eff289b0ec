package io.xaccount.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/**
 * Which existing IAM entities this account's owner lets resources take over with the annotation
 * {@code xaccount.io/adopt: "true"}. Absent or empty means nobody may adopt anything. An entity
 * that another live resource (or another cluster) owns is never adoptable, whatever this says.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@PreserveUnknownFields
public class Adoption {
  @JsonPropertyDescription(
      "Namespaces whose CrossAccountRoles and AssumeRoleGrants may adopt existing, unowned IAM"
          + " entities in this account. Empty: none.")
  @Size(max = 100)
  private List<@Pattern(ApiConstants.K8S_NAME_PATTERN) @Size(max = 63) String> namespaces =
      new ArrayList<>();

  @JsonPropertyDescription(
      "Roles that may be adopted, as path plus name patterns with '*' and '?' wildcards, e.g."
          + " /LegacyAdmin or /legacy/* (the path part is compared as IAM does, case-sensitively;"
          + " the name part case-insensitively). Empty: no role.")
  @Size(max = 100)
  private List<@Size(max = 1024) String> roles = new ArrayList<>();

  public List<String> getNamespaces() {
    return namespaces;
  }

  public void setNamespaces(List<String> namespaces) {
    this.namespaces = namespaces;
  }

  public List<String> getRoles() {
    return roles;
  }

  public void setRoles(List<String> roles) {
    this.roles = roles;
  }
}
