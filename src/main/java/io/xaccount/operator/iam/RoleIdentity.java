package io.xaccount.operator.iam;

import java.time.Instant;

/**
 * Who a role is, as IAM reports it (CreateRole or GetRole): the source of every ARN and link the
 * status shows, so that status never claims a path or spelling the role does not have.
 *
 * @param arn the role ARN
 * @param roleId the unique ID ({@code AROA...})
 * @param path the path
 * @param name the name, in IAM's spelling
 * @param created when IAM created the role, or null when the answer did not say
 */
public record RoleIdentity(String arn, String roleId, String path, String name, Instant created) {
  /** A role whose creation time was not read. */
  public RoleIdentity(String arn, String roleId, String path, String name) {
    this(arn, roleId, path, name, null);
  }
}
