package io.xaccount.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * A key of a Secret labelled {@code xaccount.io/external-id=true}. For namespaced resources the
 * Secret lives in the resource's namespace ({@code namespace} absent or that namespace); for {@link
 * AwsAccount} it is required.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@PreserveUnknownFields
public class SecretKeyRef {
  @JsonPropertyDescription(
      "Namespace of the Secret (AwsAccount only; namespaced kinds read their own namespace, and"
          + " another one is refused).")
  @Pattern(ApiConstants.K8S_NAME_PATTERN)
  @Size(max = 63)
  private String namespace;

  @JsonPropertyDescription("Name of the Secret.")
  @Required
  @Pattern(ApiConstants.K8S_NAME_PATTERN)
  @Size(max = 253)
  private String name;

  @JsonPropertyDescription("Key within the Secret's data.")
  @Required
  @Pattern("^[-._a-zA-Z0-9]+$")
  @Size(max = 253)
  private String key;

  public SecretKeyRef() {}

  public SecretKeyRef(String namespace, String name, String key) {
    this.namespace = namespace;
    this.name = name;
    this.key = key;
  }

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

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }
}
