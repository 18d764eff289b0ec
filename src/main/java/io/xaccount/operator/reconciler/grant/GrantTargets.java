package io.xaccount.operator.reconciler.grant;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.RoleRef;
import io.xaccount.operator.iam.Arns;
import io.xaccount.operator.iam.SwitchRoleUrl;
import io.xaccount.operator.reconciler.Reason;
import io.xaccount.operator.reconciler.ReconcileFailure;
import io.xaccount.operator.reconciler.role.DesiredRoleFactory;
import java.util.Optional;
import java.util.function.Function;

/**
 * Resolves spec.target without any AWS call: a roleArn is validated and given a console link; a
 * roleRef is read from the informer cache of CrossAccountRoles and must have published its ARN.
 *
 * <p>A roleRef names a role in the grant's own namespace, or in another namespace whose role
 * consents by listing the grant's namespace in spec.allowedGrantNamespaces (the referenced side
 * decides, as with Gateway API's ReferenceGrant); anything else is {@code Forbidden}. A roleArn is
 * judged by the account's grant guardrails ({@code allowedTargetRoleArns}).
 */
final class GrantTargets {
  private GrantTargets() {}

  /** The CrossAccountRole a grant's roleRef names (in the grant's namespace), if any. */
  static Optional<ResourceID> roleId(AssumeRoleGrant grant) {
    RoleRef ref =
        grant.getSpec().getTarget() == null ? null : grant.getSpec().getTarget().getRoleRef();
    if (ref == null || ref.getName() == null) {
      return Optional.empty();
    }
    String namespace =
        ref.getNamespace() == null ? grant.getMetadata().getNamespace() : ref.getNamespace();
    return Optional.of(new ResourceID(ref.getName(), namespace));
  }

  /**
   * The target, given the CrossAccountRole the informer holds for the roleRef (empty when none).
   *
   * @throws ReconcileFailure InvalidSpec, Forbidden, or TargetNotReady while the role has no ARN
   */
  static ResolvedTarget resolve(AssumeRoleGrant grant, Optional<CrossAccountRole> cached) {
    return resolve(grant, cached, false);
  }

  /**
   * The same; with {@code planning} (the grant's managementPolicy is Plan or Observe), a role that
   * is itself only planned stands for the role its CreateRole would make, so that a plan of both
   * halves shows the grant too.
   */
  static ResolvedTarget resolve(
      AssumeRoleGrant grant, Optional<CrossAccountRole> cached, boolean planning) {
    var target = grant.getSpec().getTarget();
    if (target == null || (target.getRoleRef() == null) == (target.getRoleArn() == null)) {
      throw new ReconcileFailure(
          Reason.InvalidSpec, "spec.target needs exactly one of roleRef or roleArn");
    }
    if (target.getRoleArn() != null) {
      return fromArn(target.getRoleArn());
    }
    RoleRef ref = target.getRoleRef();
    String own = grant.getMetadata().getNamespace();
    String namespace = ref.getNamespace() == null ? own : ref.getNamespace();
    CrossAccountRole role = cached.orElse(null);
    if (!namespace.equals(own) && !consents(role, own)) {
      // Whether the role exists is not said: the other namespace's contents are not ours to see.
      throw new ReconcileFailure(
          Reason.Forbidden,
          ("spec.target.roleRef names CrossAccountRole %s/%s in another namespace, which does not"
                  + " list namespace %s in its spec.allowedGrantNamespaces. Its owners must add"
                  + " it there for this grant to reference the role.")
              .formatted(namespace, ref.getName(), own));
    }
    if (role == null || role.getMetadata().getDeletionTimestamp() != null) {
      throw new ReconcileFailure(
          Reason.TargetNotReady,
          "CrossAccountRole %s/%s %s; waiting for it"
              .formatted(
                  namespace, ref.getName(), role == null ? "does not exist" : "is being deleted"));
    }
    Optional<String> planned = planning ? plannedArn(role) : Optional.empty();
    if (planned.isPresent()) {
      return new ResolvedTarget(planned.get(), null, null, Optional.of(role));
    }
    if (role.getStatus() == null || role.getStatus().getRoleArn() == null) {
      throw new ReconcileFailure(
          Reason.TargetNotReady,
          "CrossAccountRole %s/%s has no role ARN yet; waiting for it to become Ready"
              .formatted(namespace, ref.getName()));
    }
    if (Arns.parseRole(role.getStatus().getRoleArn()).isEmpty()) {
      throw new ReconcileFailure(
          Reason.TargetNotReady,
          "CrossAccountRole %s/%s reports \"%s\", which is not a role ARN"
              .formatted(namespace, ref.getName(), role.getStatus().getRoleArn()));
    }
    return new ResolvedTarget(
        role.getStatus().getRoleArn(),
        role.getStatus().getSwitchRoleUrl(),
        role.getStatus().getConsoleNote(),
        Optional.of(role));
  }

  /**
   * Refuses a roleRef target whose ARN (the CrossAccountRole's status, or its planned CreateRole)
   * is not the role that CrossAccountRole's spec names in its account. A roleRef target passes the
   * account's target guardrails (the role's own namespace chose it), so that ARN must not come from
   * anyone who can write the status subresource.
   *
   * @param accountIds the account ID of an AwsAccount by name, from the informer
   */
  static void checkRoleRefTarget(
      ResolvedTarget target, String partition, Function<String, Optional<String>> accountIds) {
    if (target.role().isEmpty()) {
      return;
    }
    CrossAccountRole role = target.role().get();
    Optional<String> named =
        accountIds
            .apply(role.getSpec().getAccountRef())
            .map(
                id ->
                    Arns.role(
                        partition,
                        id,
                        role.getSpec().getPath(),
                        DesiredRoleFactory.roleName(role)));
    if (named.isEmpty() || !Arns.sameRole(named.get(), target.roleArn())) {
      throw new ReconcileFailure(
          Reason.TargetNotReady,
          ("CrossAccountRole %s/%s reports %s, which is not the role its spec names (%s);"
                  + " waiting for it to converge")
              .formatted(
                  role.getMetadata().getNamespace(),
                  role.getMetadata().getName(),
                  target.roleArn(),
                  named.orElse("its AwsAccount is unknown")));
    }
  }

  /** The ARN a role that is only planned would get: the target of its planned CreateRole. */
  private static Optional<String> plannedArn(CrossAccountRole role) {
    if (role.getStatus() == null
        || role.getStatus().getRoleArn() != null
        || role.getStatus().getPlannedChanges() == null) {
      return Optional.empty();
    }
    return role.getStatus().getPlannedChanges().stream()
        .filter(c -> "CreateRole".equals(c.getAction()))
        .map(c -> c.getTarget())
        .filter(arn -> Arns.parseRole(arn).isPresent())
        .findFirst();
  }

  /** True when the role lists the grant's namespace among those that may reference it. */
  private static boolean consents(CrossAccountRole role, String grantNamespace) {
    return role != null
        && role.getSpec().getAllowedGrantNamespaces() != null
        && role.getSpec().getAllowedGrantNamespaces().contains(grantNamespace);
  }

  private static ResolvedTarget fromArn(String roleArn) {
    Arns.RoleArn arn =
        Arns.parseRole(roleArn)
            .orElseThrow(
                () ->
                    new ReconcileFailure(
                        Reason.InvalidSpec,
                        ("spec.target.roleArn: \"%s\" is not an IAM role ARN"
                                + " (arn:<partition>:iam::<account>:role/<path/><name>)")
                            .formatted(roleArn)));
    // Nothing is known about the role's trust here, so the link is built as for a role without
    // conditions the console cannot meet.
    SwitchRoleUrl.Result link =
        SwitchRoleUrl.build(
            arn.partition(), arn.accountId(), arn.path(), arn.name(), null, null, null);
    if (link instanceof SwitchRoleUrl.Link l) {
      return new ResolvedTarget(roleArn, l.url(), null, Optional.empty());
    }
    return new ResolvedTarget(
        roleArn, null, ((SwitchRoleUrl.NotUsable) link).reason(), Optional.empty());
  }
}
