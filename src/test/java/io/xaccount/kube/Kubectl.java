package io.xaccount.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The real kubectl against an embedded API, for the conformance rows. */
final class Kubectl {
  /** What a command printed (stdout and stderr together) and its exit code. */
  record Result(int exit, String output) {
    Result succeeds() {
      assertThat(exit).as(output).isZero();
      return this;
    }

    Result fails() {
      assertThat(exit).as(output).isNotZero();
      return this;
    }
  }

  final Path dir;
  final Path kubeconfig;

  Kubectl(EmbeddedKubernetes kubernetes, Path dir) {
    this.dir = dir;
    try {
      this.kubeconfig = kubernetes.writeKubeconfig(dir.resolve("kubeconfig"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static boolean installed() {
    try {
      return new ProcessBuilder("kubectl", "version", "--client").start().waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  Result run(String... args) {
    return run(Map.of(), null, args);
  }

  /** kubectl with {@code args}, extra environment and, when not null, {@code stdin}. */
  Result run(Map<String, String> env, String stdin, String... args) {
    try {
      Process process = start(env, args);
      if (stdin != null) {
        process.getOutputStream().write(stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      process.getOutputStream().close();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("kubectl " + String.join(" ", args) + " did not end");
      }
      return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** kubectl running in the background (a watch), its output in {@code out}. */
  Process background(Path out, String... args) throws IOException {
    ProcessBuilder builder = builder(Map.of(), args);
    builder.redirectOutput(out.toFile());
    return builder.start();
  }

  /** {@code yaml} written to a file of this run, for {@code -f}. */
  Path file(String name, String yaml) {
    try {
      return Files.writeString(dir.resolve(name), yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits up to {@code timeout} until {@code file} holds {@code text}. */
  static String awaitText(Path file, String text, Duration timeout) throws Exception {
    long end = System.nanoTime() + timeout.toNanos();
    String read = "";
    while (System.nanoTime() < end) {
      read = Files.exists(file) ? Files.readString(file) : "";
      if (read.contains(text)) {
        return read;
      }
      Thread.sleep(100);
    }
    return read;
  }

  private Process start(Map<String, String> env, String... args) throws IOException {
    return builder(env, args).start();
  }

  private ProcessBuilder builder(Map<String, String> env, String... args) {
    List<String> command =
        new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
    // Discovery cached per run: the port changes from run to run.
    command.add("--cache-dir=" + dir.resolve("cache"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    return builder;
  }
}
