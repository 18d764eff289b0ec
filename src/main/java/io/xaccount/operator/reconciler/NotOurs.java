package io.xaccount.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import org.jboss.logging.Logger;

/**
 * How the operator refuses an IAM entity that is not the resource's own: one message for every such
 * case, so that a tenant probing names (with managementPolicy Observe or Plan, or by deleting a
 * resource) learns at most that a name is unavailable, never who holds the entity, its path, tags,
 * uid or cluster. What the entity precisely is goes to the operator's log only, at INFO.
 */
public final class NotOurs {
  private static final Logger LOG = Logger.getLogger(NotOurs.class);

  /**
   * The refusal of a role name held by anything but this CrossAccountRole, said the same way
   * whether the role could be adopted or not. IAM role names are unique per account, so saying that
   * the name is taken tells nothing a CreateRole would not.
   */
  public static final String ROLE_NAME =
      "The role name %s is not available to this CrossAccountRole: a role of that name already"
          + " exists in the account and is not this resource's (IAM role names are unique per"
          + " account, whatever the path and the case of the letters). Nothing was changed. Choose"
          + " another spec.roleName. Taking over an existing role needs the annotation"
          + " xaccount.io/adopt: \"true\" on the resource and the AwsAccount's spec.adoption"
          + " allowing it; who holds a role is never shown here, only in the operator's log.";

  private NotOurs() {}

  /**
   * {@code NameConflict} for {@code roleName}; {@code entity} and {@code why} are logged only.
   *
   * @param roleName the name as the spec gives it (not as IAM spells it)
   * @param entity the role found, e.g. {@code /team/Admin}
   * @param why what it is, e.g. {@code owned by CrossAccountRole team-a/x (uid ...) in cluster ...}
   */
  public static ReconcileFailure roleName(
      HasMetadata resource, String roleName, String entity, String why) {
    log(resource, "role " + entity, why);
    return new ReconcileFailure(Reason.NameConflict, ROLE_NAME.formatted(roleName));
  }

  /** Logs, for the operator's log only, what an entity the resource may not touch is. */
  public static void log(HasMetadata resource, String entity, String why) {
    LOG.infof(
        "Not this resource's: kind=%s namespace=%s name=%s entity=%s why=%s",
        resource.getKind(),
        resource.getMetadata().getNamespace(),
        resource.getMetadata().getName(),
        entity,
        why);
  }
}
