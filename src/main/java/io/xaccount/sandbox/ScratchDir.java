package io.xaccount.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The one temporary folder of a {@code sandbox}, {@code plan}, {@code bench} or {@code chaos}
 * process, removed with everything in it on every exit the JVM sees (the end of the command, an
 * error, Ctrl-C, SIGTERM). The Vert.x instances of the process (Quarkus', the embedded API's, the
 * Kubernetes clients') keep their file caches in it too, instead of beside it in the system's
 * temporary folder, where they were left behind. Set up before anything starts Vert.x.
 */
final class ScratchDir {
  private static Path dir;

  private ScratchDir() {}

  static synchronized Path get() {
    if (dir == null) {
      try {
        dir = Files.createTempDirectory("xaccount-sandbox");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create a temporary folder", e);
      }
      System.setProperty("vertx.cacheDirBase", dir.resolve("vertx-cache").toString());
      System.setProperty("quarkus.vertx.cache-directory", dir.resolve("quarkus-vertx").toString());
      Runtime.getRuntime().addShutdownHook(new Thread(ScratchDir::remove, "xaccount-scratch-exit"));
    }
    return dir;
  }

  /** Removes the folder and what it holds; what cannot be removed now is left, and said. */
  static synchronized void remove() {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("sandbox: cannot remove " + dir + ": " + e.getMessage());
    }
  }
}
