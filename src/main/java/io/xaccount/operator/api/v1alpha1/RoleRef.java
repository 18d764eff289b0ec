package io.xaccount.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A reference to a CrossAccountRole. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@PreserveUnknownFields
public class RoleRef {
  @JsonPropertyDescription("Name of the CrossAccountRole.")
  @Required
  @Pattern(ApiConstants.K8S_NAME_PATTERN)
  @Size(max = 253)
  private String name;

  @JsonPropertyDescription(
      "Namespace of the CrossAccountRole; defaults to the grant's namespace. See the README's"
          + " security model for when another namespace is allowed.")
  @Pattern(ApiConstants.K8S_NAME_PATTERN)
  @Size(max = 63)
  private String namespace;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }
}
