package io.xaccount.emulator.knobs;

import java.time.Clock;

/** A token bucket on an injectable clock, so rate-limit tests can be deterministic. */
final class TokenBucket {
  private final Clock clock;
  private final double perSecond;
  private final int burst;
  private double tokens;
  private long lastMillis;

  TokenBucket(Clock clock, double perSecond, int burst) {
    this.clock = clock;
    this.perSecond = perSecond;
    this.burst = burst;
    this.tokens = burst;
    this.lastMillis = clock.millis();
  }

  synchronized boolean tryAcquire() {
    long now = clock.millis();
    tokens = Math.min(burst, tokens + (now - lastMillis) / 1000.0 * perSecond);
    lastMillis = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
