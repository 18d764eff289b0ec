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
public final class ScratchDir {
  private static Path dir;

  private ScratchDir() {}

  public static synchronized Path get() {
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

  /**
   * Removes the folder and what it holds. Vert.x may be removing its caches inside it at the same
   * time (both on the way out): a walk that meets a file gone meanwhile is tried again.
   */
  static synchronized void remove() {
    for (int attempt = 1; dir != null && Files.exists(dir); attempt++) {
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException | UncheckedIOException e) {
        if (attempt == 10) {
          System.err.println("sandbox: cannot remove " + dir + ": " + e.getMessage());
          return;
        }
      }
      if (Files.exists(dir)) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      if (attempt == 10) {
        return;
      }
    }
  }
}
