package io.xaccount.sandbox.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xaccount.emulator.IamEmulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The chaos run's resources over three accounts, in the shapes users write: every role carries
 * ReadOnlyAccess and trusts the next account; every third requires MFA, every fifth an ExternalId,
 * every other has an inline deny, every fourth a second managed policy and the path {@code
 * /chaos/}, every seventh is {@code Retain}; each grant, in its role's trusted account, reaches a
 * group (eight grants per group). Besides them, resources that collide with the decoys and must end
 * {@code NameConflict}. Roles and grants are JSON, as a manifest would be.
 */
final class ChaosWorkload {
  static final String NAMESPACE = "chaos";
  static final String EXTERNAL_ID_SECRET = "chaos-external-id";
  static final List<String> ACCOUNTS = List.of("111111111111", "123456789012", "200000000002");
  static final int GRANTS_PER_GROUP = 8;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One resource to apply and the Ready reasons it may truthfully end with. */
  record Planned(String kind, String namespace, String name, ObjectNode object, Set<String> ends) {
    String key() {
      return kind + " " + namespace + "/" + name;
    }
  }

  final int roles;
  final int grants;
  final int collisions;

  /** {@code resources} in all: roles, grants (at most one per role) and the colliding ones. */
  ChaosWorkload(int resources) {
    this.collisions = Math.max(2, resources / 50);
    int rest = resources - collisions;
    this.roles = (rest * 3 + 4) / 5;
    this.grants = rest - roles;
  }

  static String accountName(int a) {
    return "chaos-a" + a;
  }

  static String roleName(int i) {
    return "ChaosRole" + i;
  }

  /** Untagged roles that exist before the run, named as collision resources ask. */
  String takenRoleName(int k) {
    return "ChaosTaken" + k;
  }

  /** Roles tagged as another cluster's, named as collision resources ask. */
  String foreignRoleName(int k) {
    return "ChaosForeign" + k;
  }

  static int accountOf(int i) {
    return i % ACCOUNTS.size();
  }

  static int trustedOf(int i) {
    return (i + 1) % ACCOUNTS.size();
  }

  /** The group grant {@code j} reaches in its account. */
  static String groupOf(int j) {
    return "chaos-g" + (j / ACCOUNTS.size()) / GRANTS_PER_GROUP;
  }

  /** The groups the grants reach (at least {@code chaos-g0} everywhere), made by an admin. */
  void createGroups(IamEmulator emulator) {
    for (int a = 0; a < ACCOUNTS.size(); a++) {
      int groups = 1;
      for (int j = 0; j < grants; j++) {
        if (trustedOf(j) == a) {
          groups = Math.max(groups, Integer.parseInt(groupOf(j).substring("chaos-g".length())) + 1);
        }
      }
      for (int g = 0; g < groups; g++) {
        emulator.account(ACCOUNTS.get(a)).createGroup("chaos-g" + g);
      }
    }
  }

  List<Planned> all() {
    List<Planned> all = new ArrayList<>();
    for (int i = 0; i < roles; i++) {
      all.add(
          new Planned("CrossAccountRole", NAMESPACE, "role-" + i, role(i), Set.of("Converged")));
    }
    for (int j = 0; j < grants; j++) {
      all.add(
          new Planned("AssumeRoleGrant", NAMESPACE, "grant-" + j, grant(j), Set.of("Converged")));
    }
    for (int k = 0; k < collisions; k++) {
      String name = (k % 2 == 0 ? "taken-" : "foreign-") + k;
      String roleName = k % 2 == 0 ? takenRoleName(k) : foreignRoleName(k);
      ObjectNode role = role(k);
      role.with("metadata").put("name", name);
      role.with("spec").put("roleName", roleName).remove("deletionPolicy");
      all.add(new Planned("CrossAccountRole", NAMESPACE, name, role, Set.of("NameConflict")));
    }
    return all;
  }

  ObjectNode role(int i) {
    ObjectNode role = object("CrossAccountRole", "role-" + i);
    ObjectNode spec = role.putObject("spec");
    spec.put("accountRef", accountName(accountOf(i)));
    spec.put("roleName", roleName(i));
    if (i % 4 == 0) {
      spec.put("path", "/chaos/");
    }
    spec.put("description", "Chaos role " + i);
    if (i % 6 == 0) {
      spec.put("maxSessionDuration", 7200);
    }
    ObjectNode trust = spec.putObject("trust");
    trust.putArray("accountIds").add(ACCOUNTS.get(trustedOf(i)));
    if (i % 9 == 4 && !deletesRole(i + 1) && i + 1 < roles) {
      // A role created in the same wave: IAM takes a while before it is a valid principal.
      String path = (i + 1) % 4 == 0 ? "chaos/" : "";
      trust
          .putArray("principalArns")
          .add(
              "arn:aws:iam::" + ACCOUNTS.get(accountOf(i + 1)) + ":role/" + path + roleName(i + 1));
    }
    trust.put("requireMfa", i % 3 == 0);
    if (i % 5 == 1) {
      trust
          .putObject("externalIdSecretRef")
          .put("name", EXTERNAL_ID_SECRET)
          .put("key", "externalId");
    }
    ArrayNode managed = spec.putArray("managedPolicyArns");
    managed.add("arn:aws:iam::aws:policy/ReadOnlyAccess");
    if (i % 4 == 1) {
      managed.add("arn:aws:iam::aws:policy/job-function/ViewOnlyAccess");
    }
    if (i % 2 == 0) {
      spec.putArray("inlinePolicies").add(inline("deny-billing", "aws-portal:*"));
    }
    spec.putObject("tags").put("team", "chaos");
    spec.put("deletionPolicy", i % 7 == 3 ? "Retain" : "Delete");
    return role;
  }

  ObjectNode grant(int j) {
    ObjectNode grant = object("AssumeRoleGrant", "grant-" + j);
    ObjectNode spec = grant.putObject("spec");
    spec.put("accountRef", accountName(trustedOf(j)));
    spec.putObject("target").putObject("roleRef").put("name", "role-" + j);
    spec.putObject("principals").putArray("groups").add(groupOf(j));
    spec.put("requireMfa", j % 3 == 0);
    spec.put("deletionPolicy", j % 12 == 4 ? "Retain" : "Delete");
    return grant;
  }

  /** The change wave: whether role {@code i} changes, and how. */
  static boolean changesRole(int i) {
    return i % 5 == 2;
  }

  static void changeRole(ObjectNode spec, int i, int wave) {
    spec.putArray("inlinePolicies")
        .add(inline("deny-billing", "aws-portal:*", "budgets:*"))
        .add(inline("deny-wave-" + wave, "cur:*"));
    spec.with("tags").put("wave", String.valueOf(wave));
    spec.with("trust").withArray("accountIds").removeAll();
    // Still the grant's account, and one more.
    spec.with("trust")
        .withArray("accountIds")
        .add(ACCOUNTS.get(trustedOf(i)))
        .add(ACCOUNTS.get(accountOf(i + 2)));
  }

  static boolean changesGrant(int j) {
    return j % 5 == 2;
  }

  static void changeGrant(ObjectNode spec) {
    spec.put("requireMfa", !spec.path("requireMfa").asBoolean());
  }

  /** The delete wave: every fourth role with its grant, and every sixth grant on its own. */
  static boolean deletesRole(int i) {
    return i % 4 == 3;
  }

  static boolean deletesGrant(int j) {
    return deletesRole(j) || j % 6 == 4;
  }

  static ObjectNode inline(String name, String... denied) {
    ObjectNode policy = JSON.createObjectNode().put("name", name);
    ObjectNode statement =
        policy.putObject("document").put("Version", "2012-10-17").putArray("Statement").addObject();
    statement.put("Effect", "Deny");
    ArrayNode actions = statement.putArray("Action");
    for (String action : denied) {
      actions.add(action);
    }
    statement.put("Resource", "*");
    return policy;
  }

  static ObjectNode object(String kind, String name) {
    ObjectNode object = JSON.createObjectNode();
    object.put("apiVersion", "xaccount.io/v1alpha1").put("kind", kind);
    object.putObject("metadata").put("name", name).put("namespace", NAMESPACE);
    return object;
  }
}
