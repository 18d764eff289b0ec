package io.xaccount.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void growsExponentiallyWithJitterUpToTheCapAndResets() {
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

    assertThat(backoff.next("a").toMillis()).isBetween(800L, 1200L);
    assertThat(backoff.next("a").toMillis()).isBetween(1600L, 2400L);
    assertThat(backoff.next("a").toMillis()).isBetween(3200L, 4800L);
    for (int i = 0; i < 40; i++) {
      backoff.next("a");
    }
    assertThat(backoff.next("a").toMillis()).isBetween(24_000L, 36_000L);
    assertThat(backoff.next("b").toMillis()).as("per resource").isBetween(800L, 1200L);

    backoff.reset("a");
    assertThat(backoff.next("a").toMillis()).isBetween(800L, 1200L);
  }
}
