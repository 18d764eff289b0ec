package io.xaccount.emulator.model;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * State shared by IAM identities (roles, users, groups): name, path, unique ID, ARN, inline and
 * attached managed policies, tags and permissions boundary.
 */
public abstract class Principal {
  public final String accountId;
  public final String name;
  public final String path;
  public final String id;
  public final String arn;
  // Not final: a role loaded from a snapshot keeps the creation date the snapshot shows.
  public Instant created;
  public final Map<String, String> inlinePolicies = new LinkedHashMap<>();
  public final Set<String> attachedPolicies = new LinkedHashSet<>();
  public final Map<String, String> tags = Tags.map();
  public String boundaryArn;

  Principal(String accountId, String kind, String name, String path, String id, Instant created) {
    this.accountId = accountId;
    this.name = name;
    this.path = path;
    this.id = id;
    this.arn = "arn:aws:iam::" + accountId + ":" + kind + path + name;
    this.created = created;
  }
}
