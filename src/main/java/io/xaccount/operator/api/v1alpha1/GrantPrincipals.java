package io.xaccount.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** IAM users, groups and roles of the trusted account the grant's policy is attached to. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GrantPrincipals {
  private static final String NAMES_RULE = "self.all(n, n.matches('^[\\\\w+=,.@-]{1,128}$'))";
  private static final String ROLE_NAMES_RULE = "self.all(n, n.matches('^[\\\\w+=,.@-]{1,64}$'))";

  @JsonPropertyDescription("IAM user names.")
  @ValidationRule(value = NAMES_RULE, message = "user names are 1-128 characters of [\\w+=,.@-]")
  private List<String> users = new ArrayList<>();

  @JsonPropertyDescription("IAM group names.")
  @ValidationRule(value = NAMES_RULE, message = "group names are 1-128 characters of [\\w+=,.@-]")
  private List<String> groups = new ArrayList<>();

  @JsonPropertyDescription("IAM role names.")
  @ValidationRule(
      value = ROLE_NAMES_RULE,
      message = "role names are 1-64 characters of [\\w+=,.@-]")
  private List<String> roles = new ArrayList<>();

  public List<String> getUsers() {
    return users;
  }

  public void setUsers(List<String> users) {
    this.users = users;
  }

  public List<String> getGroups() {
    return groups;
  }

  public void setGroups(List<String> groups) {
    this.groups = groups;
  }

  public List<String> getRoles() {
    return roles;
  }

  public void setRoles(List<String> roles) {
    this.roles = roles;
  }
}
