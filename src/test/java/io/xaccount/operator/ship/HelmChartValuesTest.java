package io.xaccount.operator.ship;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart with non-default values ({@code src/test/resources/ship/values-production.yaml}): three
 * replicas, IRSA, watched namespaces, JSON logs, a ServiceMonitor, AwsAccounts from values and no
 * aggregation into the built-in roles.
 */
class HelmChartValuesTest {
  static final Path VALUES = Path.of("src", "test", "resources", "ship", "values-production.yaml");
  private static List<JsonNode> docs;

  @BeforeAll
  static void render() {
    docs = Chart.documents(Chart.template(VALUES));
  }

  @Test
  void lintsCleanInStrictMode(@TempDir Path work) throws IOException {
    LintResult lint = Chart.lint(VALUES, work);
    assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
  }

  @Test
  void threeReplicasGetAPodDisruptionBudgetAndLeaderElection() {
    assertThat(Chart.only(docs, "Deployment").at("/spec/replicas").asInt()).isEqualTo(3);
    JsonNode pdb = Chart.only(docs, "PodDisruptionBudget");
    assertThat(pdb.at("/spec/minAvailable").asInt()).isEqualTo(1);
    assertThat(pdb.at("/spec/selector/matchLabels"))
        .isEqualTo(Chart.only(docs, "Deployment").at("/spec/selector/matchLabels"));
    assertThat(Chart.ofKind(docs, "Role"))
        .filteredOn(r -> r.at("/metadata/name").asText().endsWith("-leader-election"))
        .singleElement()
        .satisfies(r -> assertThat(r.at("/rules/0/resources/0").asText()).isEqualTo("leases"));
    assertThat(env()).containsEntry("XACCOUNT_LEADER_ELECTION_ENABLED", "true");
  }

  @Test
  void noRoleIsAggregatedIntoTheBuiltInOnesWhenTurnedOff() {
    assertThat(Chart.ofKind(docs, "ClusterRole"))
        .extracting(r -> r.at("/metadata/name").asText())
        .containsExactly("xaccount-operator");
  }

  @Test
  void serviceAccountCarriesTheIrsaRole() {
    assertThat(
            Chart.only(docs, "ServiceAccount")
                .at("/metadata/annotations")
                .get("eks.amazonaws.com/role-arn")
                .asText())
        .isEqualTo("arn:aws:iam::111111111111:role/xaccount-operator");
  }

  @Test
  void settingsReachTheContainer() {
    assertThat(env())
        .containsEntry("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true")
        .containsEntry("QUARKUS_LOG_CATEGORY__IO_XACCOUNT__LEVEL", "DEBUG")
        .containsEntry("QUARKUS_OPERATOR_SDK_NAMESPACES", "platform,team-a")
        .containsEntry("XACCOUNT_OPERATOR_RESYNC_INTERVAL", "5m")
        .containsEntry("XACCOUNT_OPERATOR_CLUSTER_NAME", "prod-eu-1")
        .containsEntry("AWS_REGION", "eu-west-1")
        .containsEntry("XACCOUNT_AWS_STS_REGION", "eu-west-1")
        .containsEntry("AWS_ENDPOINT_URL", "http://localstack.localstack:4566");
    assertThat(Chart.only(docs, "Deployment").at("/spec/template/spec/containers/0/image").asText())
        .isEqualTo(Chart.IMAGE_REPOSITORY + ":1.2.3");
  }

  @Test
  void externalIdSecretsAreReadOnlyInTheNamespacesNamed() {
    assertThat(env())
        .containsEntry("XACCOUNT_OPERATOR_SECRET_NAMESPACES", "platform,xaccount-system");
    assertThat(Chart.named(docs, "ClusterRole", "xaccount-operator").toString())
        .as("no cluster-wide Secret access")
        .doesNotContain("secrets");
    List<JsonNode> roles =
        Chart.ofKind(docs, "Role").stream()
            .filter(r -> r.at("/metadata/name").asText().endsWith("-external-id-secrets"))
            .toList();
    assertThat(roles)
        .extracting(r -> r.at("/metadata/namespace").asText())
        .containsExactly("platform", "xaccount-system");
    for (JsonNode role : roles) {
      assertThat(role.at("/rules/0/resources/0").asText()).isEqualTo("secrets");
      assertThat(role.at("/rules/0/verbs").toString()).isEqualTo("[\"list\",\"watch\"]");
    }
    List<JsonNode> bindings =
        Chart.ofKind(docs, "RoleBinding").stream()
            .filter(r -> r.at("/metadata/name").asText().endsWith("-external-id-secrets"))
            .toList();
    assertThat(bindings)
        .extracting(b -> b.at("/metadata/namespace").asText())
        .containsExactly("platform", "xaccount-system");
    assertThat(bindings.get(0).at("/subjects/0/namespace").asText()).isEqualTo(Chart.NAMESPACE);
  }

  @Test
  void serviceMonitorScrapesTheMetricsService() {
    JsonNode monitor = Chart.only(docs, "ServiceMonitor");
    assertThat(monitor.at("/apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(monitor.at("/metadata/labels/release").asText()).isEqualTo("prometheus");
    assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/q/metrics");
    assertThat(monitor.at("/spec/endpoints/0/port").asText()).isEqualTo("http");
    JsonNode service = Chart.only(docs, "Service");
    assertThat(service.at("/spec/ports/0/name").asText()).isEqualTo("http");
    assertThat(monitor.at("/spec/selector/matchLabels")).isEqualTo(service.at("/spec/selector"));
  }

  @Test
  void accountsFromValuesBecomeAwsAccounts() {
    List<JsonNode> accounts = Chart.ofKind(docs, "AwsAccount");
    assertThat(accounts)
        .extracting(a -> a.at("/metadata/name").asText())
        .containsExactly("prod", "dev");
    JsonNode prod = accounts.get(0);
    assertThat(prod.at("/apiVersion").asText()).isEqualTo("xaccount.io/v1alpha1");
    assertThat(prod.at("/metadata/namespace").isMissingNode()).as("cluster-scoped").isTrue();
    assertThat(prod.at("/spec/accountId").asText()).isEqualTo("111111111111");
    assertThat(prod.at("/spec/allowedNamespaces/names/0").asText()).isEqualTo("platform");
    assertThat(accounts.get(1).at("/metadata/labels/env").asText()).isEqualTo("dev");
  }

  @Test
  void severalReplicasWithoutLeaderElectionAreRefused(@TempDir Path work) throws IOException {
    Path values = work.resolve("values.yaml");
    Chart.values(values, "replicas: 2\nleaderElection:\n  enabled: false\n");
    assertThatThrownBy(() -> Chart.template(values))
        .hasMessageContaining("replicas > 1 requires leaderElection.enabled=true");
  }

  @Test
  void oneReplicaWithoutLeaderElectionDropsTheLeaseRole(@TempDir Path work) throws IOException {
    Path values = work.resolve("values.yaml");
    Chart.values(values, "leaderElection:\n  enabled: false\n");
    List<JsonNode> rendered = Chart.documents(Chart.template(values));
    assertThat(Chart.ofKind(rendered, "Role")).isEmpty();
    assertThat(Chart.ofKind(rendered, "PodDisruptionBudget")).isEmpty();
    assertThat(Chart.env(Chart.only(rendered, "Deployment").at("/spec/template/spec/containers/0")))
        .containsEntry("XACCOUNT_LEADER_ELECTION_ENABLED", "false");
  }

  @Test
  void schemaRejectsInvalidValues(@TempDir Path work) throws IOException {
    Path values = work.resolve("values.yaml");
    Chart.values(values, "accounts:\n  - name: prod\n    spec:\n      accountId: \"42\"\n");
    assertThatThrownBy(() -> Chart.template(values)).hasMessageContaining("accountId");
    Chart.values(values, "replica: 3\n");
    assertThatThrownBy(() -> Chart.template(values)).hasMessageContaining("replica");
  }

  private static java.util.Map<String, String> env() {
    return Chart.env(Chart.only(docs, "Deployment").at("/spec/template/spec/containers/0"));
  }
}
