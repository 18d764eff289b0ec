package io.xaccount.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.GrantPhase;
import io.xaccount.operator.api.v1alpha1.ReadyStatus;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * What is broken right now, for on-call: gauges counted from the controllers' informer caches (no
 * API or IAM call), recounted at most once a second however many series a scrape reads.
 *
 * <ul>
 *   <li>{@value #RESOURCES}{@code {kind, ready, reason}}: resources by their Ready condition
 *       ({@code ready} True, False or Unknown; {@code reason} from the closed vocabulary, {@code
 *       None} before the operator wrote a status). A counter of reconcile results cannot answer
 *       this: a terminal reason is not retried, so its rate falls to zero while it holds.
 *   <li>{@value #EXPIRING}{@code {namespace, within}}: Active AssumeRoleGrants whose window ends
 *       within {@code 1h} or {@code 24h} (cumulative, like histogram buckets), so that a team hears
 *       of access about to end.
 * </ul>
 *
 * <p>A series appears with the first resource in its state and stays, at zero, when none is left:
 * an alert then resolves instead of going silent.
 */
@ApplicationScoped
public class ResourceCensus {
  public static final String RESOURCES = "xaccount_resources";
  public static final String EXPIRING = "xaccount_grants_expiring";
  static final Map<String, Duration> HORIZONS =
      Map.of("1h", Duration.ofHours(1), "24h", Duration.ofHours(24));
  private static final Duration FRESH = Duration.ofSeconds(1);

  private final MeterRegistry registry;
  private final Clock clock;
  private final Map<String, Supplier<Stream<? extends HasMetadata>>> caches =
      new ConcurrentHashMap<>();
  private final Set<List<String>> registered = ConcurrentHashMap.newKeySet();
  private final List<Meter> meters = new CopyOnWriteArrayList<>();
  private volatile Snapshot snapshot = new Snapshot(Instant.MIN, Map.of(), Map.of());

  record Snapshot(
      Instant taken, Map<List<String>, Long> resources, Map<List<String>, Long> expiring) {}

  public ResourceCensus(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  /**
   * Counts the resources of {@code kind} in this cache (a controller's primary cache). Registers
   * the kind's series of resources without a status at once: reading it counts them all, and so
   * registers the series of every other state found.
   */
  public void track(
      Class<? extends HasMetadata> kind, Supplier<Stream<? extends HasMetadata>> cache) {
    String name = HasMetadata.getKind(kind);
    caches.put(name, cache);
    registerResources(List.of(name, "Unknown", "None"));
  }

  /** The current counts, recounted when older than a second. */
  Snapshot counts() {
    Snapshot current = snapshot;
    Duration age = Duration.between(current.taken(), clock.instant());
    // A clock set back (NTP, a test's clock) makes the age negative: count again then too.
    if (!age.isNegative() && age.compareTo(FRESH) < 0) {
      return current;
    }
    return refresh();
  }

  private synchronized Snapshot refresh() {
    Instant now = clock.instant();
    Map<List<String>, Long> resources = new HashMap<>();
    Map<List<String>, Long> expiring = new HashMap<>();
    caches.forEach(
        (kind, cache) ->
            cache
                .get()
                .forEach(
                    resource -> {
                      resources.merge(readiness(kind, resource), 1L, Long::sum);
                      if (resource instanceof AssumeRoleGrant grant) {
                        expiringWindows(grant, now)
                            .forEach(key -> expiring.merge(key, 1L, Long::sum));
                      }
                    }));
    snapshot = new Snapshot(now, resources, expiring);
    // New states get their series, read from this scrape or the next one.
    resources.keySet().forEach(this::registerResources);
    expiring.keySet().forEach(this::registerExpiring);
    return snapshot;
  }

  private static List<String> readiness(String kind, HasMetadata resource) {
    Object status = resource instanceof CustomResource<?, ?> custom ? custom.getStatus() : null;
    Condition ready =
        status instanceof ReadyStatus readyStatus
            ? readyStatus.readyCondition().orElse(null)
            : null;
    if (ready == null) {
      return List.of(kind, "Unknown", "None");
    }
    return List.of(
        kind,
        ready.getStatus() == null ? "Unknown" : ready.getStatus(),
        ready.getReason() == null ? "None" : ready.getReason());
  }

  private static List<List<String>> expiringWindows(AssumeRoleGrant grant, Instant now) {
    if (grant.getStatus() == null
        || grant.getStatus().getPhase() != GrantPhase.Active
        || grant.getStatus().getExpiresAt() == null) {
      return List.of();
    }
    Instant end;
    try {
      end = Instant.parse(grant.getStatus().getExpiresAt());
    } catch (DateTimeParseException e) {
      return List.of();
    }
    String namespace = grant.getMetadata().getNamespace();
    return HORIZONS.entrySet().stream()
        .filter(h -> !end.isAfter(now.plus(h.getValue())))
        .map(h -> List.of(namespace, h.getKey()))
        .toList();
  }

  private void registerResources(List<String> key) {
    if (registered.add(List.of(RESOURCES, key.get(0), key.get(1), key.get(2)))) {
      meters.add(
          Gauge.builder(RESOURCES, this, c -> c.counts().resources().getOrDefault(key, 0L))
              .description(
                  "Resources by kind and Ready status and reason, from the informer caches")
              .tag("kind", key.get(0))
              .tag("ready", key.get(1))
              .tag("reason", key.get(2))
              .register(registry));
    }
  }

  private void registerExpiring(List<String> key) {
    if (registered.add(List.of(EXPIRING, key.get(0), key.get(1)))) {
      meters.add(
          Gauge.builder(EXPIRING, this, c -> c.counts().expiring().getOrDefault(key, 0L))
              .description("Active AssumeRoleGrants whose window ends within the horizon")
              .tag("namespace", key.get(0))
              .tag("within", key.get(1))
              .register(registry));
    }
  }

  /**
   * Takes this census's gauges out of the registry. Micrometer's global registry outlives an
   * application restart (dev mode, the tests), and a gauge registered again under the same name and
   * tags would stay bound to the stopped application's census and its stale caches.
   */
  @PreDestroy
  void removeGauges() {
    meters.forEach(registry::remove);
    meters.clear();
    registered.clear();
  }
}
