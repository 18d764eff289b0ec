package io.xaccount.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The sandbox command line: {@code sandbox [--apply PATH]... [--once] [--timeout SECONDS] [--report
 * FILE] [--iam-snapshot DIR] [--accounts ID,ID,...] [--iam-delay SECONDS]}.
 *
 * @param iamDelay IAM's eventual consistency in the emulator: how long a new user or role stays
 *     invalid as a trust principal and a new role cannot be assumed (0: off)
 */
public record SandboxOptions(
    List<Path> apply,
    boolean once,
    Duration timeout,
    Optional<Path> report,
    Optional<Path> iamSnapshot,
    List<String> accounts,
    Duration iamDelay) {

  static final Duration DEFAULT_IAM_DELAY = Duration.ofSeconds(2);
  public static final List<String> DEFAULT_ACCOUNTS = List.of("111111111111", "123456789012");
  private static final List<String> FLAGS =
      List.of(
          "--apply",
          "--once",
          "--timeout",
          "--report",
          "--iam-snapshot",
          "--accounts",
          "--iam-delay");
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
  static final String USAGE =
      "usage: quarkus-run.jar sandbox [--apply PATH]... [--once] [--timeout SECONDS]"
          + " [--report FILE] [--iam-snapshot DIR] [--accounts ID,ID,...] [--iam-delay SECONDS]";

  /** Parses the arguments after {@code sandbox}; throws {@link IllegalArgumentException}. */
  public static SandboxOptions parse(List<String> args) {
    List<Path> apply = new ArrayList<>();
    boolean once = false;
    Duration timeout = DEFAULT_TIMEOUT;
    Path report = null;
    Path snapshot = null;
    List<String> accounts = DEFAULT_ACCOUNTS;
    Duration iamDelay = DEFAULT_IAM_DELAY;
    for (Map.Entry<String, String> given : Flags.parse(args, FLAGS, Set.of("--once"))) {
      String flag = given.getKey();
      String value = given.getValue();
      switch (flag) {
        case "--apply" -> apply.add(Path.of(value));
        case "--once" -> once = true;
        case "--timeout" -> timeout = Duration.ofSeconds(positive(flag, value));
        case "--report" -> report = Path.of(value);
        case "--iam-snapshot" -> snapshot = Path.of(value);
        case "--accounts" -> accounts = accountIds(value);
        case "--iam-delay" -> iamDelay = Duration.ofSeconds(notNegative(flag, value));
        default -> throw new IllegalArgumentException("unknown option " + flag);
      }
    }
    return new SandboxOptions(
        List.copyOf(apply),
        once,
        timeout,
        Optional.ofNullable(report),
        Optional.ofNullable(snapshot),
        accounts,
        iamDelay);
  }

  private static long notNegative(String flag, String value) {
    return value.equals("0") ? 0 : positive(flag, value);
  }

  /** A positive number of seconds given to {@code flag}, or an IllegalArgumentException. */
  public static long positive(String flag, String value) {
    try {
      long seconds = Long.parseLong(value);
      if (seconds > 0) {
        return seconds;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(flag + " needs a positive number of seconds, not " + value);
  }

  private static List<String> accountIds(String value) {
    List<String> ids = Arrays.stream(value.split(",")).map(String::trim).distinct().toList();
    for (String id : ids) {
      if (!id.matches("\\d{12}")) {
        throw new IllegalArgumentException("--accounts: not a 12-digit account ID: " + id);
      }
    }
    return ids;
  }
}
