package io.xaccount.operator.iam;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long something may go unused, as the API writes it: days, hours, minutes and seconds, in that
 * order, each optional but one present ({@code 90d}, {@code 36h}, {@code 1d12h}, {@code 45s}). A
 * day is 24 hours. Grant windows keep their own shorter form ({@link GrantWindow#parseDuration}).
 */
public final class Periods {
  private static final Pattern PERIOD =
      Pattern.compile("^(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?$");

  private Periods() {}

  /** The period, empty when {@code value} is not one or is zero. */
  public static Optional<Duration> parse(String value) {
    if (value == null || value.isEmpty()) {
      return Optional.empty();
    }
    Matcher m = PERIOD.matcher(value);
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      Duration d =
          Duration.ofDays(number(m.group(1)))
              .plusHours(number(m.group(2)))
              .plusMinutes(number(m.group(3)))
              .plusSeconds(number(m.group(4)));
      return d.isZero() ? Optional.empty() : Optional.of(d);
    } catch (ArithmeticException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static long number(String digits) {
    return digits == null ? 0 : Long.parseLong(digits);
  }
}
