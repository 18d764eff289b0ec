package io.xaccount.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Polls the applied resources until every one is Ready, one has failed terminally, or the time is
 * up. Polling keeps this simple and independent of the operator's internals.
 */
final class ReadinessWait {
  private static final Duration POLL = Duration.ofMillis(500);

  /** How the wait ended, with each resource as last seen. */
  record Result(boolean allReady, boolean timedOut, List<Observed> resources) {}

  private final KubernetesClient client;
  private final Clock clock;

  ReadinessWait(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  Result await(List<Applied> applied, Duration timeout) throws InterruptedException {
    Instant deadline = clock.instant().plus(timeout);
    while (true) {
      List<Observed> observed = observe(applied);
      boolean allReady = observed.stream().allMatch(Observed::isReady);
      boolean terminal = observed.stream().anyMatch(Observed::isTerminal);
      if (allReady || terminal) {
        return new Result(allReady, false, observed);
      }
      if (!clock.instant().isBefore(deadline)) {
        return new Result(false, true, observed);
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  List<Observed> observe(List<Applied> applied) {
    return applied.stream().map(a -> Observed.of(a, read(a))).toList();
  }

  private GenericKubernetesResource read(Applied a) {
    var resources = client.genericKubernetesResources(a.context());
    return a.namespace() == null
        ? resources.withName(a.name()).get()
        : resources.inNamespace(a.namespace()).withName(a.name()).get();
  }
}
