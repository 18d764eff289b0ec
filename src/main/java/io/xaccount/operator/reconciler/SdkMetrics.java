package io.xaccount.operator.reconciler;

import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.stream.DoubleStream;

/**
 * The Operator SDK's Micrometer metrics, per controller only, with few histogram buckets. The SDK's
 * Quarkus extension would otherwise keep a timer and counters labelled with each resource's name
 * and namespace: some twenty meters per resource, which is most of the heap at 5,000 resources
 * (issue 14) and a Prometheus cardinality nobody can use. Our own metrics ({@link OperatorMetrics})
 * are labelled by kind and reason for the same reason.
 */
public class SdkMetrics {
  /** JOSDK's reconcile timer; Micrometer's name of {@code ..._reconcile_seconds}. */
  static final String RECONCILE_TIMER = "operator.sdk.controllers.execution.reconcile";

  /** Seconds: a reconcile is quick, slow (IAM throttling, backoff inside the call) or stuck. */
  static final double[] RECONCILE_BUCKETS_SECONDS = {0.1, 0.5, 1, 5, 30, 120};

  @Produces
  @Singleton
  Metrics perControllerMetrics(MeterRegistry registry) {
    return MicrometerMetrics.withoutPerResourceMetrics(registry);
  }

  /**
   * The SDK publishes its reconcile timer as a histogram of ~70 buckets per controller; these few
   * answer what an alert or a dashboard asks, at a tenth of the series.
   */
  @Produces
  @Singleton
  MeterFilter fewerReconcileBuckets() {
    double[] nanos =
        DoubleStream.of(RECONCILE_BUCKETS_SECONDS).map(s -> s * 1_000_000_000d).toArray();
    return new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(
          Meter.Id id, DistributionStatisticConfig config) {
        if (!id.getName().equals(RECONCILE_TIMER)) {
          return config;
        }
        return DistributionStatisticConfig.builder()
            .percentilesHistogram(false)
            .serviceLevelObjectives(nanos)
            .build()
            .merge(config);
      }
    };
  }
}
