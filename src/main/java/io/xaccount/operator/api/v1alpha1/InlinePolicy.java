package io.xaccount.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** An inline policy embedded in the role, written as a YAML object. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class InlinePolicy {
  @JsonPropertyDescription("Policy name (1-128 characters of [\\w+=,.@-]).")
  @Required
  @Pattern("^[\\w+=,.@-]{1,128}$")
  @Size(max = 128)
  private String name;

  @JsonPropertyDescription(
      "The IAM policy document as an object (Version, Statement), not a JSON string.")
  @Required
  @PreserveUnknownFields
  private JsonNode document;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public JsonNode getDocument() {
    return document;
  }

  public void setDocument(JsonNode document) {
    this.document = document;
  }
}
