package io.xaccount.sandbox.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xaccount.sandbox.SandboxProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The chaos run's CI version on the packaged jar: 50 resources, 3 SIGKILLs of the operator process,
 * every fault at once (IAM errors at 10 % instead of 20 % and the operator's backoff capped at 10
 * s, to stay within a few minutes), then the audit. It asserts what the audit found (nothing, check
 * by check), that the kills happened, and that every phase finished; never a timing.
 */
@Execution(ExecutionMode.CONCURRENT)
class ChaosSmokeIT {
  @Test
  void theShortChaosRunEndsWithAnEmptyAudit() throws Exception {
    Path out = Files.createTempDirectory("chaos-smoke");
    List<String> command = SandboxProcess.jarCommand("chaos");
    command.addAll(
        List.of(
            "--resources",
            "50",
            "--kills",
            "3",
            "--duration",
            "60",
            "--resync-interval",
            "10",
            "--iam-error-rate",
            "10",
            "--backoff-max",
            "10",
            "--out",
            out.toString()));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(out.resolve("output.txt").toFile())
            .start();
    boolean ended = process.waitFor(Duration.ofMinutes(15).toSeconds(), TimeUnit.SECONDS);
    if (!ended) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
    String output = Files.readString(out.resolve("output.txt"));
    assertThat(ended).as(output).isTrue();

    JsonNode report = new ObjectMapper().readTree(out.resolve("chaos.json").toFile());
    report
        .path("audit")
        .path("counts")
        .fields()
        .forEachRemaining(
            check ->
                assertThat(check.getValue().asInt())
                    .as(
                        check.getKey()
                            + ": "
                            + report.path("audit").path("findings").path(check.getKey()))
                    .isZero());
    assertThat(report.path("audit").path("counts").size()).as("audit checks").isGreaterThan(10);
    assertThat(report.path("figures").path("kills").size()).isEqualTo(3);
    report
        .path("phases")
        .forEach(p -> assertThat(p.path("completed").asBoolean()).as(p.toString()).isTrue());
    assertThat(report.path("passed").asBoolean()).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }
}
