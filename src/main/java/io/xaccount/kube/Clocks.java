package io.xaccount.kube;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Timestamps as the API server writes them: RFC 3339, UTC, whole seconds. */
final class Clocks {
  private Clocks() {}

  static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
