package io.xaccount.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.CrossAccountRoleStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OperatorMetricsTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:01:30Z");
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final OperatorMetrics metrics = new OperatorMetrics(registry, clock);
  private final ReadyConditions conditions = new ReadyConditions(clock);

  @Test
  void resultsAreCountedByKindAndReason() {
    CrossAccountRole role = role(1, null);
    metrics.result(role, Reason.Throttled);
    metrics.result(role, Reason.Throttled);
    metrics.result("AwsAccount", Reason.Verified);

    assertThat(results("CrossAccountRole", "Throttled")).isEqualTo(2.0);
    assertThat(results("AwsAccount", "Verified")).isEqualTo(1.0);
  }

  @Test
  void theFirstReadyOfAResourceRecordsTheTimeSinceCreationOnce() {
    CrossAccountRole role = role(1, status(false, 1));
    metrics.ready(role, role.getStatus(), Reason.Converged);
    CrossAccountRole converged = role(1, status(true, 1));
    metrics.ready(converged, converged.getStatus(), Reason.Converged);

    Timer timer =
        registry.find(OperatorMetrics.TIME_TO_READY).tag("kind", "CrossAccountRole").timer();
    assertThat(timer).isNotNull();
    assertThat(timer.count()).isEqualTo(1);
    assertThat(timer.totalTime(TimeUnit.SECONDS)).isEqualTo(90.0);
    assertThat(results("CrossAccountRole", "Converged")).isEqualTo(2.0);
  }

  @Test
  void aLaterGenerationRecordsNoTimeToReady() {
    CrossAccountRole role = role(2, status(true, 1));
    metrics.ready(role, role.getStatus(), Reason.Converged);

    assertThat(registry.find(OperatorMetrics.TIME_TO_READY).timer()).isNull();
  }

  @Test
  void changesAppliedToAConvergedGenerationAreDriftCorrections() {
    CrossAccountRole converged = role(3, status(true, 3));
    CrossAccountRole specChanged = role(4, status(true, 3));
    CrossAccountRole failing = role(3, status(false, 3));

    assertThat(OperatorMetrics.wasConverged(converged.getStatus(), 3L)).isTrue();
    assertThat(OperatorMetrics.wasConverged(specChanged.getStatus(), 4L)).isFalse();
    assertThat(OperatorMetrics.wasConverged(failing.getStatus(), 3L)).isFalse();
    assertThat(OperatorMetrics.wasConverged(null, 1L)).isFalse();

    metrics.changesApplied(converged, true, 2);
    metrics.changesApplied(converged, true, 0);
    metrics.changesApplied(specChanged, false, 5);

    Counter drift = registry.find(OperatorMetrics.DRIFT).tag("kind", "CrossAccountRole").counter();
    assertThat(drift).isNotNull();
    assertThat(drift.count()).isEqualTo(2.0);
  }

  private double results(String kind, String reason) {
    Counter c =
        registry.find(OperatorMetrics.RESULTS).tags("kind", kind, "reason", reason).counter();
    return c == null ? 0 : c.count();
  }

  private CrossAccountRoleStatus status(boolean ready, long generation) {
    return conditions.ready(
        new CrossAccountRoleStatus(),
        null,
        generation,
        ready,
        ready ? Reason.Converged : Reason.Creating,
        "test");
  }

  private static CrossAccountRole role(long generation, CrossAccountRoleStatus status) {
    CrossAccountRole role = new CrossAccountRole();
    role.getMetadata().setName("r");
    role.getMetadata().setNamespace("ns");
    role.getMetadata().setGeneration(generation);
    role.getMetadata().setCreationTimestamp("2026-01-01T00:00:00Z");
    role.setStatus(status);
    return role;
  }
}
