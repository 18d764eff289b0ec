package io.xaccount.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrantStatus;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.CrossAccountRoleStatus;
import io.xaccount.operator.api.v1alpha1.GrantPhase;
import io.xaccount.operator.api.v1alpha1.ReadyStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The on-call gauges, counted from caches: which resources are broken right now, and why. */
class ResourceCensusTest {
  private static final Instant NOW = Instant.parse("2030-01-31T09:00:00Z");
  private final AtomicReference<Instant> now = new AtomicReference<>(NOW);
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneId getZone() {
          return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now.get();
        }
      };
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ResourceCensus census = new ResourceCensus(registry, clock);
  private final ReadyConditions conditions = new ReadyConditions(clock);
  private final List<HasMetadata> roles = new CopyOnWriteArrayList<>();
  private final List<HasMetadata> grants = new CopyOnWriteArrayList<>();

  @Test
  void resourcesAreCountedByKindReadyAndReasonWithNoneBeforeAStatus() {
    census.track(CrossAccountRole.class, roles::stream);
    roles.addAll(
        List.of(
            role(Reason.Converged, true),
            role(Reason.Converged, true),
            role(Reason.AccessDenied, false),
            role(Reason.Forbidden, false),
            new CrossAccountRole()));

    assertThat(resources("CrossAccountRole", "Unknown", "None")).as("no status yet").isEqualTo(1);
    assertThat(resources("CrossAccountRole", "True", "Converged")).isEqualTo(2);
    assertThat(resources("CrossAccountRole", "False", "AccessDenied")).isEqualTo(1);
    assertThat(resources("CrossAccountRole", "False", "Forbidden")).isEqualTo(1);
  }

  @Test
  void aStateLeftByEveryResourceStaysAtZeroSoThatAlertsResolve() {
    census.track(CrossAccountRole.class, roles::stream);
    roles.add(role(Reason.AccessDenied, false));
    assertThat(resources("CrossAccountRole", "Unknown", "None")).isZero();
    assertThat(resources("CrossAccountRole", "False", "AccessDenied")).isEqualTo(1);

    roles.set(0, role(Reason.Converged, true));
    now.set(NOW.plusSeconds(2));

    assertThat(resources("CrossAccountRole", "False", "AccessDenied")).isZero();
    assertThat(resources("CrossAccountRole", "True", "Converged")).isEqualTo(1);
  }

  @Test
  void countsAreReusedForASecondSoAScrapeCountsOnce() {
    census.track(CrossAccountRole.class, roles::stream);
    roles.add(role(Reason.Converged, true));
    assertThat(resources("CrossAccountRole", "True", "Converged")).isEqualTo(1);

    roles.add(role(Reason.Converged, true));
    assertThat(resources("CrossAccountRole", "True", "Converged")).as("same second").isEqualTo(1);
    now.set(NOW.plusSeconds(1));
    assertThat(resources("CrossAccountRole", "True", "Converged")).isEqualTo(2);
  }

  @Test
  void aClockSetBackDoesNotFreezeTheCounts() {
    census.track(CrossAccountRole.class, roles::stream);
    now.set(NOW.plus(Duration.ofHours(1)));
    assertThat(resources("CrossAccountRole", "Unknown", "None")).isZero();

    now.set(NOW);
    roles.add(role(Reason.Converged, true));
    assertThat(resources("CrossAccountRole", "True", "Converged")).isEqualTo(1);
  }

  @Test
  void aStoppedApplicationTakesItsGaugesAlongSoThatTheNextOneRegistersItsOwn() {
    // Micrometer's global registry outlives an application restart (dev mode, tests).
    census.track(CrossAccountRole.class, roles::stream);
    roles.add(role(Reason.Converged, true));
    census.counts();
    census.removeGauges();
    assertThat(registry.find(ResourceCensus.RESOURCES).gauges()).isEmpty();

    ResourceCensus next = new ResourceCensus(registry, clock);
    next.track(CrossAccountRole.class, roles::stream);
    next.counts();
    Gauge gauge =
        registry
            .find(ResourceCensus.RESOURCES)
            .tags("kind", "CrossAccountRole", "ready", "True", "reason", "Converged")
            .gauge();
    assertThat(gauge).isNotNull();
    roles.add(role(Reason.Converged, true));
    now.set(NOW.plusSeconds(5));
    assertThat(gauge.value()).as("counted by the new census, from its caches").isEqualTo(2);
  }

  @Test
  void activeGrantsEndingSoonAreCountedPerNamespaceWithinAnHourAndADay() {
    census.track(AssumeRoleGrant.class, grants::stream);
    grants.addAll(
        List.of(
            grant("team-a", GrantPhase.Active, NOW.plus(Duration.ofMinutes(30))),
            grant("team-a", GrantPhase.Active, NOW.plus(Duration.ofHours(8))),
            grant("team-a", GrantPhase.Active, NOW.plus(Duration.ofDays(3))),
            grant("team-b", GrantPhase.Scheduled, NOW.plus(Duration.ofMinutes(30))),
            grant("team-b", GrantPhase.Active, null)));
    census.counts();

    assertThat(expiring("team-a", "1h")).isEqualTo(1);
    assertThat(expiring("team-a", "24h")).isEqualTo(2);
    assertThat(registry.find(ResourceCensus.EXPIRING).tag("namespace", "team-b").gauges())
        .as("not active, or without an end")
        .isEmpty();
  }

  private double resources(String kind, String ready, String reason) {
    census.counts();
    Gauge gauge =
        registry
            .find(ResourceCensus.RESOURCES)
            .tags("kind", kind, "ready", ready, "reason", reason)
            .gauge();
    assertThat(gauge).as("%s %s %s", kind, ready, reason).isNotNull();
    return gauge.value();
  }

  private double expiring(String namespace, String within) {
    Gauge gauge =
        registry
            .find(ResourceCensus.EXPIRING)
            .tags("namespace", namespace, "within", within)
            .gauge();
    assertThat(gauge).as("%s %s", namespace, within).isNotNull();
    return gauge.value();
  }

  private CrossAccountRole role(Reason reason, boolean ready) {
    CrossAccountRole role = new CrossAccountRole();
    role.setStatus(ready(new CrossAccountRoleStatus(), reason, ready));
    return role;
  }

  private AssumeRoleGrant grant(String namespace, GrantPhase phase, Instant end) {
    AssumeRoleGrant grant = new AssumeRoleGrant();
    grant.getMetadata().setNamespace(namespace);
    AssumeRoleGrantStatus status = ready(new AssumeRoleGrantStatus(), Reason.Converged, true);
    status.setPhase(phase);
    status.setExpiresAt(end == null ? null : end.toString());
    grant.setStatus(status);
    return grant;
  }

  private <S extends ReadyStatus> S ready(S status, Reason reason, boolean ready) {
    return conditions.ready(status, null, 1L, ready, reason, "test");
  }
}
