package io.xaccount.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.ArrayList;
import java.util.List;

/** Namespaces whose resources may target an account. Empty means nobody. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@PreserveUnknownFields
public class AllowedNamespaces {
  @JsonPropertyDescription("Namespaces allowed by name.")
  @Size(max = 1000)
  private List<@Pattern(ApiConstants.K8S_NAME_PATTERN) @Size(max = 63) String> names =
      new ArrayList<>();

  @JsonPropertyDescription("Namespaces allowed by their labels.")
  @SchemaFrom(type = NamespaceSelectorSchema.class)
  private LabelSelector selector;

  public List<String> getNames() {
    return names;
  }

  public void setNames(List<String> names) {
    this.names = names;
  }

  public LabelSelector getSelector() {
    return selector;
  }

  public void setSelector(LabelSelector selector) {
    this.selector = selector;
  }
}
