package io.xaccount.emulator.model;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A managed policy (customer or AWS managed) with its stored versions. */
public final class PolicyEntity {
  /** One stored version of a managed policy document (compact JSON, not yet URL-encoded). */
  public record Version(String id, String document, Instant created) {}

  public final String name;
  public final String path;
  public final String id;
  public final String arn;
  public final Instant created;
  public final String description;
  public final boolean awsManaged;
  public final Map<String, Version> versions = new LinkedHashMap<>();
  public final Map<String, String> tags = Tags.map();
  public String defaultVersionId;
  public Instant updated;
  int nextVersion = 1;

  PolicyEntity(
      String arn,
      String name,
      String path,
      String id,
      Instant created,
      String description,
      boolean awsManaged) {
    this.arn = arn;
    this.name = name;
    this.path = path;
    this.id = id;
    this.created = created;
    this.updated = created;
    this.description = description;
    this.awsManaged = awsManaged;
  }

  public Version defaultVersion() {
    return versions.get(defaultVersionId);
  }

  public Version addVersion(String document, Instant at) {
    Version v = new Version("v" + nextVersion++, document, at);
    versions.put(v.id(), v);
    updated = at;
    return v;
  }
}
