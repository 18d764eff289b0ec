package io.xaccount.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.xaccount.operator.api.v1alpha1.ReadyStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The operator's own Prometheus metrics about reconcile outcomes, beside JOSDK's (which count
 * reconciliations and their duration):
 *
 * <ul>
 *   <li>{@value #RESULTS}{@code {kind, reason}}: every reconcile's Ready reason, from the closed
 *       vocabulary of {@link Reason} (Converged and Verified included).
 *   <li>{@value #DRIFT}{@code {kind}}: IAM changes applied while the resource was already Ready for
 *       the same generation, i.e. corrections of out-of-band changes, not of spec changes.
 *   <li>{@value #TIME_TO_READY}{@code {kind}}: from creation to first Ready, once per resource.
 *   <li>{@value #RESYNCS}{@code {kind, observation}}: resyncs of converged resources by how IAM was
 *       observed: {@code bulk} (compared with the account's bulk read of roles, or for a grant with
 *       a read of its policy another grant of the same policy made; no call of its own) or {@code
 *       direct} (read on its own).
 * </ul>
 *
 * <p>Labels are the kind and the reason only: never a resource name.
 */
@ApplicationScoped
public class OperatorMetrics {
  public static final String RESULTS = "xaccount_reconcile_results_total";
  public static final String DRIFT = "xaccount_drift_corrections_total";
  public static final String TIME_TO_READY = "xaccount_time_to_ready_seconds";
  public static final String RESYNCS = "xaccount_resyncs_total";

  /**
   * The buckets of {@value #TIME_TO_READY}: what an alert or a dashboard asks (ready within 10 s, a
   * minute, 15 min, ...), not Micrometer's 70 generated ones per kind, which made most of
   * /q/metrics.
   */
  static final Duration[] TIME_TO_READY_BUCKETS = {
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofMinutes(1),
    Duration.ofMinutes(5),
    Duration.ofMinutes(15),
    Duration.ofHours(1)
  };

  private final MeterRegistry registry;
  private final Clock clock;

  public OperatorMetrics(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  /** Counts one reconcile of {@code resource} that ended with {@code reason}. */
  public void result(HasMetadata resource, Reason reason) {
    result(kindOf(resource), reason);
  }

  /** Counts one reconcile of a {@code kind} that ended with {@code reason}. */
  public void result(String kind, Reason reason) {
    Counter.builder(RESULTS)
        .description("Reconciles by kind and Ready reason")
        .tag("kind", kind)
        .tag("reason", reason.name())
        .register(registry)
        .increment();
  }

  /**
   * Counts the IAM changes a converging reconcile applied as drift corrections when the resource
   * was already converged for its generation.
   *
   * @param wasConverged what {@link #wasConverged} says of the status before this reconcile
   * @param changes the number of IAM changes applied
   */
  public void changesApplied(HasMetadata resource, boolean wasConverged, int changes) {
    if (!wasConverged || changes <= 0) {
      return;
    }
    String kind = kindOf(resource);
    Counter.builder(DRIFT)
        .description("IAM changes applied to correct drift (not caused by a spec change)")
        .tag("kind", kind)
        .register(registry)
        .increment(changes);
  }

  /**
   * Counts one resync of a converged resource by how IAM was observed for it.
   *
   * @param observation {@code bulk} or {@code direct}
   */
  public void resync(HasMetadata resource, String observation) {
    Counter.builder(RESYNCS)
        .description("Resyncs of converged resources by how IAM was observed (bulk or direct)")
        .tag("kind", kindOf(resource))
        .tag("observation", observation)
        .register(registry)
        .increment();
  }

  /**
   * Records the reconcile that made {@code resource} Ready: counts the result, and the time since
   * creation when this is its first Ready (generation 1, not Ready before).
   *
   * @param previous the status before this reconcile, or null
   */
  public void ready(HasMetadata resource, ReadyStatus previous, Reason reason) {
    String kind = kindOf(resource);
    result(kind, reason);
    Long generation = resource.getMetadata().getGeneration();
    if (generation == null || generation != 1 || wasReady(previous)) {
      return;
    }
    Instant created = parse(resource.getMetadata().getCreationTimestamp());
    if (created == null) {
      return;
    }
    Duration elapsed = Duration.between(created, clock.instant());
    Timer.builder(TIME_TO_READY)
        .description("Time from creation to the first Ready=True of a resource")
        .tag("kind", kind)
        .serviceLevelObjectives(TIME_TO_READY_BUCKETS)
        .register(registry)
        .record(elapsed.isNegative() ? Duration.ZERO : elapsed);
  }

  /** True when {@code previous} says Ready=True for {@code generation}. */
  public static boolean wasConverged(ReadyStatus previous, Long generation) {
    return wasReady(previous)
        && generation != null
        && generation.equals(previous.getObservedGeneration())
        && previous
            .readyCondition()
            .map(
                c ->
                    c.getObservedGeneration() == null
                        || generation.equals(c.getObservedGeneration()))
            .orElse(false);
  }

  private static boolean wasReady(ReadyStatus previous) {
    return previous != null
        && previous.readyCondition().map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  private static String kindOf(HasMetadata resource) {
    return HasMetadata.getKind(resource.getClass());
  }

  private static Instant parse(String timestamp) {
    try {
      return timestamp == null ? null : Instant.parse(timestamp);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
