package io.xaccount.operator.reconciler.grant;

import io.xaccount.operator.api.v1alpha1.ApiConstants;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrantSpec;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrantStatus;
import io.xaccount.operator.api.v1alpha1.GrantPhase;
import io.xaccount.operator.iam.GrantWindow;
import io.xaccount.operator.reconciler.Reason;
import io.xaccount.operator.reconciler.ReconcileFailure;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * A grant's time window as its spec, its revoke annotation and its status say (no AWS call), and
 * what Ready and the phase say of it.
 */
final class GrantWindows {
  private GrantWindows() {}

  /**
   * The grant's window at {@code now}.
   *
   * @throws ReconcileFailure InvalidSpec when the spec's times do not make a window
   */
  static GrantWindow of(AssumeRoleGrant grant, Instant now) {
    AssumeRoleGrantSpec spec = grant.getSpec();
    AssumeRoleGrantStatus status = grant.getStatus();
    Instant activeSince = status == null ? null : parsed(status.getActiveSince());
    Instant revokedAt = null;
    if (revoked(grant)) {
      Instant before = status == null ? null : parsed(status.getRevokedAt());
      revokedAt = before != null ? before : now.truncatedTo(ChronoUnit.SECONDS);
    }
    var window =
        GrantWindow.resolve(
            spec.getNotBefore(),
            spec.getExpiresAt(),
            spec.getDuration(),
            activeSince,
            revokedAt,
            now);
    if (!window.isValid()) {
      throw new ReconcileFailure(Reason.InvalidSpec, window.message());
    }
    return window.get();
  }

  /** True while the grant carries {@code xaccount.io/revoke: "true"}. */
  static boolean revoked(AssumeRoleGrant grant) {
    Map<String, String> annotations = grant.getMetadata().getAnnotations();
    return annotations != null && "true".equals(annotations.get(ApiConstants.REVOKE_ANNOTATION));
  }

  /** The Ready reason of a grant IAM holds as its window says. */
  static Reason reason(GrantWindow window, Instant now) {
    return switch (window.phaseAt(now)) {
      case Scheduled -> Reason.Scheduled;
      case Active -> Reason.Converged;
      case Expired -> Reason.Expired;
    };
  }

  /**
   * The phase after a reconcile that failed: Failed when the spec must change; Expired once the
   * window has ended (IAM denies the grant whatever is left of it); the window's phase when IAM
   * holds the statement from an earlier reconcile; Pending while it does not yet.
   */
  static GrantPhase afterFailure(Reason reason, GrantWindow window, Instant now, String policyArn) {
    if (reason.isTerminal() || window == null) {
      return GrantPhase.Failed;
    }
    GrantWindow.Phase phase = window.phaseAt(now);
    if (phase == GrantWindow.Phase.Expired || policyArn != null) {
      return GrantPhase.valueOf(phase.name());
    }
    return GrantPhase.Pending;
  }

  /**
   * What Ready=True says: where the statement is and when it is in effect. It depends on the phase,
   * never on the time of the reconcile, so that a resync writes no status.
   */
  static String message(GrantWindow window, Instant now, String policyArn, String roleArn) {
    String allows = "The policy %s allows sts:AssumeRole on %s".formatted(policyArn, roleArn);
    return switch (window.phaseAt(now)) {
      case Scheduled ->
          allows
              + " from "
              + window.notBefore()
              + (window.end() == null ? "" : " until " + window.end())
              + "; IAM denies it until then";
      case Active -> window.end() == null ? allows : allows + " until " + window.end();
      case Expired ->
          window.revokedAt() != null
              ? ("The grant was revoked at %s by the annotation %s: IAM no longer holds its"
                      + " statement; remove the annotation to restore it")
                  .formatted(window.revokedAt(), ApiConstants.REVOKE_ANNOTATION)
              : ("The grant expired at %s: IAM denies it since and no longer holds its"
                      + " statement; a later spec.expiresAt (or longer spec.duration) restores it")
                  .formatted(window.end());
    };
  }

  private static Instant parsed(String time) {
    return GrantWindow.parseInstant(time).orElse(null);
  }
}
