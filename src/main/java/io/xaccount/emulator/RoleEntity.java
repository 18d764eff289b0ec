package io.xaccount.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * An IAM role; its trust policy is kept with principals already rewritten to unique IDs. It counts
 * as used when it is assumed ({@code RoleLastUsed}: when, and the region STS was called in).
 */
final class RoleEntity extends Principal {
  ObjectNode trustPolicy;
  String description;
  int maxSessionDuration = 3600;
  Instant lastUsed;
  String lastUsedRegion;

  RoleEntity(String accountId, String name, String path, String id, Instant created) {
    super(accountId, "role", name, path, id, created);
  }
}
