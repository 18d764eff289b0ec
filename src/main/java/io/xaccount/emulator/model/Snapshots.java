package io.xaccount.emulator.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loads an account's IAM from {@code aws iam get-account-authorization-details} output (the shape
 * {@code AuthorizationDetails.json} writes): customer managed policies (their default version),
 * groups, users (with their groups), roles (trust, inline and attached policies, boundary, tags,
 * creation and last use), each through the same validation as the API. What that output does not
 * carry stays at IAM's defaults: a role's description and maximum session duration, a policy's tags
 * (unless the entry names {@code Description}, {@code MaxSessionDuration}, {@code Tags}). Inline
 * policies of roles, users and groups are loaded. A role or policy that already exists (the
 * operator's own) or that IAM would refuse is left out and reported; a user or group that already
 * exists (the sandbox's people) gets the snapshot's attachments and group memberships.
 */
public final class Snapshots {
  private Snapshots() {}

  /** Loads {@code details} into the account; returns one line per entity left out, and why. */
  public static List<String> load(AccountState a, JsonNode details) {
    List<String> skipped = new ArrayList<>();
    for (JsonNode p : details.path("Policies")) {
      String arn = p.path("Arn").asText();
      if (!arn.startsWith("arn:aws:iam::" + a.accountId + ":")) {
        continue; // AWS managed: the emulator has AWS's own
      }
      each(
          skipped,
          "policy " + arn,
          () -> a.customerPolicies.containsKey(p.path("PolicyName").asText()),
          () -> {
            String document = defaultDocument(p);
            ManagedPolicies.create(
                a,
                p.path("PolicyName").asText(),
                p.path("Path").asText("/"),
                document,
                p.hasNonNull("Description") ? p.get("Description").asText() : null,
                tags(p));
          });
    }
    for (JsonNode g : details.path("GroupDetailList")) {
      String name = g.path("GroupName").asText();
      each(
          skipped,
          "group " + name,
          () -> {
            // A group that exists already (the sandbox's people) still gets what is attached.
            GroupEntity group =
                a.groups.containsKey(name)
                    ? a.group(name)
                    : Users.createGroup(a, name, g.path("Path").asText("/"));
            attachAll(a, group, g, 10, "PoliciesPerGroup");
            inline(group, g.path("GroupPolicyList"));
          });
    }
    for (JsonNode u : details.path("UserDetailList")) {
      String name = u.path("UserName").asText();
      each(
          skipped,
          "user " + name,
          () -> {
            UserEntity user =
                a.users.containsKey(name)
                    ? a.user(name)
                    : Users.createUser(a, name, u.path("Path").asText("/"), tags(u));
            for (JsonNode group : u.path("GroupList")) {
              if (a.groups.containsKey(group.asText()) && !user.groups.contains(group.asText())) {
                Users.addUserToGroup(a, group.asText(), name);
              }
            }
            attachAll(a, user, u, a.managedPoliciesPerUser, "PoliciesPerUser");
            inline(user, u.path("UserPolicyList"));
          });
    }
    for (JsonNode r : details.path("RoleDetailList")) {
      String name = r.path("RoleName").asText();
      each(
          skipped,
          "role " + name,
          () -> a.roles.containsKey(name),
          () -> {
            RoleEntity role =
                Roles.create(
                    a,
                    name,
                    r.path("Path").asText("/"),
                    r.path("AssumeRolePolicyDocument").toString(),
                    r.hasNonNull("Description") ? r.get("Description").asText() : null,
                    r.hasNonNull("MaxSessionDuration") ? r.get("MaxSessionDuration").asInt() : null,
                    tags(r));
            inline(role, r.path("RolePolicyList"));
            attachAll(a, role, r, a.managedPoliciesPerRole, "PoliciesPerRole");
            SnapshotRoleUse.restore(role, r);
            String boundary =
                r.path("PermissionsBoundary").path("PermissionsBoundaryArn").asText("");
            if (!boundary.isEmpty()) {
              role.boundaryArn = a.policy(boundary).arn;
            }
          });
    }
    return skipped;
  }

  private interface Exists {
    boolean get();
  }

  private static void each(List<String> skipped, String what, Exists exists, Runnable load) {
    if (exists.get()) {
      skipped.add(what + ": already in the emulator, kept as it is");
      return;
    }
    each(skipped, what, load);
  }

  private static void each(List<String> skipped, String what, Runnable load) {
    try {
      load.run();
    } catch (IamError e) {
      skipped.add(what + ": " + e.getMessage());
    }
  }

  private static void attachAll(
      AccountState a, Principal p, JsonNode entry, int quota, String quotaName) {
    for (JsonNode attached : entry.path("AttachedManagedPolicies")) {
      String arn = attached.path("PolicyArn").asText();
      if (!p.attachedPolicies.contains(arn)) {
        Attachments.attach(a, p, arn, quota, quotaName);
      }
    }
  }

  private static void inline(Principal p, JsonNode policies) {
    for (JsonNode inline : policies) {
      InlinePolicies.put(
          p, inline.path("PolicyName").asText(), inline.path("PolicyDocument").toString());
    }
  }

  private static Map<String, String> tags(JsonNode entry) {
    Map<String, String> tags = Tags.map();
    entry.path("Tags").forEach(t -> tags.put(t.path("Key").asText(), t.path("Value").asText()));
    return tags;
  }

  private static String defaultDocument(JsonNode policy) {
    for (JsonNode version : policy.path("PolicyVersionList")) {
      if (version.path("IsDefaultVersion").asBoolean()) {
        JsonNode document = version.path("Document");
        return document.isTextual() ? document.asText() : document.toString();
      }
    }
    throw IamError.invalidInput("the policy has no default version in the snapshot");
  }
}
