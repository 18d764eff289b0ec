package io.xaccount.operator.reconciler;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter for recoverable failures, per resource UID: the n-th consecutive
 * failure waits about {@code base * 2^n}, capped; a success resets the count.
 */
public final class Backoff {
  /** Backoff settings ({@code xaccount.backoff.*}). */
  @ConfigMapping(prefix = "xaccount.backoff")
  public interface Settings {
    @WithDefault("5s")
    Duration initial();

    @WithDefault("5m")
    Duration max();
  }

  private final Duration initial;
  private final Duration max;
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();

  public Backoff(Duration initial, Duration max) {
    this.initial = initial;
    this.max = max;
  }

  /** Records one more failure of the resource and returns how long to wait before retrying. */
  public Duration next(String uid) {
    int n = failures.merge(uid, 1, Integer::sum) - 1;
    long millis = initial.toMillis() << Math.min(n, 20);
    long capped = Math.min(millis, max.toMillis());
    // +/-20% jitter so that many resources failing together do not retry in lockstep.
    long jitter = (long) (capped * 0.2 * (ThreadLocalRandom.current().nextDouble() * 2 - 1));
    return Duration.ofMillis(Math.max(1, capped + jitter));
  }

  /** Forgets the failures of a resource that succeeded (or was deleted). */
  public void reset(String uid) {
    failures.remove(uid);
  }
}
