package io.xaccount.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Polls the applied resources until every one is settled (Ready, failed terminally, or blocked on
 * something nothing applied will provide: {@link Settlement}) or the time is up, so that the
 * verdict covers every resource. Polling keeps this simple and independent of the operator's
 * internals.
 */
public final class ReadinessWait {
  private static final Duration POLL = Duration.ofMillis(500);

  /** How the wait ended, with each resource as last seen. */
  public record Result(
      boolean allReady, boolean timedOut, List<Observed> resources, Map<Applied, String> blocked) {}

  private final KubernetesClient client;
  private final Clock clock;

  public ReadinessWait(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public Result await(List<Applied> applied, Duration timeout) throws InterruptedException {
    Instant deadline = clock.instant().plus(timeout);
    while (true) {
      List<Observed> observed = observe(applied);
      boolean allReady = observed.stream().allMatch(Observed::isReady);
      Map<Applied, String> blocked = Settlement.blocked(observed);
      boolean settled =
          observed.stream()
              .allMatch(o -> o.isReady() || o.isTerminal() || blocked.containsKey(o.applied()));
      if (settled) {
        return new Result(allReady, false, observed, blocked);
      }
      if (!clock.instant().isBefore(deadline)) {
        return new Result(false, true, observed, blocked);
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  /**
   * Waits at most {@code timeout} until the roles' access maps show their grants as they stand
   * ({@link CurrentAccessMaps}); afterwards they are reported as they are.
   */
  void awaitAccessMaps(List<Applied> applied, Duration timeout) throws InterruptedException {
    Instant deadline = clock.instant().plus(timeout);
    while (!CurrentAccessMaps.current(observe(applied)) && clock.instant().isBefore(deadline)) {
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
