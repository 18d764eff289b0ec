package io.xaccount.emulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An instance profile; IAM allows at most one role in it. */
final class InstanceProfileEntity {
  final String name;
  final String path;
  final String id;
  final String arn;
  final Instant created;
  final List<String> roleNames = new ArrayList<>();
  final Map<String, String> tags = Tags.map();

  InstanceProfileEntity(String accountId, String name, String path, String id, Instant created) {
    this.name = name;
    this.path = path;
    this.id = id;
    this.arn = "arn:aws:iam::" + accountId + ":instance-profile" + path + name;
    this.created = created;
  }
}
