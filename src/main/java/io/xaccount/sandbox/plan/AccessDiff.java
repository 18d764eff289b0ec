package io.xaccount.sandbox.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.xaccount.operator.iam.GrantPack;
import io.xaccount.operator.iam.Wildcards;
import io.xaccount.sandbox.Observed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who gains and who loses {@code sts:AssumeRole} on which role with the plan: for each
 * AssumeRoleGrant of the manifests, its principals on its target role; for each CrossAccountRole,
 * the accounts and principals its trust lets in. Before is what the snapshot holds for those very
 * resources (the principals attached to the grant's pack with a statement on that role; the role's
 * trust as it stands), after is what the plan's resources report; both sides are limited to what
 * the manifests manage, so a policy made by hand elsewhere is neither a gain nor a loss. Without a
 * snapshot, before is empty: every path is new.
 */
final class AccessDiff {
  /**
   * One path to a role.
   *
   * @param principal {@code group/developers}, {@code user/alice}, {@code role/Deployer}, or {@code
   *     account} for a whole account a trust lets in
   * @param account the principal's account
   * @param role the role's ARN
   * @param through the resource that makes the path: {@code AssumeRoleGrant ns/name} or {@code
   *     CrossAccountRole ns/name}
   */
  record Path(String principal, String account, String role, String through)
      implements Comparable<Path> {
    /** IAM names compare without regard to case: Developers in a spec is IAM's developers. */
    String key() {
      return account + " " + principal.toLowerCase(java.util.Locale.ROOT) + " " + role;
    }

    @Override
    public int compareTo(Path other) {
      return (role + " " + key()).compareTo(other.role() + " " + other.key());
    }
  }

  private final List<Path> gains;
  private final List<Path> losses;

  AccessDiff(List<Path> gains, List<Path> losses) {
    this.gains = List.copyOf(gains);
    this.losses = List.copyOf(losses);
  }

  static final AccessDiff NONE = new AccessDiff(List.of(), List.of());

  List<Path> gains() {
    return gains;
  }

  List<Path> losses() {
    return losses;
  }

  boolean isEmpty() {
    return gains.isEmpty() && losses.isEmpty();
  }

  /**
   * The diff of the planned resources against the snapshots (account ID to authorization details,
   * as loaded into the plan's emulator).
   *
   * @param accountIds the account ID of each AwsAccount of the manifests, by name
   */
  static AccessDiff of(
      List<Observed> resources,
      Map<String, JsonNode> snapshots,
      Map<String, String> accountIds,
      String cluster) {
    Map<String, Path> before = new TreeMap<>();
    Map<String, Path> after = new TreeMap<>();
    for (Observed o : resources) {
      if (o.spec() == null || !o.isReady()) {
        continue;
      }
      String through = o.applied().kind() + " " + o.applied().namespacedName();
      if (o.applied().kind().equals("AssumeRoleGrant")) {
        grant(o, through, snapshots, accountIds, cluster, before, after);
      } else if (o.applied().kind().equals("CrossAccountRole")) {
        role(o, through, snapshots, accountIds, before, after);
      }
    }
    List<Path> gains = new ArrayList<>();
    List<Path> losses = new ArrayList<>();
    after.forEach(
        (k, p) -> {
          if (!before.containsKey(k)) {
            gains.add(p);
          }
        });
    before.forEach(
        (k, p) -> {
          if (!after.containsKey(k)) {
            losses.add(p);
          }
        });
    gains.sort(null);
    losses.sort(null);
    return new AccessDiff(gains, losses);
  }

  private static void grant(
      Observed o,
      String through,
      Map<String, JsonNode> snapshots,
      Map<String, String> accountIds,
      String cluster,
      Map<String, Path> before,
      Map<String, Path> after) {
    String account = accountIds.get(o.spec().path("accountRef").asText());
    String role = o.statusText("roleArn");
    if (account == null || role.isEmpty()) {
      return;
    }
    Map<String, List<String>> principals = principals(o.spec());
    String phase = o.statusText("phase");
    if (!phase.equals("Expired")) {
      principals.forEach(
          (kind, names) ->
              names.forEach(n -> put(after, new Path(kind + "/" + n, account, role, through))));
    }
    JsonNode details = snapshots.get(account);
    if (details == null) {
      return;
    }
    GrantPack pack = GrantPack.of(cluster, principals, o.applied().namespace());
    for (String slot : slotsReaching(details, pack, role)) {
      attachedTo(details, slot).forEach(p -> put(before, new Path(p, account, role, through)));
    }
  }

  private static void role(
      Observed o,
      String through,
      Map<String, JsonNode> snapshots,
      Map<String, String> accountIds,
      Map<String, Path> before,
      Map<String, Path> after) {
    String role = o.statusText("roleArn");
    if (role.isEmpty()) {
      return;
    }
    JsonNode trust = o.status().path("access").path("trust");
    trust
        .path("accountIds")
        .forEach(a -> put(after, new Path("account", a.asText(), role, through)));
    String account = accountIds.get(o.spec().path("accountRef").asText());
    JsonNode details = account == null ? null : snapshots.get(account);
    if (details == null) {
      return;
    }
    String name = role.substring(role.lastIndexOf('/') + 1);
    for (JsonNode r : details.path("RoleDetailList")) {
      if (r.path("RoleName").asText().equalsIgnoreCase(name)) {
        for (String a : trustedAccounts(r.path("AssumeRolePolicyDocument"))) {
          put(before, new Path("account", a, role, through));
        }
      }
    }
  }

  /** The slots of the pack holding an Allow of sts:AssumeRole on the role. */
  private static Set<String> slotsReaching(JsonNode details, GrantPack pack, String role) {
    Set<String> slots = new TreeSet<>();
    for (JsonNode policy : details.path("Policies")) {
      if (!pack.path().equals(policy.path("Path").asText())) {
        continue;
      }
      for (JsonNode version : policy.path("PolicyVersionList")) {
        if (!version.path("IsDefaultVersion").asBoolean(true)) {
          continue;
        }
        for (JsonNode s : items(version.path("Document").path("Statement"))) {
          if ("Allow".equals(s.path("Effect").asText())
              && items(s.path("Resource")).stream()
                  .anyMatch(r -> Wildcards.matches(r.asText(), role, false))) {
            slots.add(policy.path("Arn").asText());
          }
        }
      }
    }
    return slots;
  }

  /** {@code kind/name} of the users, groups and roles the policy is attached to. */
  private static List<String> attachedTo(JsonNode details, String policyArn) {
    List<String> out = new ArrayList<>();
    for (String[] list :
        List.of(
            new String[] {"UserDetailList", "user", "UserName"},
            new String[] {"GroupDetailList", "group", "GroupName"},
            new String[] {"RoleDetailList", "role", "RoleName"})) {
      for (JsonNode entity : details.path(list[0])) {
        for (JsonNode attached : entity.path("AttachedManagedPolicies")) {
          if (policyArn.equals(attached.path("PolicyArn").asText())) {
            out.add(list[1] + "/" + entity.path(list[2]).asText());
          }
        }
      }
    }
    return out;
  }

  /** The accounts a trust policy lets in as a whole (their root or bare ID). */
  private static Set<String> trustedAccounts(JsonNode document) {
    Set<String> accounts = new TreeSet<>();
    for (JsonNode s : items(document.path("Statement"))) {
      if (!"Allow".equals(s.path("Effect").asText())) {
        continue;
      }
      for (JsonNode p : items(s.path("Principal").path("AWS"))) {
        String value = p.asText();
        if (value.matches("\\d{12}")) {
          accounts.add(value);
        } else if (value.matches("arn:[^:]+:iam::\\d{12}:root")) {
          accounts.add(value.split(":")[4]);
        }
      }
    }
    return accounts;
  }

  private static Map<String, List<String>> principals(JsonNode spec) {
    Map<String, List<String>> principals = new LinkedHashMap<>();
    for (String kind : List.of("user", "group", "role")) {
      List<String> names = new ArrayList<>();
      spec.path("principals").path(kind + "s").forEach(n -> names.add(n.asText()));
      principals.put(kind, names);
    }
    return principals;
  }

  private static List<JsonNode> items(JsonNode node) {
    List<JsonNode> out = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(out::add);
    } else if (!node.isMissingNode() && !node.isNull()) {
      out.add(node);
    }
    return out;
  }

  private static void put(Map<String, Path> paths, Path path) {
    paths.putIfAbsent(path.key(), path);
  }
}
