package io.xaccount.sandbox.plan;

import io.xaccount.sandbox.Flags;
import io.xaccount.sandbox.SandboxOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The plan command line: {@code plan --apply PATH... [--against-snapshot DIR|FILE] [-o
 * text|json|markdown] [--cluster-name NAME] [--timeout SECONDS]}.
 *
 * @param snapshot {@code aws iam get-account-authorization-details} output: a file, or a directory
 *     of {@code <accountId>.json} files (what the sandbox's {@code --iam-snapshot} writes)
 * @param output {@code text}, {@code json} (versioned, for CI) or {@code markdown} (for a pull
 *     request comment)
 * @param clusterName the cluster identity whose ownership tags count as this cluster's
 */
public record PlanOptions(
    List<Path> apply,
    Optional<Path> snapshot,
    String output,
    Optional<String> clusterName,
    Duration timeout) {

  private static final List<String> FLAGS =
      List.of("--apply", "--against-snapshot", "-o", "--output", "--cluster-name", "--timeout");
  static final String USAGE =
      "usage: quarkus-run.jar plan --apply PATH... [--against-snapshot DIR|FILE]"
          + " [-o text|json|markdown]"
          + " [--cluster-name NAME] [--timeout SECONDS]";

  /** Parses the arguments after {@code plan}; throws {@link IllegalArgumentException}. */
  public static PlanOptions parse(List<String> args) {
    List<Path> apply = new ArrayList<>();
    Path snapshot = null;
    String output = "text";
    String cluster = null;
    Duration timeout = SandboxOptions.DEFAULT_TIMEOUT;
    for (Map.Entry<String, String> given : Flags.parse(args, FLAGS, Set.of())) {
      String flag = given.getKey();
      String value = given.getValue();
      switch (flag) {
        case "--apply" -> apply.add(Path.of(value));
        case "--against-snapshot" -> snapshot = Path.of(value);
        case "-o", "--output" -> {
          if (!List.of("text", "json", "markdown").contains(value)) {
            throw new IllegalArgumentException("-o takes text, json or markdown, not " + value);
          }
          output = value;
        }
        case "--cluster-name" -> cluster = value;
        case "--timeout" -> timeout = Duration.ofSeconds(SandboxOptions.positive(flag, value));
        default -> throw new IllegalArgumentException("unknown option " + flag);
      }
    }
    if (apply.isEmpty()) {
      throw new IllegalArgumentException("--apply is required");
    }
    return new PlanOptions(
        List.copyOf(apply),
        Optional.ofNullable(snapshot),
        output,
        Optional.ofNullable(cluster),
        timeout);
  }
}
