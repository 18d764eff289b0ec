package io.xaccount.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's CI smoke: N=100 on the packaged jar without IAM's pace (call counts do not depend
 * on it), asserting the call-count invariants only (never timings): first convergence makes exactly
 * the minimal writes per shape, a resync makes none, the change wave one per changed resource, and
 * everything is deleted.
 */
class BenchSmokeIT {
  private static final int N = 100;

  @Test
  void callCountInvariantsHold() throws Exception {
    Path out = Files.createTempDirectory("bench-smoke");
    List<String> command = SandboxProcess.jarCommand("bench");
    command.addAll(
        List.of(
            "--roles",
            "" + N,
            "--grants",
            "" + N,
            "--resync-interval",
            "5",
            "--resyncs",
            "2",
            "--no-pace",
            "--out",
            out.toString()));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(out.resolve("output.txt").toFile())
            .start();
    assertThat(process.waitFor(Duration.ofMinutes(10).toSeconds(), TimeUnit.SECONDS))
        .as("bench finished")
        .isTrue();
    assertThat(process.exitValue()).as(Files.readString(out.resolve("output.txt"))).isZero();

    JsonNode report = new ObjectMapper().readTree(out.resolve("bench.json").toFile());
    JsonNode phases = report.path("phases");
    for (String phase : List.of("create", "steady", "change", "delete")) {
      assertThat(phases.path(phase).path("completed").asBoolean()).as(phase).isTrue();
    }
    // Role: CreateRole, AttachRolePolicy, PutRolePolicy. Grant: CreatePolicy, AttachGroupPolicy.
    assertThat(phases.path("create").path("writes").asInt()).isEqualTo(3 * N + 2 * N);
    assertThat(phases.path("steady").path("writes").asInt())
        .as("zero writes at steady state")
        .isZero();
    assertThat(phases.path("steady").path("calls").asInt()).as("a resync happened").isPositive();
    // A tenth of the roles get a new inline document (PutRolePolicy), a tenth of the grants MFA
    // (CreatePolicyVersion).
    assertThat(phases.path("change").path("writes").asInt()).isEqualTo(N / 10 + N / 10);
    assertThat(Files.readString(out.resolve("bench.md"))).contains("| create |");
  }
}
