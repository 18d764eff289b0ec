package io.xaccount.sandbox.bench;

import io.xaccount.sandbox.Flags;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The benchmark's command line: {@code bench [--roles N] [--grants N] [--accounts M] [--resyncs K]
 * [--resync-interval SECONDS] [--out DIR] [--no-pace] [--operator-process]}.
 *
 * @param pace IAM's pace in the emulator: 50 ms ± 40 % per call, 20 calls/s per account, burst 40
 * @param operatorProcess the operator runs as its own process (as deployed: kubeconfig and the AWS
 *     SDK's environment), so that its memory is measured apart from the embedded API and emulator
 */
record BenchOptions(
    int roles,
    int grants,
    int accounts,
    int resyncs,
    Duration resyncInterval,
    Path out,
    boolean pace,
    boolean operatorProcess) {

  static final String USAGE =
      "usage: quarkus-run.jar bench [--roles N] [--grants N] [--accounts M] [--resyncs K]"
          + " [--resync-interval SECONDS] [--out DIR] [--no-pace] [--operator-process]";
  static final double RATE = 20;
  static final int BURST = 40;
  static final Duration LATENCY = Duration.ofMillis(50);
  static final double JITTER = 0.4;

  static BenchOptions parse(List<String> args) {
    int roles = 100;
    int grants = 100;
    int accounts = 2;
    int resyncs = 1;
    Duration interval = Duration.ofSeconds(30);
    Path out = Path.of("target", "bench");
    boolean pace = true;
    boolean operatorProcess = false;
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
        default -> throw new IllegalArgumentException("unknown option " + flag);
      }
    }
    if (grants > roles) {
      throw new IllegalArgumentException("--grants: at most one grant per role (" + roles + ")");
    }
    return new BenchOptions(roles, grants, accounts, resyncs, interval, out, pace, operatorProcess);
  }
}
