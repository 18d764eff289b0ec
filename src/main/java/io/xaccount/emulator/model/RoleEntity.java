package io.xaccount.emulator.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * An IAM role; its trust policy is kept with principals already rewritten to unique IDs. It counts
 * as used when it is assumed ({@code RoleLastUsed}: when, and the region STS was called in).
 */
public final class RoleEntity extends Principal {
  public ObjectNode trustPolicy;
  public String description;
  public int maxSessionDuration = 3600;
  public Instant lastUsed;
  public String lastUsedRegion;

  RoleEntity(String accountId, String name, String path, String id, Instant created) {
    super(accountId, "role", name, path, id, created);
  }
}
