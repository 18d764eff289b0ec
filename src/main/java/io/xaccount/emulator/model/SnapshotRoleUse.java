package io.xaccount.emulator.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * What a snapshot says of a role's creation and last use ({@code CreateDate}, {@code
 * RoleLastUsed}), kept so that GetRole and GetAccountAuthorizationDetails report them as the real
 * account did: a plan against a snapshot shows when each role was last used.
 */
final class SnapshotRoleUse {
  private SnapshotRoleUse() {}

  static void restore(RoleEntity role, JsonNode detail) {
    Instant created = date(detail.path("CreateDate"));
    if (created != null) {
      role.created = created;
    }
    JsonNode used = detail.path("RoleLastUsed");
    Instant lastUsed = date(used.path("LastUsedDate"));
    if (lastUsed != null) {
      role.lastUsed = lastUsed;
      role.lastUsedRegion = used.hasNonNull("Region") ? used.get("Region").asText() : null;
    }
  }

  /** A date as the CLI prints it ({@code 2030-01-31T09:00:00+00:00}), null when there is none. */
  private static Instant date(JsonNode node) {
    if (!node.isTextual()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(node.asText()).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
