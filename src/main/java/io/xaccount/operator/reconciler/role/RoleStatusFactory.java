package io.xaccount.operator.reconciler.role;

import io.xaccount.operator.api.v1alpha1.ConsoleSettings;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.CrossAccountRoleStatus;
import io.xaccount.operator.iam.Arns;
import io.xaccount.operator.iam.CliProfile;
import io.xaccount.operator.iam.DesiredRole;
import io.xaccount.operator.iam.SwitchRoleUrl;
import io.xaccount.operator.iam.TrustSpec;

/** Builds what the status says about a converged role: its ARN, the console link, a profile. */
final class RoleStatusFactory {
  private RoleStatusFactory() {}

  static CrossAccountRoleStatus converged(
      CrossAccountRole resource,
      String partition,
      String accountId,
      DesiredRole role,
      TrustSpec trust,
      String roleId) {
    CrossAccountRoleStatus status = new CrossAccountRoleStatus();
    String arn = Arns.role(partition, accountId, role.path(), role.name());
    status.setAccountId(accountId);
    status.setRoleArn(arn);
    status.setRoleId(roleId);
    status.setTrustPolicy(role.trust().toJsonNode());
    ConsoleSettings console = resource.getSpec().getConsole();
    SwitchRoleUrl.Result link =
        SwitchRoleUrl.build(
            partition,
            accountId,
            role.path(),
            role.name(),
            console == null ? null : console.getDisplayName(),
            console == null ? null : console.getColor(),
            trust);
    if (link instanceof SwitchRoleUrl.Link l) {
      status.setSwitchRoleUrl(l.url());
    } else if (link instanceof SwitchRoleUrl.NotUsable n) {
      status.setConsoleNote(n.reason());
    }
    status.setCliProfile(
        CliProfile.render(
            resource.getMetadata().getName(),
            arn,
            "default",
            trust.requireMfa(),
            trust.externalId() != null));
    return status;
  }
}
