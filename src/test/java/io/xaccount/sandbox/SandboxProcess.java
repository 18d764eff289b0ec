package io.xaccount.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * {@code java -jar target/quarkus-app/quarkus-run.jar sandbox ...} in its own JVM, exactly as the
 * README tells a newcomer to run it, with its output captured in files.
 */
public final class SandboxProcess implements AutoCloseable {
  public static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

  private final Process process;
  private final Path stdout;
  private final Path stderr;
  private final Path tmp;

  private SandboxProcess(Process process, Path stdout, Path stderr, Path tmp) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
    this.tmp = tmp;
  }

  /** {@code java -Xmx512m -jar quarkus-run.jar <args>}, with this JVM's java. */
  public static List<String> jarCommand(String... args) {
    assertThat(JAR).as("run `./mvnw package` first").exists();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-jar", JAR.toString()));
    command.addAll(List.of(args));
    return command;
  }

  static SandboxProcess start(Path workDir, String... sandboxArgs) throws IOException {
    return run(workDir, "sandbox", sandboxArgs);
  }

  /** The jar with another command than {@code sandbox}, e.g. {@code plan}. */
  public static SandboxProcess run(Path workDir, String name, String... args) throws IOException {
    assertThat(JAR).as("run `./mvnw package` first").exists();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // A temporary folder of its own, to check it leaves nothing behind there.
    Path tmp = Files.createDirectories(workDir.resolve("tmp"));
    List<String> command =
        new ArrayList<>(
            List.of(java, "-Xmx384m", "-Djava.io.tmpdir=" + tmp, "-jar", JAR.toString()));
    command.add(name);
    command.addAll(List.of(args));
    Path out = workDir.resolve("stdout.txt");
    Path err = workDir.resolve("stderr.txt");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    return new SandboxProcess(process, out, err, tmp);
  }

  /** The process's temporary folder ({@code java.io.tmpdir}). */
  Path tmpDir() {
    return tmp;
  }

  public int waitForExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("sandbox did not exit within " + timeout + "\n" + stdout());
    }
    return process.exitValue();
  }

  /** Waits until the output shows a line matching {@code regex}; returns its first group. */
  String awaitOutput(String regex, Duration timeout) {
    Pattern pattern = Pattern.compile(regex, Pattern.MULTILINE);
    String[] found = new String[1];
    Awaitility.await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              assertThat(process.isAlive() || matches(pattern, found))
                  .as("sandbox exited early:\n" + stdout() + stderr())
                  .isTrue();
              return matches(pattern, found);
            });
    return found[0];
  }

  private boolean matches(Pattern pattern, String[] found) {
    Matcher m = pattern.matcher(stdout());
    if (m.find()) {
      found[0] = m.groupCount() > 0 ? m.group(1) : m.group();
      return true;
    }
    return false;
  }

  public String stdout() {
    return read(stdout);
  }

  String stderr() {
    return read(stderr);
  }

  /** Stops it as Ctrl-C would (SIGTERM: the same shutdown path) and returns the exit code. */
  int stop() throws InterruptedException {
    process.destroy();
    return waitForExit(Duration.ofSeconds(60));
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
