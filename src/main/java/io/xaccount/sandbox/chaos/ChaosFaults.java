package io.xaccount.sandbox.chaos;

import io.xaccount.emulator.IamEmulator;
import io.xaccount.kube.ApiFaults;
import java.time.Duration;

/**
 * The faults that hold for the whole chaos period. IAM: by default 10 % Throttling and 10 %
 * ServiceFailure before the call is applied, 3 % ServiceFailure after it was (the change happened,
 * the answer was lost; a seventh of the error rate), a 2 s latency spike on 5 % of calls, a 10 s
 * principal-propagation delay (a new role or user is not yet a valid trust principal, a new role
 * not yet assumable) and 3 s of read-after-write misses (a new role or policy is not found yet).
 * Kubernetes: 20 % of the operator's status writes answered 409 Conflict, 10 % of its requests
 * answered a second late.
 */
final class ChaosFaults {
  static final Duration PROPAGATION = Duration.ofSeconds(10);
  static final Duration READ_AFTER_WRITE = Duration.ofSeconds(3);

  private final IamEmulator emulator;
  private final ApiFaults api;
  private final double errorRate;

  /**
   * @param errorRatePercent the share of calls answered Throttling or ServiceFailure (half each)
   */
  ChaosFaults(IamEmulator emulator, ApiFaults api, int errorRatePercent) {
    this.emulator = emulator;
    this.api = api;
    this.errorRate = errorRatePercent / 100.0;
  }

  void on() {
    emulator
        .faults()
        .failRate(null, null, "Throttling", errorRate / 2)
        .failRate(null, null, "ServiceFailure", errorRate / 2)
        .failAfterApplyRate(null, null, "ServiceFailure", errorRate / 7)
        .latencySpikes(0.05, Duration.ofSeconds(2));
    emulator
        .setPrincipalPropagationDelay(PROPAGATION)
        .setAssumeRoleDelay(PROPAGATION)
        .setReadAfterCreateDelay(READ_AFTER_WRITE);
    api.conflicts(0.20).slow(0.10, Duration.ofSeconds(1));
  }

  /** Every fault off: what was created meanwhile is settled from now on. */
  void off() {
    emulator.faults().clear();
    emulator
        .setPrincipalPropagationDelay(Duration.ZERO)
        .setAssumeRoleDelay(Duration.ZERO)
        .setReadAfterCreateDelay(Duration.ZERO);
    api.clear();
  }
}
