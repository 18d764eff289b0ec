package io.xaccount.sandbox.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.xaccount.emulator.IamEmulator;
import io.xaccount.operator.iam.GrantPack;
import io.xaccount.operator.reconciler.Ownership;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * What exists in the accounts before the operator arrives and must come out of the run
 * byte-for-byte unchanged: untagged roles whose names the collision resources ask for, roles tagged
 * as another cluster's (even naming a resource of ours by namespace and name), and customer managed
 * policies under the operator's own path, untagged or another cluster's, attached to the groups our
 * grants reach, two of them named as the slots of a grant pack of ours will be.
 */
final class ChaosDecoys {
  /** A decoy: a role or policy by name in an account. */
  record Decoy(String account, String type, String name) {
    @Override
    public String toString() {
      return type + " " + name + " in " + account;
    }
  }

  private static final String DENY =
      """
      {"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"aws-portal:*","Resource":"*"}]}""";

  private final List<Decoy> decoys = new ArrayList<>();

  List<Decoy> decoys() {
    return List.copyOf(decoys);
  }

  /**
   * Plants the decoys; {@code ourCluster} is the operator's cluster identity (the decoys take names
   * its grant packs will ask for), {@code foreignCluster} the other cluster's in tags.
   */
  void plant(AdminIam admin, ChaosWorkload workload, String ourCluster, String foreignCluster) {
    List<String> accounts = ChaosWorkload.ACCOUNTS;
    for (int k = 0; k < workload.collisions; k++) {
      String account = accounts.get(ChaosWorkload.accountOf(k));
      String trust = trust(accounts.get(ChaosWorkload.trustedOf(k)));
      boolean foreign = k % 2 == 1;
      String name = foreign ? workload.foreignRoleName(k) : workload.takenRoleName(k);
      List<Tag> tags =
          foreign
              ? foreignTags(foreignCluster, "CrossAccountRole", "foreign-" + k)
              : List.of(Tag.builder().key("owner").value("someone-else").build());
      var iam = admin.in(account);
      iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(trust).tags(tags));
      iam.attachRolePolicy(
          r -> r.roleName(name).policyArn("arn:aws:iam::aws:policy/ReadOnlyAccess"));
      iam.putRolePolicy(r -> r.roleName(name).policyName("keep").policyDocument(DENY));
      decoys.add(new Decoy(account, "role", name));
    }
    for (String account : accounts) {
      var iam = admin.in(account);
      String untagged =
          iam.createPolicy(
                  p ->
                      p.policyName("chaos.decoy.00000000")
                          .path("/xaccount/chaos/")
                          .policyDocument(DENY))
              .policy()
              .arn();
      String foreign =
          iam.createPolicy(
                  p ->
                      p.policyName("chaos.grant-0.11111111")
                          .path("/xaccount/chaos/")
                          .policyDocument(DENY)
                          .tags(foreignTags(foreignCluster, "AssumeRoleGrant", "grant-0")))
              .policy()
              .arn();
      iam.attachGroupPolicy(g -> g.groupName(ChaosWorkload.groupOf(0)).policyArn(untagged));
      iam.attachGroupPolicy(g -> g.groupName(ChaosWorkload.groupOf(0)).policyArn(foreign));
      decoys.add(new Decoy(account, "policy", "chaos.decoy.00000000"));
      decoys.add(new Decoy(account, "policy", "chaos.grant-0.11111111"));
      // The first two slots of the pack our grants to chaos-g0 will use, taken before we come:
      // one untagged, one another cluster's; the operator must place its statements elsewhere.
      GrantPack pack =
          GrantPack.of(
              ourCluster,
              Map.of("group", List.of(ChaosWorkload.groupOf(0))),
              ChaosWorkload.NAMESPACE);
      for (int n = 1; n <= 2; n++) {
        String name = pack.slotName(n);
        List<Tag> tags =
            n == 1 ? List.of() : foreignTags(foreignCluster, Ownership.GRANT_PACK, null);
        String arn =
            iam.createPolicy(
                    p -> p.policyName(name).path(pack.path()).policyDocument(DENY).tags(tags))
                .policy()
                .arn();
        iam.attachGroupPolicy(g -> g.groupName(ChaosWorkload.groupOf(0)).policyArn(arn));
        decoys.add(new Decoy(account, "policy", name));
      }
    }
  }

  /** Each decoy's entry in its account's authorization details, as JSON text. */
  Map<Decoy, String> snapshot(IamEmulator emulator) {
    Map<Decoy, String> out = new LinkedHashMap<>();
    for (Decoy decoy : decoys) {
      out.put(decoy, entry(emulator, decoy.account(), decoy.type(), decoy.name()));
    }
    return out;
  }

  /** A role's or policy's entry in the authorization details, or null when it does not exist. */
  static String entry(IamEmulator emulator, String account, String type, String name) {
    JsonNode details = emulator.authorizationDetails(account);
    String list = type.equals("role") ? "RoleDetailList" : "Policies";
    String field = type.equals("role") ? "RoleName" : "PolicyName";
    for (JsonNode item : details.path(list)) {
      if (item.path(field).asText().equals(name)) {
        return item.toString();
      }
    }
    return null;
  }

  private static List<Tag> foreignTags(String cluster, String kind, String name) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("xaccount.io/managed-by", "xaccount-operator");
    tags.put("xaccount.io/cluster", cluster);
    tags.put("xaccount.io/kind", kind);
    tags.put("xaccount.io/namespace", ChaosWorkload.NAMESPACE);
    if (name != null) {
      tags.put("xaccount.io/name", name);
      tags.put("xaccount.io/uid", UUID.randomUUID().toString());
    }
    return tags.entrySet().stream()
        .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
        .toList();
  }

  private static String trust(String trustedAccount) {
    return """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":"sts:AssumeRole"}]}"""
        .formatted(trustedAccount);
  }
}
