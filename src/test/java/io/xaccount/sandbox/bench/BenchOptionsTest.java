package io.xaccount.sandbox.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {
  @Test
  void defaultsAndEveryOption() {
    BenchOptions defaults = BenchOptions.parse(List.of());
    assertThat(defaults.roles()).isEqualTo(100);
    assertThat(defaults.grants()).isEqualTo(100);
    assertThat(defaults.accounts()).isEqualTo(2);
    assertThat(defaults.pace()).isTrue();
    assertThat(defaults.out()).isEqualTo(Path.of("target", "bench"));
    assertThat(defaults.operatorLogLevel()).isEqualTo("WARN");

    BenchOptions all =
        BenchOptions.parse(
            List.of(
                "--roles",
                "1000",
                "--grants",
                "500",
                "--accounts",
                "3",
                "--resyncs",
                "2",
                "--resync-interval",
                "20",
                "--out",
                "x",
                "--no-pace",
                "--operator-process",
                "--operator-log",
                "info",
                "--until",
                "restart"));
    assertThat(all)
        .isEqualTo(
            new BenchOptions(
                1000,
                500,
                3,
                2,
                Duration.ofSeconds(20),
                Path.of("x"),
                false,
                true,
                "INFO",
                "restart"));
    assertThat(all.runs("restart")).isTrue();
    assertThat(all.runs("change")).isFalse();
    assertThat(defaults.runs("delete")).isTrue();
  }

  @Test
  void refusesWhatCannotBeRun() {
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--roles", "10", "--grants", "11")))
        .hasMessageContaining("at most one grant per role");
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--accounts", "1")))
        .hasMessageContaining("at least 2");
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--watts", "1")))
        .hasMessageContaining("unknown option --watts");
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--operator-log", "LOUD")))
        .hasMessageContaining("--operator-log: one of TRACE, DEBUG, INFO, WARN, ERROR, not LOUD");
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--until", "lunch")))
        .hasMessageContaining("--until: one of create, steady, restart, change, delete, not lunch");
  }
}
