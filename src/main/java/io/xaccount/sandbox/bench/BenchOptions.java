package io.xaccount.sandbox.bench;

import io.xaccount.sandbox.Flags;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The benchmark's command line: {@code bench [--roles N] [--grants N] [--accounts M] [--resyncs K]
 * [--resync-interval SECONDS] [--out DIR] [--no-pace] [--operator-process] [--operator-log LEVEL]}.
 *
 * @param pace IAM's pace in the emulator: 50 ms ± 40 % per call, 20 calls/s per account, burst 40
 * @param operatorProcess the operator runs as its own process (as deployed: kubeconfig and the AWS
 *     SDK's environment), so that its memory is measured apart from the embedded API and emulator
 * @param operatorLogLevel the operator process's log level for its own categories ({@code WARN}
 *     unless told: at INFO, 10,000 resources' logging is work of its own on two cores)
 * @param until the last phase to run ({@code create}, {@code steady}, {@code restart}, {@code
 *     change}, {@code delete}): a diagnosis of the create wave or the restart need not wait for the
 *     delete wave
 */
record BenchOptions(
    int roles,
    int grants,
    int accounts,
    int resyncs,
    Duration resyncInterval,
    Path out,
    boolean pace,
    boolean operatorProcess,
    String operatorLogLevel,
    String until) {

  static final String USAGE =
      "usage: quarkus-run.jar bench [--roles N] [--grants N] [--accounts M] [--resyncs K]"
          + " [--resync-interval SECONDS] [--out DIR] [--no-pace] [--operator-process]"
          + " [--operator-log LEVEL] [--until PHASE]";

  /** The phases in the order they run. */
  static final List<String> PHASES = List.of("create", "steady", "restart", "change", "delete");

  private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
  static final double RATE = 20;
  static final int BURST = 40;
  static final Duration LATENCY = Duration.ofMillis(50);
  static final double JITTER = 0.4;

  /** Whether {@code phase} runs: it comes no later than {@link #until}. */
  boolean runs(String phase) {
    return PHASES.indexOf(phase) <= PHASES.indexOf(until);
  }

  static BenchOptions parse(List<String> args) {
    int roles = 100;
    int grants = 100;
    int accounts = 2;
    int resyncs = 1;
    Duration interval = Duration.ofSeconds(30);
    Path out = Path.of("target", "bench");
    boolean pace = true;
    boolean operatorProcess = false;
    String operatorLog = "WARN";
    String until = "delete";
    for (int i = 0; i < args.size(); i++) {
      String flag = args.get(i);
      if (flag.equals("--no-pace")) {
        pace = false;
        continue;
      }
      if (flag.equals("--operator-process")) {
        operatorProcess = true;
        continue;
      }
      if (i + 1 >= args.size()) {
        throw new IllegalArgumentException(flag + " needs a value");
      }
      String value = args.get(++i);
      switch (flag) {
        case "--roles" -> roles = Flags.number(flag, value, 1);
        case "--grants" -> grants = Flags.number(flag, value, 0);
        case "--accounts" -> accounts = Flags.number(flag, value, 2);
        case "--resyncs" -> resyncs = Flags.number(flag, value, 0);
        case "--resync-interval" -> interval = Duration.ofSeconds(Flags.number(flag, value, 5));
        case "--out" -> out = Path.of(value);
        case "--until" -> {
          until = value;
          if (!PHASES.contains(until)) {
            throw new IllegalArgumentException(
                "--until: one of " + String.join(", ", PHASES) + ", not " + value);
          }
        }
        case "--operator-log" -> {
          operatorLog = value.toUpperCase(java.util.Locale.ROOT);
          if (!LEVELS.contains(operatorLog)) {
            throw new IllegalArgumentException(
                "--operator-log: one of TRACE, DEBUG, INFO, WARN, ERROR, not " + value);
          }
        }
        default -> throw new IllegalArgumentException("unknown option " + flag);
      }
    }
    if (grants > roles) {
      throw new IllegalArgumentException("--grants: at most one grant per role (" + roles + ")");
    }
    return new BenchOptions(
        roles, grants, accounts, resyncs, interval, out, pace, operatorProcess, operatorLog, until);
  }
}
