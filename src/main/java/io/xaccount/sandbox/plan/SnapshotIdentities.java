package io.xaccount.sandbox.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xaccount.operator.iam.Arns;
import io.xaccount.operator.iam.GrantPack;
import io.xaccount.operator.iam.GrantPackPlanner;
import io.xaccount.operator.reconciler.Ownership;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A manifest the plan applies stands for the resource of the same kind, namespace and name on the
 * real cluster. What IAM holds for that resource names it by uid (a role's {@code xaccount.io/uid}
 * tag, a grant's statement Sid {@code Grant<uid hex>}); a uid is per object, so the plan's copy has
 * another. This rewrites the snapshot so that those name the plan's copy: the role tagged for this
 * cluster's resource, and in the grant's pack the one statement of a live grant on the grant's
 * target role. Nothing else changes: entities of other clusters or resources are still refused as
 * Manage would.
 */
final class SnapshotIdentities {
  /** An applied resource as the plan's API holds it. */
  record Resource(String kind, String namespace, String name, String uid, JsonNode spec) {}

  private SnapshotIdentities() {}

  /** A copy of the snapshots with this cluster's resources' identities made the plan's. */
  static Map<String, JsonNode> standFor(
      Map<String, JsonNode> snapshots, List<Resource> resources, String cluster) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    snapshots.forEach((account, details) -> out.put(account, details.deepCopy()));
    for (Resource r : resources) {
      if (r.kind().equals("CrossAccountRole")) {
        out.values().forEach(details -> role(details, r, cluster));
      } else if (r.kind().equals("AssumeRoleGrant")) {
        targetArn(r, resources)
            .ifPresent(arn -> out.values().forEach(details -> grant(details, r, arn, cluster)));
      }
    }
    return out;
  }

  /** The hashes of the packs the grants among the resources use in this cluster. */
  static Set<String> packHashes(List<Resource> resources, String cluster) {
    Set<String> hashes = new TreeSet<>();
    resources.stream()
        .filter(r -> r.kind().equals("AssumeRoleGrant"))
        .forEach(r -> hashes.add(GrantPack.of(cluster, principals(r), r.namespace()).hash()));
    return hashes;
  }

  private static Map<String, List<String>> principals(Resource grant) {
    Map<String, List<String>> principals = new LinkedHashMap<>();
    for (String kind : List.of("user", "group", "role")) {
      List<String> names = new ArrayList<>();
      grant.spec().path("principals").path(kind + "s").forEach(n -> names.add(n.asText()));
      principals.put(kind, names);
    }
    return principals;
  }

  private static void role(JsonNode details, Resource r, String cluster) {
    for (JsonNode role : details.path("RoleDetailList")) {
      Map<String, ObjectNode> tags = new LinkedHashMap<>();
      role.path("Tags").forEach(t -> tags.put(t.path("Key").asText(), (ObjectNode) t));
      if (value(tags, Ownership.CLUSTER).equals(cluster)
          && value(tags, Ownership.KIND).equals("CrossAccountRole")
          && value(tags, Ownership.NAMESPACE).equals(r.namespace())
          && value(tags, Ownership.NAME).equals(r.name())
          && tags.containsKey(Ownership.UID)) {
        tags.get(Ownership.UID).put("Value", r.uid());
      }
    }
  }

  private static void grant(JsonNode details, Resource r, String targetArn, String cluster) {
    GrantPack pack = GrantPack.of(cluster, principals(r), r.namespace());
    List<ObjectNode> statements = new ArrayList<>();
    for (JsonNode policy : details.path("Policies")) {
      if (!pack.path().equals(policy.path("Path").asText())) {
        continue;
      }
      for (JsonNode version : policy.path("PolicyVersionList")) {
        for (JsonNode s : version.path("Document").path("Statement")) {
          if (s.isObject()) {
            statements.add((ObjectNode) s);
          }
        }
      }
    }
    Set<String> sids = new TreeSet<>();
    for (ObjectNode s : statements) {
      String sid = s.path("Sid").asText("");
      if (GrantPackPlanner.uidHex(sid).isPresent() && resources(s).contains(targetArn)) {
        sids.add(sid);
      }
    }
    if (sids.size() != 1) {
      return; // none, or several grants on that role in this pack: which one is this is unknown
    }
    String sid = sids.iterator().next();
    String renamed = GrantPackPlanner.sid(r.uid());
    statements.stream()
        .filter(s -> sid.equals(s.path("Sid").asText()))
        .forEach(s -> s.put("Sid", renamed));
  }

  private static Set<String> resources(JsonNode statement) {
    Set<String> out = new TreeSet<>();
    JsonNode resource = statement.path("Resource");
    if (resource.isArray()) {
      resource.forEach(v -> out.add(v.asText()));
    } else {
      out.add(resource.asText());
    }
    return out;
  }

  /** The role ARN a grant targets: its roleArn, or the ARN its roleRef's role has. */
  private static Optional<String> targetArn(Resource grant, List<Resource> resources) {
    JsonNode target = grant.spec().path("target");
    if (target.hasNonNull("roleArn")) {
      return Optional.of(target.get("roleArn").asText());
    }
    JsonNode ref = target.path("roleRef");
    String namespace = ref.path("namespace").asText(grant.namespace());
    Optional<Resource> role =
        find(resources, "CrossAccountRole", namespace, ref.path("name").asText());
    if (role.isEmpty()) {
      return Optional.empty();
    }
    JsonNode spec = role.get().spec();
    Optional<Resource> account =
        find(resources, "AwsAccount", null, spec.path("accountRef").asText());
    return account.map(
        a ->
            Arns.role(
                a.spec().path("partition").asText("aws"),
                a.spec().path("accountId").asText(),
                spec.path("path").asText("/"),
                spec.path("roleName").asText(role.get().name())));
  }

  private static Optional<Resource> find(
      List<Resource> resources, String kind, String namespace, String name) {
    return resources.stream()
        .filter(r -> r.kind().equals(kind) && r.name().equals(name))
        .filter(r -> namespace == null || namespace.equals(r.namespace()))
        .findFirst();
  }

  private static String value(Map<String, ObjectNode> tags, String key) {
    ObjectNode tag = tags.get(key);
    return tag == null ? "" : tag.path("Value").asText();
  }
}
