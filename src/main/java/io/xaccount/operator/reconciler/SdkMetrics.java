package io.xaccount.operator.reconciler;

import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The Operator SDK's Micrometer metrics, per controller only. The SDK's Quarkus extension would
 * otherwise keep a timer and counters labelled with each resource's name and namespace: some twenty
 * meters per resource, which is most of the heap at 5,000 resources (issue 14) and a Prometheus
 * cardinality nobody can use. Our own metrics ({@link OperatorMetrics}) are labelled by kind and
 * reason for the same reason.
 */
public class SdkMetrics {
  @Produces
  @Singleton
  Metrics perControllerMetrics(MeterRegistry registry) {
    return MicrometerMetrics.withoutPerResourceMetrics(registry);
  }
}
