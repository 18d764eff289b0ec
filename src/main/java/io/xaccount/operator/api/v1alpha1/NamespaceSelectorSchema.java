package io.xaccount.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import java.util.List;
import java.util.Map;

/**
 * The CRD schema of {@link AllowedNamespaces#getSelector()}: Kubernetes' label selector, with
 * unknown keys kept at every level, as in the rest of an AwsAccount's spec, so that a misspelled
 * one reaches the operator (which refuses it) instead of being pruned: {@code matchExpressions:
 * [{key: team, operator: NotIn, value: [x]}]} pruned to an empty {@code values} would allow every
 * namespace. Only the schema: the operator reads Fabric8's {@code LabelSelector}.
 */
@PreserveUnknownFields
public class NamespaceSelectorSchema {
  @JsonPropertyDescription("Labels a namespace must all carry, with these values.")
  private Map<String, String> matchLabels;

  @JsonPropertyDescription("Requirements a namespace's labels must all meet.")
  private List<Requirement> matchExpressions;

  public Map<String, String> getMatchLabels() {
    return matchLabels;
  }

  public List<Requirement> getMatchExpressions() {
    return matchExpressions;
  }

  /** One requirement of a label selector. */
  @PreserveUnknownFields
  public static class Requirement {
    @JsonPropertyDescription("The label's key.")
    private String key;

    @JsonPropertyDescription("In, NotIn, Exists or DoesNotExist.")
    private String operator;

    @JsonPropertyDescription("The values for In and NotIn; empty for Exists and DoesNotExist.")
    private List<String> values;

    public String getKey() {
      return key;
    }

    public String getOperator() {
      return operator;
    }

    public List<String> getValues() {
      return values;
    }
  }
}
