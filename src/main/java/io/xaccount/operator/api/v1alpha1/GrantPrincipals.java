package io.xaccount.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** IAM users, groups and roles of the trusted account the grant's policy is attached to. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@PreserveUnknownFields
public class GrantPrincipals {
  /** Principals per kind in one grant: generous, and bounded for the API server's CEL budget. */
  static final int MAX_PRINCIPALS = 100;

  @JsonPropertyDescription("IAM user names (1-128 characters of [\\w+=,.@-]).")
  @Size(max = MAX_PRINCIPALS)
  private List<@Pattern("^[\\w+=,.@-]{1,128}$") String> users = new ArrayList<>();

  @JsonPropertyDescription("IAM group names (1-128 characters of [\\w+=,.@-]).")
  @Size(max = MAX_PRINCIPALS)
  private List<@Pattern("^[\\w+=,.@-]{1,128}$") String> groups = new ArrayList<>();

  @JsonPropertyDescription("IAM role names (1-64 characters of [\\w+=,.@-]).")
  @Size(max = MAX_PRINCIPALS)
  private List<@Pattern("^[\\w+=,.@-]{1,64}$") String> roles = new ArrayList<>();

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
