package io.xaccount.emulator.model;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/** An IAM group and its member user names. */
public final class GroupEntity extends Principal {
  public final Set<String> members = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

  GroupEntity(String accountId, String name, String path, String id, Instant created) {
    super(accountId, "group", name, path, id, created);
  }
}
