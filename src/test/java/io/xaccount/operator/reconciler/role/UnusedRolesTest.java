package io.xaccount.operator.reconciler.role;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.CrossAccountRoleStatus;
import io.xaccount.operator.api.v1alpha1.RoleLastUsed;
import io.xaccount.operator.iam.RoleUse;
import io.xaccount.operator.reconciler.EventRecorder;
import io.xaccount.operator.testsupport.MutableClock;
import io.xaccount.operator.testsupport.Resources;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A role's last use and the warning when it goes unused (issue 31): which threshold applies, how a
 * role never used counts, and that the Event is recorded once, not at every resync.
 */
class UnusedRolesTest {
  private static final String PROD = "111111111111";
  private final MutableClock clock = new MutableClock();
  private final List<String> events = new ArrayList<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final UnusedRoles unused =
      new UnusedRoles(
          new EventRecorder(null, clock) {
            @Override
            public void warning(HasMetadata resource, String reason, String message) {
              events.add(reason + ": " + message);
            }
          },
          registry,
          clock);

  @Test
  void theAccountsThresholdAppliesAndARoleMayOnlyShortenIt() {
    List<String> notes = new ArrayList<>();
    assertThat(UnusedRoles.threshold(account("90d"), role(null), notes))
        .hasValueSatisfying(t -> assertThat(t.period()).isEqualTo(Duration.ofDays(90)));
    assertThat(UnusedRoles.threshold(account("90d"), role("30d"), notes))
        .hasValueSatisfying(t -> assertThat(t.source()).isEqualTo("spec.unusedWarningAfter"));
    assertThat(notes).isEmpty();

    Optional<UnusedRoles.Threshold> longer =
        UnusedRoles.threshold(account("90d"), role("180d"), notes);
    assertThat(longer).hasValueSatisfying(t -> assertThat(t.text()).isEqualTo("90d"));
    assertThat(notes).singleElement().asString().contains("180d is longer than");

    assertThat(UnusedRoles.threshold(account(null), role("1d12h"), new ArrayList<>()))
        .hasValueSatisfying(t -> assertThat(t.period()).isEqualTo(Duration.ofHours(36)));
    assertThat(UnusedRoles.threshold(account(null), role(null), new ArrayList<>())).isEmpty();
  }

  @Test
  void aRoleNeverUsedCountsFromItsCreationAndOneUsedFromItsLastUse() {
    Instant now = Instant.parse("2030-06-01T00:00:00Z");
    var threshold = Optional.of(new UnusedRoles.Threshold(Duration.ofDays(90), "90d", "x"));
    RoleUse young = RoleUse.created(now.minus(Duration.ofDays(10)));
    RoleUse old = RoleUse.created(now.minus(Duration.ofDays(100)));
    RoleUse usedLately =
        new RoleUse(now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(3)), "eu-west-1");

    assertThat(UnusedRoles.shown(young, threshold, now).getUnusedLongerThan()).isNull();
    RoleLastUsed never = UnusedRoles.shown(old, threshold, now);
    assertThat(never.getUnusedLongerThan()).isEqualTo("90d");
    assertThat(never.getTime()).isNull();
    assertThat(never.getRoleCreated()).isEqualTo("2030-02-21T00:00:00Z");
    RoleLastUsed used = UnusedRoles.shown(usedLately, threshold, now);
    assertThat(used.getUnusedLongerThan()).isNull();
    assertThat(used.getTime()).isEqualTo("2030-05-29T00:00:00Z");
    assertThat(used.getRegion()).isEqualTo("eu-west-1");
    // Without a threshold the use is still shown, and nothing is judged.
    assertThat(UnusedRoles.shown(old, Optional.empty(), now).getUnusedLongerThan()).isNull();
  }

  @Test
  void theEventIsRecordedOnceWhenTheRoleCrossesItsThresholdAndTheGaugeFollows() {
    Instant created = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    CrossAccountRole role = role(null);
    AwsAccount account = account("1d");

    CrossAccountRoleStatus first = report(role, account, RoleUse.created(created));
    assertThat(first.getLastUsed().getUnusedLongerThan()).isNull();
    assertThat(events).isEmpty();
    assertThat(gauge()).isZero();

    clock.setOffset(Duration.ofDays(2));
    CrossAccountRoleStatus second = report(role, account, RoleUse.created(created));
    assertThat(second.getLastUsed().getUnusedLongerThan()).isEqualTo("1d");
    assertThat(second.getWarnings())
        .singleElement()
        .asString()
        .startsWith("unused: nobody has assumed the role since its creation at " + created)
        .contains("guardrails.unusedRoleWarningAfter of AwsAccount prod");
    assertThat(events).singleElement().asString().startsWith(UnusedRoles.EVENT + ": unused:");
    assertThat(gauge()).isEqualTo(1);

    // The next resyncs say the same (no status write) and record no second Event.
    clock.setOffset(Duration.ofDays(3));
    CrossAccountRoleStatus third = report(role, account, RoleUse.created(created));
    assertThat(third.getWarnings()).isEqualTo(second.getWarnings());
    assertThat(events).hasSize(1);

    // Used again: the warning goes, and so does the role from the gauge.
    CrossAccountRoleStatus used =
        report(role, account, new RoleUse(created, clock.instant(), "us-east-1"));
    assertThat(used.getLastUsed().getUnusedLongerThan()).isNull();
    assertThat(used.getWarnings()).isNull();
    assertThat(gauge()).isZero();
  }

  /** One resync's report, after which the role carries the status it wrote. */
  private CrossAccountRoleStatus report(CrossAccountRole role, AwsAccount account, RoleUse use) {
    CrossAccountRoleStatus next = new CrossAccountRoleStatus();
    unused.report(role, account, PROD, use, next);
    role.setStatus(next);
    return next;
  }

  private double gauge() {
    var gauge = registry.find(UnusedRoles.GAUGE).tag("account", PROD).gauge();
    return gauge == null ? 0 : gauge.value();
  }

  private static AwsAccount account(String threshold) {
    AwsAccount account = Resources.account("prod", PROD, "platform");
    account.getSpec().getGuardrails().setUnusedRoleWarningAfter(threshold);
    return account;
  }

  private static CrossAccountRole role(String threshold) {
    CrossAccountRole role = Resources.role("platform", "r", "prod", "R", "123456789012");
    role.getMetadata().setUid("uid-r");
    role.getSpec().setUnusedWarningAfter(threshold);
    return role;
  }
}
