package io.xaccount.sandbox.chaos;

import io.xaccount.sandbox.Flags;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The chaos run's command line: {@code chaos [--resources N] [--kills K] [--duration SECONDS]
 * [--resync-interval SECONDS] [--iam-error-rate PERCENT] [--backoff-max SECONDS] [--seed S] [--out
 * DIR]}.
 *
 * @param resources roles, grants and colliding resources applied in the create wave
 * @param kills SIGKILLs of the operator, spread over the chaos period
 * @param duration the chaos period: the waves run inside it and the faults last until its end (or
 *     until the waves are done, when they take longer)
 * @param resyncInterval the operator's drift resync, which undoes the out-of-band edits
 * @param iamErrorRate the share of IAM calls answered Throttling or ServiceFailure (half each), in
 *     percent
 * @param backoffMax the operator's longest wait after failures ({@code xaccount.backoff.max}, and
 *     then a 1 s first wait); empty: the operator's defaults (5 s doubling to 5 min)
 */
record ChaosOptions(
    int resources,
    int kills,
    Duration duration,
    Duration resyncInterval,
    int iamErrorRate,
    Optional<Duration> backoffMax,
    long seed,
    Path out) {

  static final String USAGE =
      "usage: quarkus-run.jar chaos [--resources N] [--kills K] [--duration SECONDS]"
          + " [--resync-interval SECONDS] [--iam-error-rate PERCENT] [--backoff-max SECONDS]"
          + " [--seed S] [--out DIR]";

  static ChaosOptions parse(List<String> args) {
    int resources = 50;
    int kills = 3;
    Duration duration = Duration.ofSeconds(90);
    Duration resync = Duration.ofSeconds(20);
    int errorRate = 20;
    Duration backoffMax = null;
    long seed = 15;
    Path out = Path.of("target", "chaos");
    for (int i = 0; i < args.size(); i++) {
      String flag = args.get(i);
      if (i + 1 >= args.size()) {
        throw new IllegalArgumentException(flag + " needs a value");
      }
      String value = args.get(++i);
      switch (flag) {
        case "--resources" -> resources = Flags.number(flag, value, 10);
        case "--kills" -> kills = Flags.number(flag, value, 0);
        case "--duration" -> duration = Duration.ofSeconds(Flags.number(flag, value, 10));
        case "--resync-interval" -> resync = Duration.ofSeconds(Flags.number(flag, value, 5));
        case "--iam-error-rate" -> errorRate = Flags.number(flag, value, 0);
        case "--backoff-max" -> backoffMax = Duration.ofSeconds(Flags.number(flag, value, 1));
        case "--seed" -> seed = Flags.number(flag, value, 0);
        case "--out" -> out = Path.of(value);
        default -> throw new IllegalArgumentException("unknown option " + flag);
      }
    }
    return new ChaosOptions(
        resources,
        kills,
        duration,
        resync,
        Math.min(errorRate, 90),
        Optional.ofNullable(backoffMax),
        seed,
        out);
  }
}
