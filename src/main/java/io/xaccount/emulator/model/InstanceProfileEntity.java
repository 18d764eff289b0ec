package io.xaccount.emulator.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An instance profile; IAM allows at most one role in it. */
public final class InstanceProfileEntity {
  public final String name;
  public final String path;
  public final String id;
  public final String arn;
  public final Instant created;
  public final List<String> roleNames = new ArrayList<>();
  public final Map<String, String> tags = Tags.map();

  public InstanceProfileEntity(
      String accountId, String name, String path, String id, Instant created) {
    this.name = name;
    this.path = path;
    this.id = id;
    this.arn = "arn:aws:iam::" + accountId + ":instance-profile" + path + name;
    this.created = created;
  }
}
