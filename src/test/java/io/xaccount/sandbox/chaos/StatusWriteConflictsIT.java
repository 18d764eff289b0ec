package io.xaccount.sandbox.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.xaccount.kube.ApiFaults;
import io.xaccount.kube.EmbeddedKubernetes;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.testsupport.Resources;
import io.xaccount.sandbox.Crds;
import io.xaccount.sandbox.EmulatedAws;
import io.xaccount.sandbox.OperatorChild;
import io.xaccount.sandbox.SandboxProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged operator, deployed as in production, whose status writes the API answers {@code 409
 * Conflict} more times in a row than JOSDK retries by default: once the API answers again, the
 * role's status must catch up by itself, with no new event. The chaos run found a role that kept
 * the status of its previous generation (and missed its resyncs) after six such answers.
 */
class StatusWriteConflictsIT {
  private static final String PROD = "111111111111";
  private static final String DEV = "123456789012";

  /** More than the one attempt and five retries JOSDK makes by default. */
  private static final int CONFLICTS = 7;

  @TempDir Path dir;

  @Test
  void aRoleWhoseStatusWritesMeetManyConflictsStillCatchesUp() throws Exception {
    ApiFaults faults = new ApiFaults("t", 1);
    try (EmulatedAws aws = EmulatedAws.start(List.of(PROD, DEV));
        EmbeddedKubernetes kubernetes =
            EmbeddedKubernetes.start(Crds.load().definitions(), faults)) {
      Resources.tenant(kubernetes.client(), "platform", "prod", PROD);
      Path kubeconfig =
          EmbeddedKubernetes.writeKubeconfig(
              dir.resolve("kubeconfig"), kubernetes.url(), "t", "default");
      Map<String, String> environment = OperatorChild.environment(kubeconfig, aws);
      // JOSDK's retries a few hundred milliseconds apart rather than seconds: a shorter test.
      environment.put(
          "QUARKUS_OPERATOR_SDK_CONTROLLERS_CROSSACCOUNTROLERECONCILER_RETRY_INTERVAL_INITIAL",
          "200");
      OperatorChild operator =
          new OperatorChild(SandboxProcess.JAR.toAbsolutePath(), dir, environment);
      try {
        operator.start();
        await()
            .atMost(Duration.ofMinutes(2))
            .until(
                () ->
                    ChaosCluster.reasonOf(
                            kubernetes.client().resources(AwsAccount.class).withName("prod").get())
                        .equals(Optional.of("Verified")));
        faults.conflicts(1.0);
        kubernetes
            .client()
            .resource(Resources.role("platform", "busy", "prod", "Busy", DEV))
            .create();
        await().atMost(Duration.ofMinutes(2)).until(() -> faults.conflicts.get() >= CONFLICTS);
        faults.conflicts(0);

        await()
            .atMost(Duration.ofSeconds(90))
            .until(
                () -> {
                  CrossAccountRole r =
                      kubernetes
                          .client()
                          .resources(CrossAccountRole.class)
                          .inNamespace("platform")
                          .withName("busy")
                          .get();
                  return r.getStatus() != null
                      && r.getMetadata()
                          .getGeneration()
                          .equals(r.getStatus().getObservedGeneration())
                      && r.getStatus()
                          .readyCondition()
                          .map(c -> "Converged".equals(c.getReason()))
                          .orElse(false);
                });
        assertThat(operator.lives()).as(log()).isEqualTo(1);
      } finally {
        operator.kill();
      }
    }
  }

  private String log() throws java.io.IOException {
    return Files.readString(dir.resolve("operator-1.log"));
  }
}
