package io.xaccount.operator.ship;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.LintResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The chart with its default values: what {@code helm install} and {@code deploy/} give. */
class HelmChartDefaultsTest {
  private static List<JsonNode> docs;

  @BeforeAll
  static void render() {
    docs = Chart.documents(Chart.template());
  }

  @Test
  void lintsCleanInStrictMode() {
    // Helm's lint mode lets `required` pass, so the chart lints without the image it needs.
    LintResult lint = Chart.lint();
    assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
  }

  @Test
  void refusesToRenderWithoutAnImageTheUserChose() {
    // Nothing publishes the operator's image: a default would only end in ImagePullBackOff.
    assertThatThrownBy(Chart::templateWithoutImage)
        .hasMessageContaining("image.repository is required")
        .hasMessageContaining("Building the image");
  }

  @Test
  void rendersExactlyTheOperatorObjects() {
    assertThat(docs)
        .extracting(d -> d.path("kind").asText() + "/" + d.at("/metadata/name").asText())
        .containsExactlyInAnyOrder(
            "ServiceAccount/xaccount-operator",
            "ClusterRole/xaccount-operator",
            "ClusterRole/xaccount-operator-edit",
            "ClusterRole/xaccount-operator-view",
            "ClusterRoleBinding/xaccount-operator",
            "Role/xaccount-operator-leader-election",
            "RoleBinding/xaccount-operator-leader-election",
            "Service/xaccount-operator-metrics",
            "Deployment/xaccount-operator");
    assertThat(Chart.ofKind(docs, "PodDisruptionBudget")).as("one replica").isEmpty();
    assertThat(Chart.ofKind(docs, "ServiceMonitor")).isEmpty();
    assertThat(Chart.ofKind(docs, "AwsAccount")).isEmpty();
    assertThat(docs)
        .filteredOn(d -> !d.path("kind").asText().startsWith("Cluster"))
        .allSatisfy(
            d -> assertThat(d.at("/metadata/namespace").asText()).isEqualTo("xaccount-system"));
  }

  @Test
  void deploymentRunsLockedDown() {
    JsonNode pod = Chart.only(docs, "Deployment").at("/spec/template/spec");
    assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
    JsonNode container = pod.at("/containers/0");
    JsonNode security = container.get("securityContext");
    assertThat(security.at("/runAsNonRoot").asBoolean()).isTrue();
    assertThat(security.at("/runAsUser").asInt()).isEqualTo(185);
    assertThat(security.at("/allowPrivilegeEscalation").isBoolean()).isTrue();
    assertThat(security.at("/allowPrivilegeEscalation").asBoolean()).isFalse();
    assertThat(security.at("/readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(security.at("/capabilities/drop"))
        .extracting(JsonNode::asText)
        .containsExactly("ALL");
    assertThat(security.at("/capabilities/add").isMissingNode()).isTrue();
    assertThat(security.at("/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
    // A read-only root filesystem needs a writable /tmp.
    assertThat(container.at("/volumeMounts/0/mountPath").asText()).isEqualTo("/tmp");
    assertThat(pod.at("/volumes/0/emptyDir").isObject()).isTrue();
  }

  @Test
  void deploymentProbesResourcesAndImage() {
    JsonNode deployment = Chart.only(docs, "Deployment");
    assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(1);
    JsonNode container = deployment.at("/spec/template/spec/containers/0");
    assertThat(container.at("/image").asText())
        .isEqualTo(Chart.IMAGE_REPOSITORY + ":0.1.0-SNAPSHOT");
    assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
    assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo("/q/health/started");
    assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(8080);
    assertThat(container.at("/resources/requests/cpu").asText()).isEqualTo("100m");
    assertThat(container.at("/resources/requests/memory").asText()).isEqualTo("256Mi");
    assertThat(container.at("/resources/limits/memory").asText()).isEqualTo("512Mi");
    assertThat(deployment.at("/spec/template/spec/terminationGracePeriodSeconds").asInt())
        .isEqualTo(30);
  }

  @Test
  void deploymentEnvironmentCarriesTheOperatorSettings() {
    Map<String, String> env =
        Chart.env(Chart.only(docs, "Deployment").at("/spec/template/spec/containers/0"));
    assertThat(env)
        .containsEntry("XACCOUNT_LEADER_ELECTION_ENABLED", "true")
        .containsEntry("XACCOUNT_LEADER_ELECTION_LEASE_NAME", "xaccount-operator-leader")
        .containsEntry("XACCOUNT_LEADER_ELECTION_LEASE_NAMESPACE", "$(POD_NAMESPACE)")
        .containsEntry("POD_NAMESPACE", "metadata.namespace")
        .containsEntry("XACCOUNT_OPERATOR_RESYNC_INTERVAL", "1h")
        .containsEntry("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false")
        .doesNotContainKeys(
            "QUARKUS_OPERATOR_SDK_NAMESPACES",
            "AWS_REGION",
            "AWS_ENDPOINT_URL",
            // The cluster identity defaults to the kube-system uid, unique per cluster.
            "XACCOUNT_OPERATOR_CLUSTER_NAME");
  }

  @Test
  void serviceAccountHasNoAnnotationsByDefault() {
    JsonNode sa = Chart.only(docs, "ServiceAccount");
    assertThat(sa.at("/metadata/annotations").isMissingNode()).isTrue();
    JsonNode binding = Chart.only(docs, "ClusterRoleBinding");
    assertThat(binding.at("/subjects/0/name").asText()).isEqualTo("xaccount-operator");
    assertThat(binding.at("/subjects/0/namespace").asText()).isEqualTo("xaccount-system");
    assertThat(binding.at("/roleRef/name").asText()).isEqualTo("xaccount-operator");
  }

  @Test
  void clusterRoleIsLeastPrivilege() {
    assertThat(rules(Chart.named(docs, "ClusterRole", "xaccount-operator")))
        .containsExactly(
            "xaccount.io|awsaccounts,crossaccountroles,assumerolegrants|get,list,watch,patch,update",
            "xaccount.io|awsaccounts/status,crossaccountroles/status,assumerolegrants/status"
                + "|get,patch,update",
            "xaccount.io|awsaccounts/finalizers,crossaccountroles/finalizers,"
                + "assumerolegrants/finalizers|update",
            "|secrets|list,watch",
            "|namespaces|get,list,watch",
            "|events|create,patch",
            "events.k8s.io|events|create,patch");
  }

  @Test
  void namespaceUsersGetTheNamespacedKindsButNeverTheirStatusNorAccounts() {
    JsonNode edit = Chart.named(docs, "ClusterRole", "xaccount-operator-edit");
    JsonNode view = Chart.named(docs, "ClusterRole", "xaccount-operator-view");
    assertThat(rules(edit))
        .containsExactly(
            "xaccount.io|crossaccountroles,assumerolegrants"
                + "|get,list,watch,create,update,patch,delete,deletecollection");
    assertThat(rules(view))
        .containsExactly("xaccount.io|crossaccountroles,assumerolegrants|get,list,watch");
    assertThat(labels(edit))
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-admin", "true")
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-edit", "true")
        .doesNotContainKey("rbac.authorization.k8s.io/aggregate-to-view");
    assertThat(labels(view))
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-view", "true")
        .doesNotContainKeys(
            "rbac.authorization.k8s.io/aggregate-to-admin",
            "rbac.authorization.k8s.io/aggregate-to-edit");
    // Only the operator's own ClusterRole names a status subresource or AwsAccounts, and none is
    // bound to anyone but the operator.
    assertThat(Chart.ofKind(docs, "ClusterRole"))
        .filteredOn(r -> r.toString().contains("/status") || r.toString().contains("awsaccounts"))
        .extracting(r -> r.at("/metadata/name").asText())
        .containsExactly("xaccount-operator");
    assertThat(Chart.ofKind(docs, "ClusterRoleBinding"))
        .extracting(b -> b.at("/roleRef/name").asText())
        .containsExactly("xaccount-operator");
  }

  @Test
  void leaderElectionRoleOnlyTouchesLeasesInItsNamespace() {
    JsonNode role = Chart.only(docs, "Role");
    assertThat(role.at("/metadata/namespace").asText()).isEqualTo("xaccount-system");
    assertThat(rules(role)).containsExactly("coordination.k8s.io|leases|get,create,update");
  }

  private static Map<String, String> labels(JsonNode doc) {
    Map<String, String> labels = new java.util.TreeMap<>();
    doc.at("/metadata/labels")
        .fields()
        .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    return labels;
  }

  /** Each rule as {@code groups|resources|verbs} so that a test states the whole rule set. */
  static List<String> rules(JsonNode role) {
    return java.util.stream.StreamSupport.stream(role.get("rules").spliterator(), false)
        .map(
            r ->
                join(r.get("apiGroups"))
                    + "|"
                    + join(r.get("resources"))
                    + "|"
                    + join(r.get("verbs")))
        .toList();
  }

  private static String join(JsonNode array) {
    return String.join(
        ",",
        java.util.stream.StreamSupport.stream(array.spliterator(), false)
            .map(JsonNode::asText)
            .toList());
  }
}
