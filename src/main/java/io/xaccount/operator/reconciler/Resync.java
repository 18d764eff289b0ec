package io.xaccount.operator.reconciler;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** The jittered interval after which a converged resource is re-read from IAM. */
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
}
