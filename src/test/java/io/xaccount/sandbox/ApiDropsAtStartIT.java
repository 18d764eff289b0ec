package io.xaccount.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.testsupport.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged operator, deployed as in production, starting while its API server drops every
 * connection again and again (a restart, an upgrade): it must keep starting, not stop, and then
 * converge a role. The chaos run found it stopping twice: on the cluster identity read and on its
 * informers' first list.
 */
class ApiDropsAtStartIT {
  private static final String PROD = "111111111111";
  private static final String DEV = "123456789012";

  @TempDir Path dir;

  @Test
  void theOperatorRidesOutAFlappingApiAtStartUp() throws Exception {
    try (EmulatedAws aws = EmulatedAws.start(List.of(PROD, DEV));
        EmbeddedKubernetes kubernetes = EmbeddedKubernetes.start();
        ApiCable cable = ApiCable.start(kubernetes.url())) {
      kubernetes
          .client()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName("platform").endMetadata().build())
          .create();
      kubernetes.client().resource(Resources.account("prod", PROD, "platform")).create();
      kubernetes
          .client()
          .resource(Resources.role("platform", "flapping", "prod", "Flapping", DEV))
          .create();
      Path kubeconfig =
          EmbeddedKubernetes.writeKubeconfig(
              dir.resolve("kubeconfig"), cable.url(), "t", "default");
      OperatorChild operator =
          new OperatorChild(
              SandboxProcess.JAR.toAbsolutePath(), dir, OperatorChild.environment(kubeconfig, aws));
      try {
        operator.start();
        // Every connection cut each 50 ms for 20 s: the start-up's reads and lists meet cuts.
        Instant end = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(end) && operator.isAlive()) {
          cable.cut();
          Thread.sleep(50);
        }

        await()
            .atMost(Duration.ofSeconds(120))
            .until(
                () -> {
                  assertThat(operator.isAlive()).as(log()).isTrue();
                  CrossAccountRole r =
                      kubernetes
                          .client()
                          .resources(CrossAccountRole.class)
                          .inNamespace("platform")
                          .withName("flapping")
                          .get();
                  return r.getStatus() != null
                      && r.getStatus()
                          .readyCondition()
                          .map(c -> "Converged".equals(c.getReason()))
                          .orElse(false);
                });
        assertThat(operator.lives()).isEqualTo(1);
        assertThat(operator.isAlive()).isTrue();
      } finally {
        operator.kill();
      }
    }
  }

  private String log() throws java.io.IOException {
    return Files.readString(dir.resolve("operator-1.log"));
  }
}
