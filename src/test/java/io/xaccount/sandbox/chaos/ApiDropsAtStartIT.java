package io.xaccount.sandbox.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xaccount.kube.ApiFaults;
import io.xaccount.kube.EmbeddedKubernetes;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.testsupport.Resources;
import io.xaccount.sandbox.Crds;
import io.xaccount.sandbox.EmulatedAws;
import io.xaccount.sandbox.OperatorChild;
import io.xaccount.sandbox.SandboxProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged operator, deployed as in production, starting while its API server drops every
 * connection again and again (a restart, an upgrade): it must keep starting, not stop, and then
 * converge a role. The chaos run found it stopping three times: on the cluster identity read, on
 * its informers' first list, and on its leader lease check (a request whose connection closed).
 */
class ApiDropsAtStartIT {
  private static final String PROD = "111111111111";
  private static final String DEV = "123456789012";

  @TempDir Path dir;

  @Test
  void theOperatorRidesOutAFlappingApiAtStartUp() throws Exception {
    try (EmulatedAws aws = EmulatedAws.start(List.of(PROD, DEV));
        EmbeddedKubernetes kubernetes = EmbeddedKubernetes.start(Crds.load().definitions());
        ApiCable cable = ApiCable.start(kubernetes.url())) {
      OperatorChild operator = converging(kubernetes, cable, aws);
      try {
        operator.start();
        // Every connection cut each 50 ms for 20 s: the start-up's reads and lists meet cuts.
        Instant end = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(end) && operator.isAlive()) {
          cable.cut();
          Thread.sleep(50);
        }
        awaitConverged(kubernetes, operator);
        assertThat(operator.lives()).isEqualTo(1);
      } finally {
        operator.kill();
      }
    }
  }

  @Test
  void theOperatorRidesOutACutDuringItsLeaderLeaseCheck() throws Exception {
    ApiFaults faults = new ApiFaults("t", 1);
    AtomicInteger checksCut = new AtomicInteger();
    try (EmulatedAws aws = EmulatedAws.start(List.of(PROD, DEV));
        EmbeddedKubernetes kubernetes =
            EmbeddedKubernetes.start(Crds.load().definitions(), faults);
        ApiCable cable = ApiCable.start(kubernetes.url())) {
      // JOSDK checks the lease's permissions once at start-up: its first two checks never get
      // an answer, as when the API server restarts just then.
      faults.onRequest(
          request -> {
            if (request.getPath().contains("selfsubjectrulesreviews")
                && checksCut.getAndIncrement() < 2) {
              cable.cut();
            }
          });
      OperatorChild operator = converging(kubernetes, cable, aws);
      try {
        operator.start();
        awaitConverged(kubernetes, operator);
        assertThat(checksCut.get()).as("lease checks sent").isEqualTo(3);
        assertThat(operator.lives()).isEqualTo(1);
      } finally {
        operator.kill();
      }
    }
  }

  /** A role to converge, and the operator (not started yet) behind the cable. */
  private OperatorChild converging(EmbeddedKubernetes kubernetes, ApiCable cable, EmulatedAws aws)
      throws Exception {
    Resources.tenant(kubernetes.client(), "platform", "prod", PROD);
    kubernetes
        .client()
        .resource(Resources.role("platform", "flapping", "prod", "Flapping", DEV))
        .create();
    Path kubeconfig =
        EmbeddedKubernetes.writeKubeconfig(dir.resolve("kubeconfig"), cable.url(), "t", "default");
    return new OperatorChild(
        SandboxProcess.JAR.toAbsolutePath(), dir, OperatorChild.environment(kubeconfig, aws));
  }

  /** Waits for the role to converge, the operator staying alive all along. */
  private void awaitConverged(EmbeddedKubernetes kubernetes, OperatorChild operator) {
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
  }

  private String log() throws java.io.IOException {
    return Files.readString(dir.resolve("operator-1.log"));
  }
}
