package io.xaccount.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar's command line explains itself without starting anything: {@code --help}, {@code
 * help} and a mistyped command list the commands and exit, fast, with no Quarkus start-up (which
 * would run the production operator against whatever kubeconfig is around).
 */
class CommandLineIT {
  private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
  private static final List<String> COMMANDS =
      List.of("operator", "sandbox", "plan", "bench", "chaos", "help", "version");

  record Run(int exitCode, String stdout, String stderr, Duration took) {}

  @Test
  void helpListsEveryCommandOnStdoutAndExitsZero() throws Exception {
    for (String help : List.of("--help", "help", "-h")) {
      Run run = run(help);
      assertThat(run.exitCode()).as(help).isZero();
      assertListsCommands(run.stdout());
      assertThat(run.stderr()).as(help).isEmpty();
    }
  }

  @Test
  void anUnknownCommandListsTheCommandsOnStderrAndExitsTwo() throws Exception {
    Run run = run("--hlep");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).startsWith("xaccount-operator: unknown command: --hlep");
    assertListsCommands(run.stderr());
    assertThat(run.stdout()).isEmpty();
  }

  @Test
  void versionPrintsTheProjectVersion() throws Exception {
    Run run = run("--version");
    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout().trim()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    assertThat(run("version").stdout()).isEqualTo(run.stdout());
  }

  @Test
  void aCommandsHelpPrintsItsUsageWithoutStartingIt() throws Exception {
    for (String command : List.of("sandbox", "plan", "bench", "chaos")) {
      Run run = run(command, "--help");
      assertThat(run.exitCode()).as(command).isZero();
      assertThat(run.stdout()).as(command).startsWith("usage: quarkus-run.jar " + command);
    }
  }

  @Test
  void answersFastWithoutBootingQuarkus() throws Exception {
    List<Duration> times = new ArrayList<>();
    for (String args : List.of("--help", "help", "--version", "nonsense")) {
      Run run = run(args);
      times.add(run.took());
      // Quarkus logs "... started in 1.234s" and the installed features when it boots.
      assertThat(run.stdout() + run.stderr()).doesNotContain("started in", "Installed features");
      assertThat(run.took()).as(args).isLessThan(Duration.ofSeconds(10));
    }
    // The machine running the suite is shared; the fastest of four shows what the code costs.
    assertThat(times.stream().min(Duration::compareTo).orElseThrow())
        .as("times %s", times)
        .isLessThan(Duration.ofSeconds(2));
  }

  private static void assertListsCommands(String text) {
    for (String command : COMMANDS) {
      assertThat(text).containsPattern("(?m)^  .*\\b" + command + "\\b +\\S");
    }
  }

  private static Run run(String... args) throws IOException, InterruptedException {
    assertThat(JAR).as("run `./mvnw package` first").exists();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-jar", JAR.toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile("xaccount-cli", ".out");
    Path err = Files.createTempFile("xaccount-cli", ".err");
    long start = System.nanoTime();
    // Files, not pipes: a regression that starts the operator must fail on the timeout below.
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    process.getOutputStream().close();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("did not exit: " + command);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    try {
      return new Run(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8),
          took);
    } finally {
      Files.delete(out);
      Files.delete(err);
    }
  }
}
