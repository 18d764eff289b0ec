package io.xaccount.sandbox.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xaccount.operator.iam.DesiredRole;
import io.xaccount.operator.reconciler.Ownership;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What an {@code aws iam get-account-authorization-details} snapshot cannot tell, so that the plan
 * never shows it as a change: a role's description and maximum session duration are not in it, so a
 * role the manifests name is given theirs (and the plan says once, at the end, that those fields
 * were not compared); and owner tags naming another cluster for a manifest's own namespace and name
 * are a hint that {@code --cluster-name} is wrong, not a reason to choose another role name.
 */
final class SnapshotGaps {
  /** The fields of a role the snapshot format does not carry. */
  static final List<String> ROLE_FIELDS = List.of("Description", "MaxSessionDuration");

  private SnapshotGaps() {}

  /**
   * Fills what the snapshot lacks for the roles the manifests name, in place; returns the notes to
   * print: which fields were not compared, and each hint about the cluster name.
   */
  static List<String> fill(
      Map<String, JsonNode> snapshots,
      List<SnapshotIdentities.Resource> resources,
      String cluster) {
    List<String> notes = new ArrayList<>();
    TreeSet<String> filled = new TreeSet<>();
    for (SnapshotIdentities.Resource r : resources) {
      if (!r.kind().equals("CrossAccountRole")) {
        continue;
      }
      accountOf(r, resources)
          .map(snapshots::get)
          .flatMap(details -> roleNamed(details, roleName(r)))
          .ifPresent(
              role -> {
                if (fillFields(role, r.spec())) {
                  filled.add(r.namespace() + "/" + r.name());
                }
                otherCluster(role, r, cluster).ifPresent(notes::add);
              });
    }
    if (!filled.isEmpty()) {
      notes.add(
          0,
          ("Not compared: %s of %d existing role(s) (%s): an authorization-details snapshot does"
                  + " not carry them, so the plan takes them as the manifests give them")
              .formatted(
                  String.join(" and ", ROLE_FIELDS), filled.size(), String.join(", ", filled)));
    }
    return notes;
  }

  private static boolean fillFields(ObjectNode role, JsonNode spec) {
    boolean any = false;
    if (!role.has("Description")) {
      role.put("Description", spec.path("description").asText(""));
      any = true;
    }
    if (!role.has("MaxSessionDuration")) {
      role.put(
          "MaxSessionDuration",
          spec.path("maxSessionDuration").asInt(DesiredRole.DEFAULT_MAX_SESSION_DURATION));
      any = true;
    }
    return any;
  }

  /** A hint when the role's owner tags name this very resource, but of another cluster. */
  private static Optional<String> otherCluster(
      JsonNode role, SnapshotIdentities.Resource r, String cluster) {
    String owner = tag(role, Ownership.CLUSTER);
    if (owner.isEmpty()
        || owner.equals(cluster)
        || !tag(role, Ownership.KIND).equals("CrossAccountRole")
        || !tag(role, Ownership.NAMESPACE).equals(r.namespace())
        || !tag(role, Ownership.NAME).equals(r.name())) {
      return Optional.empty();
    }
    return Optional.of(
        ("Hint: the role %s is tagged for CrossAccountRole %s/%s of cluster %s, while this plan"
                + " runs as cluster %s: --cluster-name may be wrong (set it to the"
                + " xaccount.operator.cluster-name of the cluster that applies these manifests)"
                + " rather than spec.roleName")
            .formatted(role.path("RoleName").asText(), r.namespace(), r.name(), owner, cluster));
  }

  private static String tag(JsonNode role, String key) {
    for (JsonNode t : role.path("Tags")) {
      if (key.equals(t.path("Key").asText())) {
        return t.path("Value").asText();
      }
    }
    return "";
  }

  private static Optional<ObjectNode> roleNamed(JsonNode details, String name) {
    for (JsonNode role : details.path("RoleDetailList")) {
      if (role.path("RoleName").asText().equalsIgnoreCase(name) && role instanceof ObjectNode o) {
        return Optional.of(o);
      }
    }
    return Optional.empty();
  }

  private static String roleName(SnapshotIdentities.Resource r) {
    String name = r.spec().path("roleName").asText("");
    return name.isEmpty() || r.spec().path("roleName").isNull() ? r.name() : name;
  }

  private static Optional<String> accountOf(
      SnapshotIdentities.Resource role, List<SnapshotIdentities.Resource> resources) {
    String ref = role.spec().path("accountRef").asText();
    return resources.stream()
        .filter(a -> a.kind().equals("AwsAccount") && a.name().equals(ref))
        .map(a -> a.spec().path("accountId").asText())
        .findFirst();
  }
}
