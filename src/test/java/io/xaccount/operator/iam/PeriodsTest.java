package io.xaccount.operator.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.xaccount.operator.api.v1alpha1.ApiConstants;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** How long a role may go unused, as the API writes it: the parser agrees with the CRD pattern. */
class PeriodsTest {
  @ParameterizedTest
  @CsvSource({"90d, PT2160H", "36h, PT36H", "1d12h, PT36H", "2d30m, PT48H30M", "45s, PT45S"})
  void parsesWhatThePatternAccepts(String value, Duration expected) {
    assertThat(Periods.parse(value)).contains(expected);
    assertThat(Pattern.matches(ApiConstants.LONG_DURATION_PATTERN, value)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "d", "12h3d", "90 d", "3 months", "1w", "-1d"})
  void refusesWhatThePatternRefuses(String value) {
    assertThat(Periods.parse(value)).isEmpty();
    assertThat(Pattern.matches(ApiConstants.LONG_DURATION_PATTERN, value)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"0d", "0s"})
  void aZeroPeriodIsNone(String value) {
    assertThat(Periods.parse(value)).isEmpty();
  }
}
