package io.xaccount.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SandboxOptionsTest {

  @Test
  void defaults() {
    SandboxOptions options = SandboxOptions.parse(List.of());

    assertThat(options.apply()).isEmpty();
    assertThat(options.once()).isFalse();
    assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(120));
    assertThat(options.report()).isEmpty();
    assertThat(options.iamSnapshot()).isEmpty();
    assertThat(options.accounts()).containsExactly("111111111111", "123456789012");
    assertThat(options.iamDelay()).as("eventual consistency on").isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void everyOption() {
    SandboxOptions options =
        SandboxOptions.parse(
            List.of(
                "--apply",
                "examples/seed/00-accounts.yaml",
                "--apply=examples/seed/10-role.yaml",
                "--once",
                "--timeout",
                "30",
                "--report",
                "out/report.json",
                "--iam-snapshot",
                "out/iam",
                "--accounts",
                "222222222222, 333333333333",
                "--iam-delay",
                "0"));

    assertThat(options.apply())
        .containsExactly(
            Path.of("examples/seed/00-accounts.yaml"), Path.of("examples/seed/10-role.yaml"));
    assertThat(options.once()).isTrue();
    assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(options.report()).contains(Path.of("out/report.json"));
    assertThat(options.iamSnapshot()).contains(Path.of("out/iam"));
    assertThat(options.accounts()).containsExactly("222222222222", "333333333333");
    assertThat(options.iamDelay()).isZero();
  }

  @Test
  void refusesWhatItDoesNotUnderstand() {
    assertThatThrownBy(() -> SandboxOptions.parse(List.of("--watch")))
        .hasMessageContaining("unknown option --watch");
    assertThatThrownBy(() -> SandboxOptions.parse(List.of("--apply")))
        .hasMessageContaining("--apply needs a value");
    assertThatThrownBy(() -> SandboxOptions.parse(List.of("--timeout", "0")))
        .hasMessageContaining("positive number of seconds");
    assertThatThrownBy(() -> SandboxOptions.parse(List.of("--accounts", "1234")))
        .hasMessageContaining("not a 12-digit account ID: 1234");
    assertThatThrownBy(() -> SandboxOptions.parse(List.of("--iam-delay", "-1")))
        .hasMessageContaining("--iam-delay needs a positive number of seconds");
  }
}
