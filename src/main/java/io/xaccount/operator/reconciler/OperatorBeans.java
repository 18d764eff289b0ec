package io.xaccount.operator.reconciler;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import org.jboss.logging.Logger;

/** Wiring of the small shared pieces every reconciler uses. */
@ApplicationScoped
public class OperatorBeans {
  private static final Logger LOG = Logger.getLogger(OperatorBeans.class);

  @Produces
  @ApplicationScoped
  Clock clock() {
    return Clock.systemUTC();
  }

  @Produces
  @ApplicationScoped
  ReadyConditions readyConditions(Clock clock) {
    return new ReadyConditions(clock);
  }

  @Produces
  @ApplicationScoped
  Ownership ownership(OperatorSettings settings, KubernetesClient kubernetes) {
    return new Ownership(ClusterIdentity.resolve(settings.clusterName(), kubernetes));
  }

  /**
   * Resolves the cluster identity at start-up: an operator that cannot tell its cluster apart must
   * not start tagging entities.
   */
  void logClusterIdentity(@Observes StartupEvent startup, Ownership ownership) {
    LOG.infof("Cluster identity in ownership tags: %s", ownership.cluster());
  }

  @Produces
  @ApplicationScoped
  PrincipalWaits principalWaits(Clock clock, OperatorSettings settings) {
    return new PrincipalWaits(clock, settings.principalVisibilityWindow());
  }

  @Produces
  @ApplicationScoped
  Backoff backoff(Backoff.Settings settings) {
    return new Backoff(settings.initial(), settings.max());
  }
}
