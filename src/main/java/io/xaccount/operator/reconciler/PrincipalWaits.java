package io.xaccount.operator.reconciler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * IAM rejects a principal it cannot see yet with "Invalid principal in policy". That is transient
 * for a while after the principal was created, and a spec error after that. This remembers, per
 * resource, since when IAM has been rejecting it.
 */
public final class PrincipalWaits {
  private final Clock clock;
  private final Duration window;
  private final Map<String, Instant> since = new ConcurrentHashMap<>();

  public PrincipalWaits(Clock clock, Duration window) {
    this.clock = clock;
    this.window = window;
  }

  /** Records a rejection and tells whether it is still within the window. */
  public boolean stillWaiting(String uid) {
    Instant first = since.computeIfAbsent(uid, k -> clock.instant());
    return Duration.between(first, clock.instant()).compareTo(window) < 0;
  }

  public Duration window() {
    return window;
  }

  /** Forgets the resource (it converged, or was deleted). */
  public void clear(String uid) {
    since.remove(uid);
  }
}
