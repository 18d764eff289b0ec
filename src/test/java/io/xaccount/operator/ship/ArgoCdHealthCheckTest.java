package io.xaccount.operator.ship;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.xaccount.operator.reconciler.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runs the shipped Argo CD health check ({@code helm/xaccount-operator/argocd-health.lua}) with a
 * real Lua interpreter the way Argo CD does (the resource as the global {@code obj}, the script's
 * return value as the health), over the states a resource goes through. Skipped when no {@code lua}
 * is installed ({@code apt-get install lua5.4}).
 */
class ArgoCdHealthCheckTest {
  static final Path SCRIPT = Chart.DIR.resolve("argocd-health.lua");
  private static String lua;

  @BeforeAll
  static void findLua() {
    lua =
        Arrays.stream(new String[] {"lua5.4", "lua5.3", "lua"})
            .filter(ArgoCdHealthCheckTest::runs)
            .findFirst()
            .orElse(null);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          new resource, no status            |    |      |          |   | Progressing
          ready and current                  | 3  | True | Converged | 3 | Healthy
          ready but a newer spec unobserved  | 4  | True | Converged | 3 | Progressing
          terminal failure                   | 3  | False | InvalidSpec | 3 | Degraded
          forbidden by guardrail             | 3  | False | Forbidden | 3 | Degraded
          name owned by someone else         | 3  | False | NameConflict | 3 | Degraded
          wrong account                      | 3  | False | AccountMismatch | 3 | Degraded
          IAM quota                          | 3  | False | LimitExceeded | 3 | Degraded
          terminal failure of an old spec    | 4  | False | InvalidSpec | 3 | Progressing
          throttled, retried with backoff    | 3  | False | Throttled | 3 | Progressing
          access denied, retried             | 3  | False | AccessDenied | 3 | Progressing
          target not ready yet               | 3  | False | TargetNotReady | 3 | Progressing
          ready unknown                      | 3  | Unknown | Creating | 3 | Progressing
          grant waiting for its notBefore    | 3  | True | Scheduled | 3 | Healthy
          grant that ran out as planned      | 3  | True | Expired | 3 | Healthy
          plan mode with changes pending     | 3  | True | Planned | 3 | Healthy
          plan or observe, nothing to do     | 3  | True | InSync | 3 | Healthy
          observe mode, IAM differs          | 3  | True | Drifted | 3 | Healthy
          """)
  void healthFollowsReadyAndObservedGeneration(
      String description,
      Integer generation,
      String status,
      String reason,
      Integer observed,
      String expected)
      throws Exception {
    assumeTrue(lua != null, "no Lua interpreter installed (apt-get install lua5.4)");
    StringBuilder yaml =
        new StringBuilder(
            """
            apiVersion: xaccount.io/v1alpha1
            kind: CrossAccountRole
            metadata:
              name: prod-power-users
              namespace: platform
            """);
    if (generation != null) {
      yaml.append("  generation: ").append(generation).append('\n');
    }
    if (status != null) {
      yaml.append(
          """
          status:
            observedGeneration: %d
            conditions:
              - type: Ready
                status: "%s"
                reason: %s
                message: The operator says so.
                observedGeneration: %d
                lastTransitionTime: "2026-01-01T00:00:00Z"
          """
              .formatted(observed, status, reason, observed));
    }
    assertThat(health(Chart.YAML.readTree(yaml.toString()))).startsWith(expected + "|");
  }

  @org.junit.jupiter.api.Test
  void terminalReasonsAreThoseOfTheOperator() throws IOException {
    Matcher block =
        Pattern.compile("local terminal = \\{(.*?)\\}", Pattern.DOTALL)
            .matcher(Files.readString(SCRIPT));
    assertThat(block.find()).isTrue();
    var inScript =
        Pattern.compile("(\\w+) = true")
            .matcher(block.group(1))
            .results()
            .map(m -> m.group(1))
            .collect(Collectors.toSet());
    var terminal =
        Arrays.stream(Reason.values())
            .filter(Reason::isTerminal)
            .map(Enum::name)
            .collect(Collectors.toSet());
    assertThat(inScript).isEqualTo(terminal);
  }

  /** Runs the health script on the resource and returns {@code status|message}. */
  private static String health(JsonNode resource) throws Exception {
    String program =
        "obj = "
            + toLua(resource)
            + "\nlocal hs = (function()\n"
            + Files.readString(SCRIPT)
            + "\nend)()\nio.write(hs.status .. '|' .. hs.message)\n";
    Path file = Files.createTempFile("argocd-health", ".lua");
    try {
      Files.writeString(file, program);
      Process process = new ProcessBuilder(lua, file.toString()).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as(out).isZero();
      return out;
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** The resource as a Lua table literal, as Argo CD hands it to the script. */
  static String toLua(JsonNode node) {
    if (node.isObject()) {
      StringBuilder table = new StringBuilder("{");
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        table.append("[").append(quote(field.getKey())).append("]=");
        table.append(toLua(field.getValue())).append(",");
      }
      return table.append("}").toString();
    }
    if (node.isArray()) {
      StringBuilder list = new StringBuilder("{");
      node.forEach(item -> list.append(toLua(item)).append(","));
      return list.append("}").toString();
    }
    if (node.isNumber() || node.isBoolean()) {
      return node.asText();
    }
    return node.isNull() ? "nil" : quote(node.asText());
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  private static boolean runs(String command) {
    try {
      Process process = new ProcessBuilder(command, "-v").redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
