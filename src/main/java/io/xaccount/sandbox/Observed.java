package io.xaccount.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Set;

/**
 * An applied resource as last read back: its spec (for what it depends on), its Ready condition,
 * ARN, switch-role link and, for a grant, its phase and expiry.
 */
public record Observed(Applied applied, Long generation, JsonNode spec, JsonNode status) {
  static final Set<String> TERMINAL_REASONS =
      Set.of("InvalidSpec", "Forbidden", "NameConflict", "AccountMismatch", "LimitExceeded");

  static Observed of(Applied applied, GenericKubernetesResource resource) {
    if (resource == null) {
      return new Observed(applied, null, null, null);
    }
    return new Observed(
        applied,
        resource.getMetadata().getGeneration(),
        tree(resource.getAdditionalProperties().get("spec")),
        tree(resource.getAdditionalProperties().get("status")));
  }

  private static JsonNode tree(Object value) {
    return value == null ? null : Serialization.jsonMapper().valueToTree(value);
  }

  boolean exists() {
    return generation != null || status != null;
  }

  /** The Ready condition, if the operator has written one for the current generation. */
  JsonNode ready() {
    if (status == null) {
      return null;
    }
    for (JsonNode condition : status.path("conditions")) {
      if ("Ready".equals(condition.path("type").asText())) {
        JsonNode observed = condition.get("observedGeneration");
        boolean current = observed == null || generation == null || observed.asLong() == generation;
        return current ? condition : null;
      }
    }
    return null;
  }

  public boolean isReady() {
    return !applied.hasReadyCondition()
        || (ready() != null && "True".equals(ready().path("status").asText()));
  }

  boolean isTerminal() {
    JsonNode ready = ready();
    return ready != null
        && "False".equals(ready.path("status").asText())
        && TERMINAL_REASONS.contains(ready.path("reason").asText());
  }

  String readyText() {
    if (!applied.hasReadyCondition()) {
      return "-";
    }
    return ready() == null ? "Unknown" : ready().path("status").asText();
  }

  public String reason() {
    return ready() == null ? "" : ready().path("reason").asText("");
  }

  public String message() {
    return ready() == null ? "" : ready().path("message").asText("");
  }

  /** The ARN the resource reports: a grant's policy, a role, an account's caller. */
  public String arn() {
    if (status == null) {
      return "";
    }
    for (String field : new String[] {"policyArn", "roleArn", "callerArn"}) {
      if (status.hasNonNull(field)) {
        return status.get(field).asText();
      }
    }
    return "";
  }

  /** A top-level text field of the status (a grant's phase, expiresAt), empty when absent. */
  public String statusText(String field) {
    return status == null ? "" : status.path(field).asText("");
  }

  String switchRoleUrl() {
    return status == null ? "" : status.path("switchRoleUrl").asText("");
  }
}
