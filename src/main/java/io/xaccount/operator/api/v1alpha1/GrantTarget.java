package io.xaccount.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The role a grant lets its principals assume: exactly one of roleRef or roleArn. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.roleRef) != has(self.roleArn)",
    message = "target needs exactly one of roleRef or roleArn")
@PreserveUnknownFields
public class GrantTarget {
  @JsonPropertyDescription("A CrossAccountRole managed by this operator.")
  private RoleRef roleRef;

  @JsonPropertyDescription("Any IAM role ARN.")
  @Pattern(ApiConstants.ROLE_ARN_PATTERN)
  @Size(max = 2048)
  private String roleArn;

  public RoleRef getRoleRef() {
    return roleRef;
  }

  public void setRoleRef(RoleRef roleRef) {
    this.roleRef = roleRef;
  }

  public String getRoleArn() {
    return roleArn;
  }

  public void setRoleArn(String roleArn) {
    this.roleArn = roleArn;
  }
}
