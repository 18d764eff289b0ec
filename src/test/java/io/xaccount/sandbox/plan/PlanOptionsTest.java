package io.xaccount.sandbox.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanOptionsTest {

  @Test
  void parsesEveryOption() {
    PlanOptions options =
        PlanOptions.parse(
            List.of(
                "--apply",
                "a",
                "--apply=b",
                "--against-snapshot",
                "iam",
                "-o",
                "json",
                "--cluster-name",
                "prod-eu",
                "--timeout",
                "30"));

    assertThat(options.apply()).containsExactly(Path.of("a"), Path.of("b"));
    assertThat(options.snapshot()).contains(Path.of("iam"));
    assertThat(options.output()).isEqualTo("json");
    assertThat(options.clusterName()).contains("prod-eu");
    assertThat(options.timeout().toSeconds()).isEqualTo(30);
    assertThat(PlanOptions.parse(List.of("--apply", "a")).output()).isEqualTo("text");
    assertThat(PlanOptions.parse(List.of("--apply", "a", "-o", "markdown")).output())
        .isEqualTo("markdown");
  }

  @Test
  void refusesWhatItCannotUse() {
    assertThatThrownBy(() -> PlanOptions.parse(List.of())).hasMessageContaining("--apply");
    assertThatThrownBy(() -> PlanOptions.parse(List.of("--apply", "a", "-o", "yaml")))
        .hasMessageContaining("text, json or markdown");
    assertThatThrownBy(() -> PlanOptions.parse(List.of("--apply", "a", "--once")))
        .hasMessageContaining("--once");
  }
}
