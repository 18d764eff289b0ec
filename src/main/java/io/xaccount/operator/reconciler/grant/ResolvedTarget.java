package io.xaccount.operator.reconciler.grant;

import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import java.util.Optional;

/**
 * The role a grant allows assuming, once resolved.
 *
 * @param roleArn the role's ARN
 * @param switchRoleUrl the console link, null when the console cannot use the role
 * @param consoleNote why there is no link, null when there is one
 * @param role the CrossAccountRole it came from, empty for spec.target.roleArn
 */
record ResolvedTarget(
    String roleArn, String switchRoleUrl, String consoleNote, Optional<CrossAccountRole> role) {}
