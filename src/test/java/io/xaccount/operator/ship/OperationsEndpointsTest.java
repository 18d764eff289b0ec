package io.xaccount.operator.ship;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.testsupport.EmulatorResource;
import io.xaccount.operator.testsupport.KubeSystem;
import io.xaccount.operator.testsupport.Resources;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The endpoints the chart's probes and ServiceMonitor use: health (live, ready, started) and
 * Prometheus metrics including JOSDK's reconciliation metrics, per controller and never per
 * resource.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = KubeSystem.class)
class OperationsEndpointsTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TestHTTPResource("/")
  URL root;

  @Inject KubernetesClient client;

  @AfterEach
  void cleanUp() {
    client.resources(AwsAccount.class).withName("metrics-probe").delete();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> client.resources(AwsAccount.class).withName("metrics-probe").get() == null);
  }

  @Test
  void healthEndpointsAnswerUp() throws Exception {
    for (String path : new String[] {"q/health/live", "q/health/ready", "q/health/started"}) {
      HttpResponse<String> response = get(path);
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      assertThat(response.body()).as(path).contains("\"status\": \"UP\"");
    }
    assertThat(get("q/health/ready").body()).contains("Quarkus Operator SDK health check");
  }

  @Test
  void metricsServePrometheusTextWithOperatorMetrics() throws Exception {
    client.resource(Resources.account("metrics-probe", EmulatorResource.DEV, "platform")).create();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              HttpResponse<String> response = get("q/metrics");
              assertThat(response.statusCode()).isEqualTo(200);
              assertThat(response.headers().firstValue("Content-Type").orElse(""))
                  .startsWith("text/plain");
              assertThat(response.body())
                  .contains("# TYPE ")
                  .containsPattern(
                      "operator_sdk_reconciliations_executions_awsaccountreconciler\\{[^}]*"
                          + "kind=\"AwsAccount\"")
                  .containsPattern(
                      "xaccount_reconcile_results_total\\{[^}]*kind=\"AwsAccount\"[^}]*"
                          + "reason=\"Verified\"")
                  .contains("operator_sdk_controllers_execution_reconcile_seconds_bucket");
            });
    // No meter is labelled with a resource: 5,000 resources would otherwise keep ~100,000 meters
    // in the heap (issue 14) and as many Prometheus series.
    assertThat(get("q/metrics").body()).doesNotContain("metrics-probe");
  }

  private HttpResponse<String> get(String path) throws Exception {
    URI uri = root.toURI().resolve(path);
    return HTTP.send(
        HttpRequest.newBuilder(uri).header("Accept", "text/plain").GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
