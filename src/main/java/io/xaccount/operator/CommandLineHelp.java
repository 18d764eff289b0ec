package io.xaccount.operator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * What {@code quarkus-run.jar help} prints: one line per command. Plain strings and a resource
 * read, nothing more: answering must not start Quarkus (issue 30: {@code --help} used to boot the
 * production operator for two minutes before failing).
 */
final class CommandLineHelp {
  /** Written by Maven resource filtering from the project version. */
  static final String VERSION_RESOURCE = "/META-INF/xaccount/version.txt";

  private static final String JAR = "java -jar target/quarkus-app/quarkus-run.jar";

  private CommandLineHelp() {}

  static String text() {
    return """
        xaccount-operator %s: cross-account IAM roles and grants, declared as Kubernetes resources.

        usage: %s [COMMAND] [OPTIONS]

        commands:
          (none), operator  run the operator: the cluster of the kubeconfig (or in-cluster), real AWS
          sandbox           the operator against an embedded Kubernetes API and IAM/STS emulator
          plan              what manifests would change in IAM, offline, for a pull request
          bench             benchmark the operator at IAM's pace against the sandbox
          chaos             the operator under kills and faults, then an audit of IAM
          help              this list (also --help, -h)
          version           the version (also --version)

        A command's options: %s COMMAND --help. Documentation: README.md.
        """
        .formatted(version(), JAR, JAR);
  }

  /** Prints the mistake and the list of commands on stderr; returns the exit code 2. */
  static int usageError(String problem) {
    System.err.println("xaccount-operator: " + problem);
    System.err.println();
    System.err.print(text());
    return 2;
  }

  static String version() {
    try (InputStream in = CommandLineHelp.class.getResourceAsStream(VERSION_RESOURCE)) {
      return in == null ? "unknown" : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
