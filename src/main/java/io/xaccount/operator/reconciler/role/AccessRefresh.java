package io.xaccount.operator.reconciler.role;

import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.CrossAccountRoleStatus;
import io.xaccount.operator.iam.DesiredRole;
import io.xaccount.operator.iam.InvalidPolicyException;
import io.xaccount.operator.iam.PolicyDocument;
import io.xaccount.operator.reconciler.OperatorMetrics;
import io.xaccount.operator.reconciler.Reason;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides when a role's reconcile only refreshes its access map: a grant targeting the role
 * appeared, changed or went, and nothing the role holds in IAM can have changed with it. That is so
 * when the role converged for its generation, the role it asks for is the very one its last full
 * reconcile converged on (an ExternalId or an account's guardrails may have moved in the same
 * wake), its AwsAccount's spec is the one it converged with (an edit of the account has every role
 * naming it look at IAM again), and that reconcile's next look at IAM is not due yet. The status is
 * then written without any IAM call (nothing at all when the map too is as shown: a grant's event
 * often arrives after a reconcile already mapped what it announces), and the next look stays when
 * it was: grants changing often cannot put off drift detection.
 */
@ApplicationScoped
public class AccessRefresh {
  /**
   * What a full reconcile converged on: a digest of the desired role, the AwsAccount's spec (uid
   * and generation), the role ARN and trust policy it wrote to status (the map is drawn from them,
   * and only the operator may change them), and when to look again.
   */
  private record Converged(byte[] desired, String account, String written, Instant nextLook) {}

  private final Map<String, Converged> converged = new ConcurrentHashMap<>();
  private final Clock clock;

  public AccessRefresh(Clock clock) {
    this.clock = clock;
  }

  /**
   * Remembers a full reconcile that converged on {@code desired}, wrote {@code status} and
   * scheduled {@code control}.
   */
  void converged(
      CrossAccountRole resource,
      AwsAccount account,
      DesiredRole desired,
      CrossAccountRoleStatus status,
      UpdateControl<?> control) {
    Optional<Long> delay = control.getScheduleDelay();
    if (delay.isEmpty()) {
      forget(resource);
      return;
    }
    converged.put(
        resource.getMetadata().getUid(),
        new Converged(
            digest(desired),
            specOf(account),
            written(status),
            clock.instant().plus(Duration.ofMillis(delay.get()))));
  }

  /**
   * When the full reconcile's next look is due, if this reconcile need at most write a new access
   * map: empty when the full path must run.
   */
  Optional<Instant> onlyAccessChanged(
      CrossAccountRole resource, AwsAccount account, DesiredRole desired) {
    CrossAccountRoleStatus status = resource.getStatus();
    Converged last = converged.get(resource.getMetadata().getUid());
    if (last == null
        || !OperatorMetrics.wasConverged(status, resource.getMetadata().getGeneration())
        || !status
            .readyCondition()
            .map(c -> Reason.Converged.name().equals(c.getReason()))
            .orElse(false)
        || !clock.instant().isBefore(last.nextLook())
        || !last.account().equals(specOf(account))
        || !last.written().equals(written(status))
        || !Arrays.equals(last.desired(), digest(desired))) {
      return Optional.empty();
    }
    return Optional.of(last.nextLook());
  }

  /**
   * The status fields the map is drawn from: a status edited by anyone but the operator (a tenant
   * with rights on the status subresource) is rewritten from IAM by the full path, not believed.
   */
  private static String written(CrossAccountRoleStatus status) {
    String trust;
    try {
      // Canonical, so that an API server re-ordering the object's keys changes nothing.
      trust =
          status.getTrustPolicy() == null
              ? ""
              : PolicyDocument.of(status.getTrustPolicy()).toJson();
    } catch (InvalidPolicyException e) {
      trust = "(not a policy: never what the operator wrote)";
    }
    return status.getRoleArn() + "\n" + trust;
  }

  private static String specOf(AwsAccount account) {
    return account.getMetadata().getUid() + "/" + account.getMetadata().getGeneration();
  }

  void forget(CrossAccountRole resource) {
    converged.remove(resource.getMetadata().getUid());
  }

  /**
   * SHA-256 of the role in a canonical form (sets and maps sorted), so that equal roles give equal
   * digests; the ExternalId in the trust policy goes into the digest only.
   */
  private static byte[] digest(DesiredRole role) {
    String canonical =
        String.join(
            "\n",
            role.name(),
            role.path(),
            role.description(),
            String.valueOf(role.maxSessionDuration()),
            String.valueOf(role.trust()),
            new TreeSet<>(role.managedPolicyArns()).toString(),
            new TreeMap<>(role.inlinePolicies()).toString(),
            String.valueOf(role.permissionsBoundaryArn()),
            new TreeMap<>(role.tags()).toString());
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest(canonical.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
