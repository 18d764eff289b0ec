package io.xaccount.emulator.model;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** An IAM user and the groups it belongs to. */
public final class UserEntity extends Principal {
  public final Set<String> groups = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

  /** Access key IDs and when each was created, in creation order. */
  public final Map<String, Instant> accessKeys = new LinkedHashMap<>();

  UserEntity(String accountId, String name, String path, String id, Instant created) {
    super(accountId, "user", name, path, id, created);
  }
}
