package io.xaccount.operator.reconciler;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/** Wiring of the small shared pieces every reconciler uses. */
@ApplicationScoped
public class OperatorBeans {

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
  Ownership ownership(OperatorSettings settings) {
    return new Ownership(settings.clusterName());
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
