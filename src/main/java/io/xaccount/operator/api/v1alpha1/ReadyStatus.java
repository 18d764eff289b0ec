package io.xaccount.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What every status of ours carries: the generation last acted on and the conditions list, of which
 * {@code Ready} is the one clients read (kstatus and Argo CD conventions).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class ReadyStatus {
  public static final String READY = "Ready";

  @JsonPropertyDescription(
      "The metadata.generation this status describes. A change has converged when it equals"
          + " metadata.generation and Ready is True.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Conditions of the resource; Ready (True/False/Unknown) with a reason from the documented"
          + " vocabulary and a message a person can act on.")
  @SchemaFrom(type = ConditionSchema[].class)
  private List<Condition> conditions = new ArrayList<>();

  /** The Ready condition, if one has been written. */
  @JsonIgnore
  public Optional<Condition> readyCondition() {
    return conditions == null
        ? Optional.empty()
        : conditions.stream().filter(c -> READY.equals(c.getType())).findFirst();
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }
}
