package io.xaccount.sandbox.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * A role's last use as the plan prints it, from {@code status.lastUsed}: what IAM recorded ({@code
 * RoleLastUsed}, the snapshot's with {@code --against-snapshot}), so that a reviewer sees whether
 * the role a change touches is in use. Nothing for a role that does not exist yet.
 */
final class LastUse {
  private LastUse() {}

  static Optional<String> of(JsonNode status) {
    JsonNode used = status.path("lastUsed");
    if (!used.isObject()) {
      return Optional.empty();
    }
    String line =
        used.hasNonNull("time")
            ? "last used " + used.get("time").asText() + in(used)
            : used.hasNonNull("roleCreated")
                ? "never used since its creation at "
                    + used.get("roleCreated").asText()
                    + " (IAM keeps 400 days)"
                : "never used (IAM keeps 400 days)";
    return Optional.of(
        used.hasNonNull("unusedLongerThan")
            ? line + "; unused for longer than " + used.get("unusedLongerThan").asText()
            : line);
  }

  private static String in(JsonNode used) {
    return used.hasNonNull("region") ? " in " + used.get("region").asText() : "";
  }
}
