package io.xaccount.operator.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.xaccount.operator.iam.GrantWindow.Phase;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A grant's window: when it opens and ends, what phase it is in, and when that changes next. */
class GrantWindowTest {
  static final Instant NOW = Instant.parse("2030-01-31T12:00:00.250Z");

  private static Instant t(String time) {
    return time == null || time.isEmpty() ? null : Instant.parse(time);
  }

  private static GrantWindow window(
      String notBefore, String expiresAt, String duration, String activeSince) {
    return GrantWindow.resolve(notBefore, expiresAt, duration, t(activeSince), null, NOW).get();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "",
      textBlock =
          """
          no window: active for good           |                      |                           |      |                      | Active    |                      |
          before notBefore                     | 2030-01-31T13:00:00Z | 2030-01-31T21:00:00Z      |      |                      | Scheduled | 2030-01-31T13:00:00Z | 2030-01-31T21:00:00Z
          notBefore plus a duration            | 2030-01-31T13:00:00Z |                           | 8h   |                      | Scheduled | 2030-01-31T13:00:00Z | 2030-01-31T21:00:00Z
          inside, until expiresAt              | 2030-01-31T09:00:00Z | 2030-01-31T17:00:00Z      |      |                      | Active    | 2030-01-31T17:00:00Z | 2030-01-31T17:00:00Z
          notBefore counts, not a late apply   | 2030-01-31T09:00:00Z |                           | 2h   |                      | Expired   |                      | 2030-01-31T11:00:00Z
          a duration from now, the first time  |                      |                           | 8h   |                      | Active    | 2030-01-31T20:00:00Z | 2030-01-31T20:00:00Z
          a duration from when it became active|                      |                           | 1h30m| 2030-01-31T11:00:00Z | Active    | 2030-01-31T12:30:00Z | 2030-01-31T12:30:00Z
          a duration that ran out              |                      |                           | 8h   | 2030-01-31T03:00:00Z | Expired   |                      | 2030-01-31T11:00:00Z
          expiresAt reached exactly            |                      | 2030-01-31T12:00:00Z      |      |                      | Expired   |                      | 2030-01-31T12:00:00Z
          expiresAt with an offset             |                      | 2030-01-31T14:00:00+01:00 |      |                      | Active    | 2030-01-31T13:00:00Z | 2030-01-31T13:00:00Z
          """)
  void phaseAndNextChange(
      String description,
      String notBefore,
      String expiresAt,
      String duration,
      String activeSince,
      Phase phase,
      String next,
      String end) {
    GrantWindow w = window(notBefore, expiresAt, duration, activeSince);
    assertThat(w.phaseAt(NOW)).isEqualTo(phase);
    assertThat(w.nextChange(NOW)).isEqualTo(java.util.Optional.ofNullable(t(next)));
    assertThat(w.end()).isEqualTo(t(end));
  }

  @Test
  void aDurationStartsAtTheSecondTheGrantFirstBecomesActiveAndStaysAnchoredThere() {
    GrantWindow first = window(null, null, "8h", null);
    assertThat(first.start()).isEqualTo(Instant.parse("2030-01-31T12:00:00Z"));
    // A later reconcile reads the start back from status.activeSince: the end does not move.
    GrantWindow later =
        GrantWindow.resolve(null, null, "8h", first.start(), null, NOW.plusSeconds(600)).get();
    assertThat(later.end()).isEqualTo(first.end());
  }

  @Test
  void aRevokedGrantHasEndedWhateverItsWindowSays() {
    Instant revoked = Instant.parse("2030-01-31T11:30:00Z");
    GrantWindow w =
        GrantWindow.resolve(null, "2030-01-31T17:00:00Z", null, null, revoked, NOW).get();
    assertThat(w.phaseAt(NOW)).isEqualTo(Phase.Expired);
    assertThat(w.nextChange(NOW)).isEmpty();
    assertThat(w.endedAt()).contains(revoked);
  }

  @Test
  void theStartOfAnActiveWindowIsWhereItsLengthIsMeasuredFrom() {
    assertThat(window("2030-01-31T09:00:00Z", "2030-01-31T17:00:00Z", null, null).length())
        .contains(Duration.ofHours(8));
    assertThat(window(null, "2030-01-31T17:00:00Z", null, "2030-01-31T08:00:00Z").length())
        .contains(Duration.ofHours(9));
    assertThat(window(null, null, null, null).length()).isEmpty();
  }

  @ParameterizedTest(name = "{0} / {1} / {2}")
  @CsvSource(
      delimiter = '|',
      nullValues = "",
      textBlock =
          """
          2030-01-31 09:00    |                      |      | spec.notBefore: "2030-01-31 09:00" is not an RFC 3339 time
                              | tomorrow             |      | spec.expiresAt: "tomorrow" is not an RFC 3339 time
                              |                      | 8 h  | spec.duration: "8 h" is not a positive duration
                              |                      | 0h   | spec.duration: "0h" is not a positive duration
                              |                      | 1d   | spec.duration: "1d" is not a positive duration
                              | 2030-01-31T17:00:00Z | 8h   | set one of them, not both
          2030-01-31T17:00:00Z| 2030-01-31T17:00:00Z |      | spec.expiresAt: 2030-01-31T17:00:00Z is not after spec.notBefore
          2030-01-31T17:00:00Z| 2030-01-31T09:00:00Z |      | the grant would never be in effect
          """)
  void timesThatMakeNoWindowAreRefusedNamingTheField(
      String notBefore, String expiresAt, String duration, String error) {
    Validated<GrantWindow> w = GrantWindow.resolve(notBefore, expiresAt, duration, null, null, NOW);
    assertThat(w.isValid()).isFalse();
    assertThat(w.message()).contains(error);
  }

  @ParameterizedTest
  @CsvSource({"8h,PT8H,8h", "90m,PT1H30M,1h30m", "1h30m,PT1H30M,1h30m", "45s,PT45S,45s"})
  void durationsReadAndWriteAsTheApiDoes(String text, Duration expected, String formatted) {
    assertThat(GrantWindow.parseDuration(text)).contains(expected);
    assertThat(GrantWindow.format(expected)).isEqualTo(formatted);
  }

  @Test
  void durationsTheApiDoesNotTakeAreNotRead() {
    assertThat(GrantWindow.parseDuration("")).isEmpty();
    assertThat(GrantWindow.parseDuration("m")).isEmpty();
    assertThat(GrantWindow.parseDuration("30m8h")).isEmpty();
    assertThat(GrantWindow.parseDuration("99999999999999999999h")).isEmpty();
  }
}
