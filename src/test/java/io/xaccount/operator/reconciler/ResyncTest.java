package io.xaccount.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When a resource is looked at again: the jittered resync, and just past an instant it names. */
class ResyncTest {
  private static final Instant NOW = Instant.parse("2030-01-31T12:00:00Z");

  @Test
  void aResyncIsTheIntervalLessUpToATenth() {
    for (int i = 0; i < 100; i++) {
      assertThat(Resync.after(Duration.ofHours(1)))
          .isBetween(Duration.ofMinutes(54), Duration.ofHours(1));
    }
  }

  @Test
  void theWakeUpComesJustAfterTheInstantSoThatItIsPastWhenTheReconcileRuns() {
    assertThat(Resync.until(NOW.plusSeconds(8), NOW)).isEqualTo(Duration.ofMillis(8001));
    // The timer counts whole milliseconds: a fraction rounds up, never down (early).
    assertThat(Resync.until(NOW.plusNanos(2_500_000), NOW)).isEqualTo(Duration.ofMillis(4));
    assertThat(Resync.until(NOW.minusSeconds(5), NOW)).isEqualTo(Duration.ofMillis(1));
  }
}
