package io.xaccount.operator.reconciler.grant;

import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrantStatus;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.DeletionPolicy;
import io.xaccount.operator.api.v1alpha1.GrantPhase;
import io.xaccount.operator.api.v1alpha1.GrantPrincipals;
import io.xaccount.operator.iam.GrantWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** Builds what the status of a grant says, apart from its Ready condition. */
final class GrantStatuses {
  /** IAM's longest role session, assumed when the role's own maximum is not known. */
  static final Duration LONGEST_SESSION = Duration.ofHours(12);

  /** A role's maxSessionDuration when its spec sets none, as IAM's CreateRole does. */
  static final Duration DEFAULT_SESSION = Duration.ofHours(1);

  private GrantStatuses() {}

  /** The spec's deletionPolicy (Delete when unset). */
  static DeletionPolicy policyOf(AssumeRoleGrant grant) {
    DeletionPolicy policy = grant.getSpec().getDeletionPolicy();
    return policy == null ? DeletionPolicy.Delete : policy;
  }

  /** The status after a reconcile that reached IAM. */
  static AssumeRoleGrantStatus of(
      String accountId,
      ResolvedTarget target,
      String policyArn,
      GrantPrincipals attached,
      List<String> warnings) {
    AssumeRoleGrantStatus next = new AssumeRoleGrantStatus();
    next.setAccountId(accountId);
    next.setRoleArn(target.roleArn());
    next.setPolicyArn(policyArn);
    next.setSwitchRoleUrl(target.switchRoleUrl());
    next.setAttachedPrincipals(attached);
    next.setWarnings(warnings);
    return next;
  }

  /** After a failure: what IAM holds is still true; only Ready changes. */
  static AssumeRoleGrantStatus carriedOver(AssumeRoleGrantStatus previous) {
    AssumeRoleGrantStatus next = new AssumeRoleGrantStatus();
    if (previous != null) {
      next.setAccountId(previous.getAccountId());
      next.setRoleArn(previous.getRoleArn());
      next.setPolicyArn(previous.getPolicyArn());
      next.setPolicyId(previous.getPolicyId());
      next.setSwitchRoleUrl(previous.getSwitchRoleUrl());
      next.setAttachedPrincipals(previous.getAttachedPrincipals());
      next.setWarnings(previous.getWarnings());
      next.setPhase(previous.getPhase());
      next.setActiveSince(previous.getActiveSince());
      next.setExpiresAt(previous.getExpiresAt());
      next.setRevokedAt(previous.getRevokedAt());
      next.setSessionsMayPersistUntil(previous.getSessionsMayPersistUntil());
      next.setSessionsNote(previous.getSessionsNote());
      next.setDeletionPolicy(previous.getDeletionPolicy());
      next.setUnused(previous.getUnused());
    }
    return next;
  }

  /**
   * After the grant's window ended: what it targeted stays for the record, where its statement was
   * does not (it is gone from IAM).
   */
  static AssumeRoleGrantStatus expired(AssumeRoleGrantStatus previous, List<String> warnings) {
    AssumeRoleGrantStatus next = carriedOver(previous);
    next.setPolicyArn(null);
    next.setPolicyId(null);
    next.setAttachedPrincipals(null);
    next.setWarnings(warnings);
    return next;
  }

  /**
   * Writes the window into {@code status} after a reconcile that made IAM hold it: the phase, when
   * the window opened, its end, the revocation, and until when sessions begun inside the window may
   * last.
   *
   * @param status the next status; for an Expired grant it carries the previous activeSince over
   * @param role the CrossAccountRole the grant targets, whose maxSessionDuration bounds sessions
   */
  static AssumeRoleGrantStatus withWindow(
      AssumeRoleGrantStatus status,
      GrantWindow window,
      Instant now,
      Optional<CrossAccountRole> role) {
    GrantWindow.Phase phase = window.phaseAt(now);
    status.setPhase(GrantPhase.valueOf(phase.name()));
    status.setActiveSince(
        switch (phase) {
          case Scheduled -> null;
          case Active -> time(window.start());
          // The window opened at notBefore, or when the grant first became active, if it did.
          case Expired ->
              window.notBefore() != null ? time(window.notBefore()) : status.getActiveSince();
        });
    status.setExpiresAt(time(window.end()));
    status.setRevokedAt(time(window.revokedAt()));
    Optional<Instant> ended = window.endedAt();
    Optional<Duration> known =
        role.map(
            r ->
                r.getSpec().getMaxSessionDuration() == null
                    ? DEFAULT_SESSION
                    : Duration.ofSeconds(r.getSpec().getMaxSessionDuration()));
    status.setSessionsMayPersistUntil(
        ended.map(at -> time(at.plus(known.orElse(LONGEST_SESSION)))).orElse(null));
    status.setSessionsNote(
        ended.isEmpty() || known.isPresent()
            ? null
            : "the target role's maxSessionDuration is not known here (it is no CrossAccountRole"
                + " of this cluster), so IAM's maximum of 12 hours is assumed");
    return status;
  }

  /** A time as the status writes it: RFC 3339 in UTC, to the second. */
  static String time(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
