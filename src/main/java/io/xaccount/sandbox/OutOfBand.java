package io.xaccount.sandbox;

import io.fabric8.kubernetes.client.CustomResource;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.sandbox.ChaosWorkload.Planned;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * Someone with the console: changes what the operator owns behind its back. Each edit picks a live
 * role or grant at random and, in turn, detaches a managed policy from the role, rewrites its trust
 * policy, adds a tag, adds an inline policy, deletes the role outright, or detaches the grant's
 * policy from its principal. The operator must undo every one of them (at its next resync or
 * restart).
 */
final class OutOfBand {
  static final List<String> EDITS =
      List.of(
          "detach-policy", "edit-trust", "add-tag", "add-inline", "delete-role", "detach-grant");

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
    boolean grant = kind.equals("detach-grant");
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
          grant ? detachGrant((AssumeRoleGrant) live) : editRole((CrossAccountRole) live, kind);
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

  private boolean detachGrant(AssumeRoleGrant grant) {
    var status = grant.getStatus();
    if (status == null || status.getPolicyArn() == null || status.getAccountId() == null) {
      return false;
    }
    String group = grant.getSpec().getPrincipals().getGroups().get(0);
    admin
        .in(status.getAccountId())
        .detachGroupPolicy(r -> r.groupName(group).policyArn(status.getPolicyArn()));
    return true;
  }
}
