package io.xaccount.operator.reconciler;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Operator-wide behaviour ({@code xaccount.operator.*}); see the README for each setting. */
@ConfigMapping(prefix = "xaccount.operator")
public interface OperatorSettings {
  /**
   * Name of this cluster, written into ownership tags so that two clusters never collide. Unset:
   * the uid of the kube-system Namespace ({@link ClusterIdentity}).
   */
  Optional<String> clusterName();

  /**
   * Namespaces in which the operator reads ExternalId Secrets (labelled {@code
   * xaccount.io/external-id=true}). Unset: every namespace, which needs list/watch of Secrets
   * cluster-wide; set, the RBAC can be confined to these namespaces.
   */
  Optional<List<String>> secretNamespaces();

  /** How often a converged resource is re-read from IAM to detect out-of-band drift. */
  @WithDefault("1h")
  Duration resyncInterval();

  /**
   * How many CrossAccountRoles must name an AwsAccount before their resyncs compare against one
   * bulk read of the account (GetAccountAuthorizationDetails and ListRoles: a few calls per
   * thousand roles, at most once per resync interval) instead of reading each role (3 + k calls).
   * Below it, or when the account's last bulk read took more calls than the per-role reads it
   * replaces, each role is read on its own. Set it above the number of roles to keep the per-role
   * path everywhere.
   */
  @WithDefault("10")
  int bulkObservationMinRoles();

  /**
   * How long after one of its own writes the operator assumes IAM may still show the old state to a
   * reader (eventual consistency): a bulk read begun sooner is not trusted about that role or grant
   * pack slot, and a resync of it waits until a read begun later can serve it.
   */
  @WithDefault("10s")
  Duration iamSettleTime();

  /**
   * How long IAM may keep rejecting a new principal as invalid (eventual consistency) before the
   * operator reports it as a spec error.
   */
  @WithDefault("2m")
  Duration principalVisibilityWindow();

  /** How many times one deletion retries a DeleteConflict before backing off. */
  @WithDefault("3")
  int deleteConflictRetries();

  /** Managed policies per role (IAM default 10, adjustable to 20). */
  @WithDefault("10")
  int maxManagedPoliciesPerRole();

  /** Trust policy size limit (IAM default 2048, adjustable to 4096). */
  @WithDefault("2048")
  int maxTrustPolicyChars();

  /** Total size of a role's inline policies. */
  @WithDefault("10240")
  int maxInlinePolicyChars();
}
