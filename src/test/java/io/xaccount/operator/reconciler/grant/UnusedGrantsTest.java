package io.xaccount.operator.reconciler.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrantStatus;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.CrossAccountRoleStatus;
import io.xaccount.operator.api.v1alpha1.RoleLastUsed;
import io.xaccount.operator.api.v1alpha1.UnusedExpiry;
import io.xaccount.operator.reconciler.Reason;
import io.xaccount.operator.reconciler.ReconcileFailure;
import io.xaccount.operator.testsupport.Resources;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * When a grant with spec.expireWhenUnusedFor ends (issue 31), as a function of its status, its
 * role's reported use and the time: no Kubernetes, no IAM.
 */
class UnusedGrantsTest {
  private static final Duration THIRTY_DAYS = Duration.ofDays(30);
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  @Test
  void aRoleNobodyUsedEndsTheGrantOnlyOnceThePeriodHasPassedSinceTheLaterOfActivationAndCreation() {
    AssumeRoleGrant grant = grant(1L);
    // The role is older than the grant: the count starts when the grant became active.
    Optional<CrossAccountRole> oldRole = role(T0.minus(Duration.ofDays(400)), null);
    Instant active = T0;
    assertThat(judge(grant, oldRole, active, T0.plus(Duration.ofDays(29))).expired()).isFalse();
    UnusedGrants.Judgement due = judge(grant, oldRole, active, T0.plus(THIRTY_DAYS));
    assertThat(due.expired()).isTrue();
    assertThat(due.status().getUnusedSince()).isEqualTo(T0.toString());
    assertThat(due.status().getExpiredGeneration()).isEqualTo(1L);

    // A role created after the grant became active (re-created, say) counts from its creation.
    Optional<CrossAccountRole> newRole = role(T0.plus(Duration.ofDays(10)), null);
    UnusedGrants.Judgement young = judge(grant, newRole, active, T0.plus(Duration.ofDays(35)));
    assertThat(young.expired()).isFalse();
    assertThat(young.deadline()).isEqualTo(T0.plus(Duration.ofDays(40)));
    assertThat(young.status().getCountingFrom()).isEqualTo("2030-01-11T00:00:00Z");
  }

  @Test
  void everyUseOfTheRoleStartsTheCountAgainWhoeverUsedIt() {
    AssumeRoleGrant grant = grant(1L);
    Instant used = T0.plus(Duration.ofDays(20));
    Optional<CrossAccountRole> role = role(T0.minus(Duration.ofDays(1)), used);
    UnusedGrants.Judgement judged = judge(grant, role, T0, T0.plus(Duration.ofDays(45)));
    assertThat(judged.expired()).isFalse();
    assertThat(judged.deadline()).isEqualTo(used.plus(THIRTY_DAYS));
    assertThat(judge(grant, role, T0, used.plus(THIRTY_DAYS)).expired()).isTrue();
  }

  @Test
  void expiredItStaysExpiredWhenTheRoleIsUsedAgainUntilTheSpecChangesAndThenCountsAfresh() {
    AssumeRoleGrant grant = grant(3L);
    grant.setStatus(new AssumeRoleGrantStatus());
    UnusedExpiry expired = new UnusedExpiry();
    expired.setCountingFrom(T0.toString());
    expired.setExpiredAt(T0.plus(THIRTY_DAYS).toString());
    expired.setUnusedSince(T0.toString());
    expired.setExpiredGeneration(3L);
    grant.getStatus().setUnused(expired);
    Instant later = T0.plus(Duration.ofDays(40));
    Optional<CrossAccountRole> usedAgain = role(T0, later.minusSeconds(60));

    UnusedGrants.Judgement settled = judge(grant, usedAgain, T0, later);
    assertThat(settled.expired()).isTrue();
    assertThat(settled.status()).isSameAs(expired);

    grant.getMetadata().setGeneration(4L);
    UnusedGrants.Judgement restored = judge(grant, usedAgain, T0, later);
    assertThat(restored.expired()).isFalse();
    assertThat(restored.status().getCountingFrom()).isEqualTo(later.toString());
    assertThat(restored.status().getExpiredAt()).isNull();
    assertThat(restored.deadline()).isEqualTo(later.plus(THIRTY_DAYS));
  }

  @Test
  void nothingIsJudgedBeforeTheGrantIsActiveOrWhileItsRoleHasNotReportedItsUse() {
    AssumeRoleGrant grant = grant(1L);
    Instant late = T0.plus(Duration.ofDays(100));
    assertThat(UnusedGrants.judge(grant, THIRTY_DAYS, role(T0, null), null, late)).isEmpty();

    CrossAccountRole unread = role(T0, null).orElseThrow();
    unread.getStatus().setLastUsed(null);
    UnusedGrants.Judgement unknown = judge(grant, Optional.of(unread), T0, late);
    assertThat(unknown.expired()).isFalse();
    assertThat(unknown.deadline()).isNull();
    assertThat(unknown.status().getCountingFrom()).isEqualTo(T0.toString());
  }

  @Test
  void aRoleArnTargetIsRefusedForItsAccountCannotTellAndAPeriodMustBeOne() {
    AssumeRoleGrant byArn =
        Resources.grant(
            "platform",
            "by-arn",
            "dev",
            Resources.roleArn("arn:aws:iam::111111111111:role/Other"),
            "alice");
    byArn.getSpec().setExpireWhenUnusedFor("30d");
    assertThatThrownBy(() -> UnusedGrants.period(byArn))
        .isInstanceOfSatisfying(
            ReconcileFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.InvalidSpec))
        .hasMessageContaining("needs spec.target.roleRef");

    AssumeRoleGrant bad = grant(1L);
    bad.getSpec().setExpireWhenUnusedFor("a month");
    assertThatThrownBy(() -> UnusedGrants.period(bad)).hasMessageContaining("a month");
    bad.getSpec().setExpireWhenUnusedFor(null);
    assertThat(UnusedGrants.period(bad)).isEmpty();
  }

  private static UnusedGrants.Judgement judge(
      AssumeRoleGrant grant, Optional<CrossAccountRole> role, Instant active, Instant now) {
    return UnusedGrants.judge(grant, THIRTY_DAYS, role, active, now).orElseThrow();
  }

  private static AssumeRoleGrant grant(long generation) {
    AssumeRoleGrant grant =
        Resources.grant("platform", "g", "dev", Resources.roleRef("r", null), "alice");
    grant.getSpec().setExpireWhenUnusedFor("30d");
    grant.getMetadata().setGeneration(generation);
    return grant;
  }

  private static Optional<CrossAccountRole> role(Instant created, Instant used) {
    CrossAccountRole role = Resources.role("platform", "r", "prod", "R", "123456789012");
    RoleLastUsed lastUsed = new RoleLastUsed();
    lastUsed.setRoleCreated(created.toString());
    lastUsed.setTime(used == null ? null : used.toString());
    CrossAccountRoleStatus status = new CrossAccountRoleStatus();
    status.setLastUsed(lastUsed);
    status.setWarnings(List.of());
    role.setStatus(status);
    return Optional.of(role);
  }
}
