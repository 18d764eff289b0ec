package io.xaccount.sandbox.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChaosOptionsTest {
  @Test
  void defaultsAndEveryOption() {
    ChaosOptions defaults = ChaosOptions.parse(List.of());
    assertThat(defaults.resources()).isEqualTo(50);
    assertThat(defaults.kills()).isEqualTo(3);
    assertThat(defaults.out()).isEqualTo(Path.of("target", "chaos"));
    assertThat(defaults.backoffMax()).isEmpty();
    assertThat(defaults.iamErrorRate()).isEqualTo(20);

    ChaosOptions all =
        ChaosOptions.parse(
            List.of(
                "--resources",
                "500",
                "--kills",
                "20",
                "--duration",
                "600",
                "--resync-interval",
                "30",
                "--iam-error-rate",
                "10",
                "--backoff-max",
                "10",
                "--seed",
                "7",
                "--out",
                "x"));
    assertThat(all)
        .isEqualTo(
            new ChaosOptions(
                500,
                20,
                Duration.ofSeconds(600),
                Duration.ofSeconds(30),
                10,
                Optional.of(Duration.ofSeconds(10)),
                7,
                Path.of("x")));
  }

  @Test
  void refusesWhatItCannotRun() {
    assertThatThrownBy(() -> ChaosOptions.parse(List.of("--resources", "5")))
        .hasMessage("--resources needs a whole number of at least 10");
    assertThatThrownBy(() -> ChaosOptions.parse(List.of("--kills")))
        .hasMessage("--kills needs a value");
    assertThatThrownBy(() -> ChaosOptions.parse(List.of("--chaos", "1")))
        .hasMessage("unknown option --chaos");
  }

  @Test
  void theWorkloadSplitsResourcesIntoRolesGrantsAndCollisions() {
    ChaosWorkload workload = new ChaosWorkload(50);
    assertThat(workload.roles + workload.grants + workload.collisions).isEqualTo(50);
    assertThat(workload.grants).isLessThanOrEqualTo(workload.roles);
    assertThat(workload.all()).hasSize(50);
  }
}
