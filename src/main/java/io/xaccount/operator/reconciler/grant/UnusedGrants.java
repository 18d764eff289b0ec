package io.xaccount.operator.reconciler.grant;

import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrantStatus;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.GrantPhase;
import io.xaccount.operator.api.v1alpha1.RoleLastUsed;
import io.xaccount.operator.api.v1alpha1.UnusedExpiry;
import io.xaccount.operator.iam.GrantWindow;
import io.xaccount.operator.iam.Periods;
import io.xaccount.operator.reconciler.Reason;
import io.xaccount.operator.reconciler.ReconcileFailure;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A grant that ends when its role goes unused ({@code spec.expireWhenUnusedFor}), from what the
 * role's CrossAccountRole reports ({@code status.lastUsed}, read from the informer: no call).
 *
 * <p>The count runs from the latest sign of life: the role's last use, the role's creation, when
 * the grant became active, or the spec change that restored it; so a role nobody has used yet does
 * not end a grant made for it before the period has passed. Once the period has passed, the grant
 * expires as a window does (its statement leaves IAM, phase Expired, Ready=True) and stays so for
 * that generation of its spec: use of the role by someone else must not bring the access back by
 * itself. Only a roleRef target can be judged: IAM tells a role's last use to its own account, and
 * the grant's account is another.
 */
final class UnusedGrants {
  private UnusedGrants() {}

  /** Where the count stands, and when it runs out (null when it cannot be told yet). */
  record Judgement(UnusedExpiry status, Instant deadline, boolean expired) {}

  /**
   * The grant's period, if it asks for one.
   *
   * @throws ReconcileFailure InvalidSpec for a roleArn target or a value that is no period
   */
  static Optional<Duration> period(AssumeRoleGrant grant) {
    String value = grant.getSpec().getExpireWhenUnusedFor();
    if (value == null) {
      return Optional.empty();
    }
    var target = grant.getSpec().getTarget();
    if (target == null || target.getRoleRef() == null) {
      throw new ReconcileFailure(
          Reason.InvalidSpec,
          "spec.expireWhenUnusedFor needs spec.target.roleRef: IAM reports when a role was last"
              + " used only to the role's own account, so only a CrossAccountRole of this cluster"
              + " can tell; name the role by roleRef, or end the grant with expiresAt or duration");
    }
    return Optional.of(
        Periods.parse(value)
            .orElseThrow(
                () ->
                    new ReconcileFailure(
                        Reason.InvalidSpec,
                        ("spec.expireWhenUnusedFor: \"%s\" is not a period in days, hours,"
                                + " minutes and seconds, e.g. 30d or 1d12h")
                            .formatted(value))));
  }

  /**
   * Where the grant's count stands at {@code now}.
   *
   * @param activeSince when the grant became active; null while it has not (nothing to judge)
   * @return empty while the grant is not active
   */
  static Optional<Judgement> judge(
      AssumeRoleGrant grant,
      Duration period,
      Optional<CrossAccountRole> role,
      Instant activeSince,
      Instant now) {
    UnusedExpiry previous = grant.getStatus() == null ? null : grant.getStatus().getUnused();
    Long generation = grant.getMetadata().getGeneration();
    if (previous != null && Objects.equals(previous.getExpiredGeneration(), generation)) {
      // Settled for this spec, whoever used the role since.
      return Optional.of(new Judgement(previous, null, true));
    }
    if (activeSince == null) {
      return Optional.empty();
    }
    boolean restored = previous != null && previous.getExpiredGeneration() != null;
    RoleLastUsed used =
        role.map(CrossAccountRole::getStatus).map(s -> s.getLastUsed()).orElse(null);
    Instant created = used == null ? null : instant(used.getRoleCreated());
    Instant countingFrom =
        restored
            ? now.truncatedTo(ChronoUnit.SECONDS)
            : latest(
                previous == null ? null : instant(previous.getCountingFrom()),
                activeSince,
                created);
    UnusedExpiry status = new UnusedExpiry();
    status.setCountingFrom(GrantStatuses.time(countingFrom));
    if (created == null) {
      // The role has not reported its use yet (not read since an upgrade): no judging on guesses.
      return Optional.of(new Judgement(status, null, false));
    }
    Instant since = latest(countingFrom, instant(used.getTime()));
    Instant deadline = since.plus(period);
    boolean expired = !now.isBefore(deadline);
    if (expired) {
      status.setExpiredAt(GrantStatuses.time(now));
      status.setUnusedSince(GrantStatuses.time(since));
      status.setExpiredGeneration(generation);
    }
    return Optional.of(new Judgement(status, deadline, expired));
  }

  /**
   * Writes the count into the status of a grant IAM holds, and says when to look again: when the
   * count runs out, unless the role is used before.
   */
  static Optional<Instant> reported(
      AssumeRoleGrant grant,
      Optional<CrossAccountRole> role,
      AssumeRoleGrantStatus next,
      Instant now) {
    Optional<Judgement> judged =
        period(grant).flatMap(p -> judge(grant, p, role, instant(next.getActiveSince()), now));
    next.setUnused(judged.map(Judgement::status).orElse(null));
    return judged.map(Judgement::deadline);
  }

  /** The status of a grant that expired unused: the phase, the count, when sessions may last. */
  static AssumeRoleGrantStatus expired(
      AssumeRoleGrantStatus next, Judgement judged, Optional<CrossAccountRole> role) {
    next.setPhase(GrantPhase.Expired);
    next.setUnused(judged.status());
    Duration session =
        role.map(r -> r.getSpec().getMaxSessionDuration())
            .map(s -> Duration.ofSeconds(s))
            .orElse(GrantStatuses.DEFAULT_SESSION);
    Instant at = instant(judged.status().getExpiredAt());
    next.setSessionsMayPersistUntil(GrantStatuses.time(at.plus(session)));
    next.setSessionsNote(null);
    return next;
  }

  /**
   * What Ready says of a grant that expired unused; made of what the status holds, so that a resync
   * writes nothing.
   */
  static String message(AssumeRoleGrant grant, AssumeRoleGrantStatus status) {
    UnusedExpiry unused = status.getUnused();
    return ("The grant expired at %s because its role %s had not been used since %s, for"
            + " spec.expireWhenUnusedFor (%s): IAM no longer holds its statement. It stays"
            + " Expired even if the role is used again; a change of the spec (e.g. another"
            + " expireWhenUnusedFor, or none) restores it, counting afresh")
        .formatted(
            unused.getExpiredAt(),
            status.getRoleArn(),
            unused.getUnusedSince(),
            grant.getSpec().getExpireWhenUnusedFor());
  }

  private static Instant latest(Instant... instants) {
    return Stream.of(instants).filter(Objects::nonNull).max(Instant::compareTo).orElse(null);
  }

  private static Instant instant(String time) {
    return GrantWindow.parseInstant(time).orElse(null);
  }
}
