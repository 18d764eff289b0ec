package io.xaccount.sandbox.chaos;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.CustomResource;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.iam.GrantPackPlanner;
import io.xaccount.sandbox.chaos.ChaosWorkload.Planned;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * Someone with the console: changes what the operator owns behind its back. Each edit picks a live
 * role or grant at random and, in turn, detaches a managed policy from the role, rewrites its trust
 * policy, adds a tag, adds an inline policy, deletes the role outright, detaches the grant's policy
 * (its pack's slot) from its principal, or takes the grant's statement out of that policy. The
 * operator must undo every one of them (at its next resync or restart).
 */
final class OutOfBand {
  static final List<String> EDITS =
      List.of(
          "detach-policy",
          "edit-trust",
          "add-tag",
          "add-inline",
          "delete-role",
          "detach-grant",
          "strip-grant");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final AdminIam admin;
  private final ChaosCluster cluster;
  private final Random random;
  private final Map<String, Integer> done = new ConcurrentHashMap<>();
  private int next;

  OutOfBand(AdminIam admin, ChaosCluster cluster, long seed) {
    this.admin = admin;
    this.cluster = cluster;
    this.random = new Random(seed);
  }

  /** Edits done so far by kind, failed ones as {@code <kind>-failed}. */
  Map<String, Integer> done() {
    return Map.copyOf(done);
  }

  /** Makes the next edit on one of {@code candidates} (the good roles and grants). */
  void editOne(List<Planned> candidates) {
    String kind = EDITS.get(next++ % EDITS.size());
    boolean grant = kind.endsWith("-grant");
    List<Planned> ofKind =
        candidates.stream()
            .filter(p -> p.kind().equals(grant ? "AssumeRoleGrant" : "CrossAccountRole"))
            .toList();
    if (ofKind.isEmpty()) {
      return;
    }
    CustomResource<?, ?> live = cluster.get(ofKind.get(random.nextInt(ofKind.size())));
    if (live == null || live.getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    try {
      boolean edited =
          grant ? editGrant((AssumeRoleGrant) live, kind) : editRole((CrossAccountRole) live, kind);
      if (edited) {
        done.merge(kind, 1, Integer::sum);
      }
    } catch (SdkException e) {
      done.merge(kind + "-failed", 1, Integer::sum);
    }
  }

  private boolean editRole(CrossAccountRole role, String kind) {
    if (role.getStatus() == null || role.getStatus().getAccountId() == null) {
      return false;
    }
    IamClient iam = admin.in(role.getStatus().getAccountId());
    String name = role.getSpec().getRoleName();
    switch (kind) {
      case "detach-policy" ->
          iam.listAttachedRolePolicies(r -> r.roleName(name)).attachedPolicies().stream()
              .findFirst()
              .ifPresent(p -> iam.detachRolePolicy(r -> r.roleName(name).policyArn(p.policyArn())));
      case "edit-trust" ->
          iam.updateAssumeRolePolicy(
              r ->
                  r.roleName(name)
                      .policyDocument(
                          """
                          {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":\
                          {"AWS":"arn:aws:iam::%s:root"},"Action":"sts:AssumeRole"}]}"""
                              .formatted(role.getStatus().getAccountId())));
      case "add-tag" -> iam.tagRole(r -> r.roleName(name).tags(t -> t.key("edited").value("yes")));
      case "add-inline" ->
          iam.putRolePolicy(
              r ->
                  r.roleName(name)
                      .policyName("someone-added")
                      .policyDocument(
                          """
                          {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":\
                          "s3:ListAllMyBuckets","Resource":"*"}]}"""));
      case "delete-role" -> deleteRole(iam, name);
      default -> throw new IllegalArgumentException(kind);
    }
    return true;
  }

  private static void deleteRole(IamClient iam, String name) {
    iam.listAttachedRolePolicies(r -> r.roleName(name))
        .attachedPolicies()
        .forEach(p -> iam.detachRolePolicy(r -> r.roleName(name).policyArn(p.policyArn())));
    iam.listRolePolicies(r -> r.roleName(name))
        .policyNames()
        .forEach(p -> iam.deleteRolePolicy(r -> r.roleName(name).policyName(p)));
    iam.deleteRole(r -> r.roleName(name));
  }

  private boolean editGrant(AssumeRoleGrant grant, String kind) {
    var status = grant.getStatus();
    if (status == null || status.getPolicyArn() == null || status.getAccountId() == null) {
      return false;
    }
    IamClient iam = admin.in(status.getAccountId());
    String arn = status.getPolicyArn();
    if (kind.equals("detach-grant")) {
      String group = grant.getSpec().getPrincipals().getGroups().get(0);
      iam.detachGroupPolicy(r -> r.groupName(group).policyArn(arn));
      return true;
    }
    return stripStatement(iam, arn, GrantPackPlanner.sid(grant.getMetadata().getUid()));
  }

  /**
   * Takes the grant's statement out of the policy that holds it, as a console user would: a new
   * default version without it, after deleting the oldest version when five exist.
   */
  private static boolean stripStatement(IamClient iam, String arn, String sid) {
    var policy = iam.getPolicy(r -> r.policyArn(arn)).policy();
    String text =
        URLDecoder.decode(
            iam.getPolicyVersion(r -> r.policyArn(arn).versionId(policy.defaultVersionId()))
                .policyVersion()
                .document(),
            StandardCharsets.UTF_8);
    ObjectNode document;
    try {
      document = (ObjectNode) JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return false;
    }
    ArrayNode kept = JSON.createArrayNode();
    document
        .withArray("Statement")
        .forEach(
            st -> {
              if (!sid.equals(st.path("Sid").asText())) {
                kept.add(st);
              }
            });
    if (kept.isEmpty() || kept.size() == document.withArray("Statement").size()) {
      // IAM refuses an empty document; and nothing to strip.
      return false;
    }
    document.set("Statement", kept);
    var versions = iam.listPolicyVersions(r -> r.policyArn(arn)).versions();
    if (versions.size() >= 5) {
      versions.stream()
          .filter(v -> !v.isDefaultVersion())
          .min(java.util.Comparator.comparing(v -> v.createDate()))
          .ifPresent(v -> iam.deletePolicyVersion(r -> r.policyArn(arn).versionId(v.versionId())));
    }
    iam.createPolicyVersion(
        r -> r.policyArn(arn).policyDocument(document.toString()).setAsDefault(true));
    return true;
  }
}
