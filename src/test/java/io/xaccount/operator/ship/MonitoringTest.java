package io.xaccount.operator.ship;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.LintResult;
import io.xaccount.operator.aws.AwsCallMetrics;
import io.xaccount.operator.reconciler.OperatorMetrics;
import io.xaccount.operator.reconciler.ResourceCensus;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart's on-call pieces, both off by default: the PrometheusRule, checked and unit-tested by
 * Prometheus' own {@code promtool} against series as the operator exports them ({@code
 * src/test/resources/ship/prometheus-rules-test.yaml}), and the Grafana dashboard. Every metric
 * their queries name is one the operator exports.
 */
class MonitoringTest {
  private static final Path RULE_TESTS =
      Path.of("src/test/resources/ship/prometheus-rules-test.yaml");
  private static final Path DASHBOARD = Chart.DIR.resolve("dashboards/xaccount-operator.json");
  private static final Pattern METRIC =
      Pattern.compile("\\b(xaccount_[a-z_]+|operator_sdk_[a-z_]+|up)\\b");

  /** What the operator exports (and Prometheus' own {@code up}). */
  private static final Set<String> EXPORTED =
      Set.of(
          ResourceCensus.RESOURCES,
          ResourceCensus.EXPIRING,
          AwsCallMetrics.CALLS,
          AwsCallMetrics.THROTTLES,
          AwsCallMetrics.RETRIES,
          OperatorMetrics.RESULTS,
          OperatorMetrics.DRIFT,
          OperatorMetrics.TIME_TO_READY + "_bucket",
          "operator_sdk_controllers_execution_reconcile_seconds_bucket",
          "up");

  @Test
  void neitherIsRenderedByDefault() {
    var docs = Chart.documents(Chart.template());
    assertThat(Chart.ofKind(docs, "PrometheusRule")).isEmpty();
    assertThat(Chart.ofKind(docs, "ConfigMap")).isEmpty();
  }

  @Test
  void bothLintCleanInStrictMode(@TempDir Path work) throws IOException {
    Path values =
        Chart.values(
            work.resolve("monitoring.yaml"),
            "prometheusRule:\n  enabled: true\ngrafanaDashboard:\n  enabled: true\n");
    LintResult lint = Chart.lint(values, work);
    assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
  }

  @Test
  void theRulesNameOnlyExportedMetrics(@TempDir Path work) throws IOException {
    for (JsonNode rule : rules(work).path("groups").get(0).path("rules")) {
      assertThat(metrics(rule.path("expr").asText()))
          .as(rule.path("alert").asText())
          .isNotEmpty()
          .isSubsetOf(EXPORTED);
    }
  }

  @Test
  void promtoolChecksAndUnitTestsTheRules(@TempDir Path work) throws Exception {
    String promtool = onPath("promtool");
    assumeTrue(
        promtool != null,
        "promtool is not installed (Debian package prometheus; .ci/run installs it): the alert"
            + " rules are not checked");
    Path rules = work.resolve("rules.yaml");
    Chart.YAML.writeValue(rules.toFile(), rules(work));
    Files.copy(RULE_TESTS, work.resolve("rules-test.yaml"));

    assertThat(run(work, promtool, "check", "rules", "rules.yaml")).startsWith("0\n");
    assertThat(run(work, promtool, "test", "rules", "rules-test.yaml")).startsWith("0\n");
  }

  @Test
  void theDashboardIsAConfigMapForGrafanasSidecarAndQueriesExportedMetrics(@TempDir Path work)
      throws IOException {
    var docs =
        Chart.documents(
            Chart.template(
                Chart.values(work.resolve("v.yaml"), "grafanaDashboard:\n  enabled: true\n")));
    JsonNode configMap = Chart.only(docs, "ConfigMap");
    assertThat(configMap.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
    JsonNode dashboard =
        new ObjectMapper().readTree(configMap.at("/data/xaccount-operator.json").asText());
    assertThat(dashboard).isEqualTo(new ObjectMapper().readTree(DASHBOARD.toFile()));
    List<String> exprs = new ArrayList<>();
    dashboard
        .path("panels")
        .forEach(p -> p.path("targets").forEach(t -> exprs.add(t.path("expr").asText())));
    assertThat(exprs).hasSizeGreaterThanOrEqualTo(8);
    for (String expr : exprs) {
      assertThat(metrics(expr)).as(expr).isNotEmpty().isSubsetOf(EXPORTED);
    }
  }

  /** The PrometheusRule's spec, rendered with the defaults and the rule enabled. */
  private static JsonNode rules(Path work) throws IOException {
    var docs =
        Chart.documents(
            Chart.template(
                Chart.values(work.resolve("values.yaml"), "prometheusRule:\n  enabled: true\n")));
    JsonNode spec = Chart.only(docs, "PrometheusRule").path("spec");
    return ((ObjectNode) spec).deepCopy();
  }

  private static Set<String> metrics(String expr) {
    Set<String> names = new TreeSet<>();
    Matcher m = METRIC.matcher(expr);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** Exit code, a newline, then the output. */
  private static String run(Path dir, String... command) throws Exception {
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    return process.exitValue() + "\n" + output;
  }

  private static String onPath(String binary) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, binary))) {
        return Path.of(dir, binary).toString();
      }
    }
    return null;
  }
}
