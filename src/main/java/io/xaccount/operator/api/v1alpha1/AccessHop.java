package io.xaccount.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * A CrossAccountRole of this cluster through which principals may reach the role: whoever can
 * assume it can go on to this one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AccessHop {
  @JsonPropertyDescription("The CrossAccountRole's namespace.")
  private String namespace;

  @JsonPropertyDescription("The CrossAccountRole's name.")
  private String name;

  @JsonPropertyDescription("Its IAM role's ARN; who can reach it is in its own status.access.")
  private String roleArn;

  @JsonPropertyDescription(
      "How it reaches this role: its policies allow sts:AssumeRole on a pattern matching this"
          + " role (and the trust lets its account in), or an AssumeRoleGrant targeting this role"
          + " names it as a principal.")
  private String through;

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

  public String getRoleArn() {
    return roleArn;
  }

  public void setRoleArn(String roleArn) {
    this.roleArn = roleArn;
  }

  public String getThrough() {
    return through;
  }

  public void setThrough(String through) {
    this.through = through;
  }
}
