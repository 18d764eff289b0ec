package io.xaccount.sandbox.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xaccount.emulator.knobs.Call;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchReportTest {
  private static final Instant START = Instant.parse("2026-12-07T12:00:00Z");

  @Test
  void theBusiestAccountsFirstAndLastCallsAndItsSecondsWithoutOne() {
    List<Call> calls = new ArrayList<>();
    // The busy account: calls in seconds 2, 3 and 7 of a 10-s phase; the other account one call.
    for (long millis : new long[] {2_100, 2_900, 3_500, 7_250}) {
      calls.add(call("111111111111", millis));
    }
    calls.add(call("222222222222", 500));
    BenchRun.Phase phase = new BenchRun.Phase("create", START, Duration.ofSeconds(10), calls, true);

    // The wave was applied during the first 3 s.
    ObjectNode busiest = BenchReport.busiestAccount(phase, Duration.ofSeconds(3));

    assertThat(busiest.path("account").asText()).isEqualTo("111111111111");
    assertThat(busiest.path("calls").asInt()).isEqualTo(4);
    assertThat(busiest.path("firstCallSeconds").asDouble()).isEqualTo(2.1);
    assertThat(busiest.path("lastCallSeconds").asDouble()).isEqualTo(7.25);
    // Seconds 0, 1, 4, 5, 6, 8 and 9 had no call of that account.
    assertThat(busiest.path("idleSeconds").asInt()).isEqualTo(7);
    // Two calls in the 3 s of the wave; two in the 4.25 s from then to the last call.
    assertThat(busiest.path("perSecondWhileApplying").asDouble()).isEqualTo(0.7);
    assertThat(busiest.path("perSecondAfterApplying").asDouble()).isEqualTo(0.5);
  }

  @Test
  void aPhaseWithoutCallsHasNoBusiestAccount() {
    BenchRun.Phase phase =
        new BenchRun.Phase("create", START, Duration.ofSeconds(3), List.of(), true);

    assertThat(BenchReport.busiestAccount(phase, Duration.ZERO).isEmpty()).isTrue();
  }

  @Test
  void theSlowestBreakGlassGrantsWaitIsListedAsItsAccountsCallsFromApplyToReady() {
    List<Call> calls =
        List.of(
            call("123456789012", 900), // before its apply
            call("123456789012", 1_250),
            call("111111111111", 1_500), // another account
            new Call(
                3,
                "sts",
                "GetCallerIdentity",
                "123456789012",
                null,
                START.plusMillis(2_000),
                null,
                null),
            call("123456789012", 4_000)); // after its Ready

    List<String> waited =
        BreakGlass.callsWhileWaiting(
            calls, "123456789012", START.plusSeconds(1), START.plusSeconds(3));

    assertThat(waited).containsExactly("+0.25 iam:CreateRole r", "+1.00 sts:GetCallerIdentity");
  }

  private static Call call(String account, long millis) {
    return new Call(
        millis, "iam", "CreateRole", account, null, START.plusMillis(millis), null, "r");
  }
}
