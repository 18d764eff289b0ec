package io.xaccount.operator.iam;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a grant is in effect: after {@code notBefore} (if any) and before its end (if any), unless
 * it was revoked. IAM enforces the window itself (the statement carries the two instants as literal
 * {@code aws:CurrentTime} conditions); the operator only follows it.
 *
 * <p>The window starts at {@code spec.notBefore} when the spec sets one; otherwise when the grant
 * first became active, as the status remembers it ({@code status.activeSince}), or now. It ends at
 * {@code spec.expiresAt}, or {@code spec.duration} after its start, or never. So a duration is
 * resolved once: a grant applied late, or retried for a while, still gets its whole duration, and a
 * grant that ran out does not start over at the next reconcile.
 *
 * @param notBefore the instant before which IAM denies the grant, or null
 * @param start when the window opens: notBefore, or when the grant first became active
 * @param end the instant from which IAM denies the grant, or null for a grant that does not end
 * @param revokedAt when the grant was revoked by hand, or null
 */
public record GrantWindow(Instant notBefore, Instant start, Instant end, Instant revokedAt) {

  /** Where a grant stands in its window. */
  public enum Phase {
    /** Before notBefore: IAM holds the statement, and denies it until then. */
    Scheduled,
    /** In the window. */
    Active,
    /** The window ran out, or the grant was revoked: IAM holds no statement for it. */
    Expired
  }

  private static final Pattern DURATION =
      Pattern.compile("^(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?$");

  /**
   * The window of a grant's spec.
   *
   * @param notBefore {@code spec.notBefore} (RFC 3339), or null
   * @param expiresAt {@code spec.expiresAt} (RFC 3339), or null
   * @param duration {@code spec.duration} ({@code 8h}, {@code 90m}, {@code 1h30m}), or null
   * @param activeSince when the grant first became active, as the status remembers it, or null
   * @param revokedAt when it was revoked, or null
   * @param now the current time
   * @return the window, or the fields that cannot make one
   */
  public static Validated<GrantWindow> resolve(
      String notBefore,
      String expiresAt,
      String duration,
      Instant activeSince,
      Instant revokedAt,
      Instant now) {
    List<String> errors = new ArrayList<>();
    Instant after = instant("spec.notBefore", notBefore, errors);
    Instant until = instant("spec.expiresAt", expiresAt, errors);
    Duration length = duration(duration, errors);
    if (until != null && length != null) {
      errors.add("spec.expiresAt and spec.duration: set one of them, not both");
    }
    if (!errors.isEmpty()) {
      return Validated.invalid(errors);
    }
    Instant start =
        after != null
            ? after
            : activeSince != null ? activeSince : now.truncatedTo(ChronoUnit.SECONDS);
    Instant end = until != null ? until : length != null ? start.plus(length) : null;
    if (after != null && end != null && !end.isAfter(after)) {
      return Validated.invalid(
          List.of(
              "spec.expiresAt: %s is not after spec.notBefore %s: the grant would never be in effect"
                  .formatted(end, after)));
    }
    return Validated.valid(new GrantWindow(after, start, end, revokedAt));
  }

  /** The phase at {@code now}. */
  public Phase phaseAt(Instant now) {
    if (revokedAt != null || (end != null && !now.isBefore(end))) {
      return Phase.Expired;
    }
    if (notBefore != null && now.isBefore(notBefore)) {
      return Phase.Scheduled;
    }
    return Phase.Active;
  }

  /** The next instant after {@code now} at which the phase changes, if any. */
  public Optional<Instant> nextChange(Instant now) {
    return switch (phaseAt(now)) {
      case Scheduled -> Optional.of(notBefore);
      case Active -> Optional.ofNullable(end);
      case Expired -> Optional.empty();
    };
  }

  /** How long the window is open, empty when it never ends. */
  public Optional<Duration> length() {
    return end == null ? Optional.empty() : Optional.of(Duration.between(start, end));
  }

  /** When the grant stopped being in effect: its revocation or its end, whichever came first. */
  public Optional<Instant> endedAt() {
    if (revokedAt != null && (end == null || revokedAt.isBefore(end))) {
      return Optional.of(revokedAt);
    }
    return Optional.ofNullable(end);
  }

  /**
   * A duration as the API writes it: hours, minutes and seconds, in that order, each optional but
   * one present ({@code 8h}, {@code 90m}, {@code 1h30m}, {@code 45s}).
   */
  public static Optional<Duration> parseDuration(String value) {
    Matcher m = DURATION.matcher(value == null ? "" : value);
    if (value == null || value.isEmpty() || !m.matches()) {
      return Optional.empty();
    }
    try {
      Duration d =
          Duration.ofHours(number(m.group(1)))
              .plusMinutes(number(m.group(2)))
              .plusSeconds(number(m.group(3)));
      return Optional.of(d);
    } catch (ArithmeticException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** A duration as the API writes it, e.g. {@code 8h}, {@code 1h30m}, {@code 45s}. */
  public static String format(Duration d) {
    StringBuilder out = new StringBuilder();
    if (d.toHours() > 0) {
      out.append(d.toHours()).append('h');
    }
    if (d.toMinutesPart() > 0) {
      out.append(d.toMinutesPart()).append('m');
    }
    if (d.toSecondsPart() > 0 || out.isEmpty()) {
      out.append(d.toSecondsPart()).append('s');
    }
    return out.toString();
  }

  /** An RFC 3339 timestamp, empty when it is not one. */
  public static Optional<Instant> parseInstant(String value) {
    try {
      return value == null
          ? Optional.empty()
          : Optional.of(OffsetDateTime.parse(value).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static long number(String digits) {
    return digits == null ? 0 : Long.parseLong(digits);
  }

  private static Instant instant(String field, String value, List<String> errors) {
    if (value == null) {
      return null;
    }
    Optional<Instant> parsed = parseInstant(value);
    if (parsed.isEmpty()) {
      errors.add(
          "%s: \"%s\" is not an RFC 3339 time, e.g. 2030-01-31T09:00:00Z".formatted(field, value));
      return null;
    }
    return parsed.get();
  }

  private static Duration duration(String value, List<String> errors) {
    if (value == null) {
      return null;
    }
    Optional<Duration> parsed = parseDuration(value);
    if (parsed.isEmpty() || parsed.get().isZero()) {
      errors.add(
          "spec.duration: \"%s\" is not a positive duration in hours, minutes and seconds, e.g. 8h or 1h30m"
              .formatted(value));
      return null;
    }
    return parsed.get();
  }
}
