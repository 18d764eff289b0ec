package io.xaccount.operator.reconciler;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The jittered interval after which a converged resource is re-read from IAM, and the delay until
 * an instant a resource must be looked at again.
 */
public final class Resync {
  private Resync() {}

  /** {@code interval} minus up to 10%, so that resources created together spread out. */
  public static Duration after(Duration interval) {
    long millis = interval.toMillis();
    return Duration.ofMillis(millis - ThreadLocalRandom.current().nextLong(millis / 10 + 1));
  }

  /**
   * The shortest time {@link #after} ever gives: two resyncs of one resource are at least this far
   * apart.
   */
  public static Duration shortest(Duration interval) {
    long millis = interval.toMillis();
    return Duration.ofMillis(millis - millis / 10);
  }

  /**
   * The delay from {@code now} until just past {@code at}: rounded up to the millisecond the timer
   * counts in, plus one, so that the reconcile it triggers sees {@code at} as past (never zero).
   */
  public static Duration until(Instant at, Instant now) {
    Duration d = Duration.between(now, at);
    if (d.isNegative()) {
      return Duration.ofMillis(1);
    }
    long millis = d.toMillis() + (d.minusMillis(d.toMillis()).isZero() ? 0 : 1);
    return Duration.ofMillis(millis + 1);
  }
}
