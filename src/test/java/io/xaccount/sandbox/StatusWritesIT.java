package io.xaccount.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.xaccount.kube.ApiFaults;
import io.xaccount.kube.EmbeddedKubernetes;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.ReadyStatus;
import io.xaccount.operator.testsupport.Edits;
import io.xaccount.operator.testsupport.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged operator's status writes against the embedded API, which applies them as
 * kube-apiserver does (a merge patch replaces a list whole; a JSON patch fails whole): under spec
 * changes and a third of its status writes answered {@code 409 Conflict}, no status holds an entry
 * twice (a condition type, a user of an account) nor keeps one that is gone. The sandbox once
 * showed an AwsAccount READY {@code True,True,True,True} and naming a deleted role in use.
 */
class StatusWritesIT {
  private static final String PROD = "111111111111";
  private static final String DEV = "123456789012";
  private static final List<String> ROLES = List.of("r1", "r2", "r3");

  @TempDir Path dir;

  @Test
  void statusWritesNeitherDuplicateNorKeepEntriesUnderConflicts() throws Exception {
    ApiFaults faults = new ApiFaults("t", 7);
    try (EmulatedAws aws = EmulatedAws.start(List.of(PROD, DEV));
        EmbeddedKubernetes kubernetes =
            EmbeddedKubernetes.start(Crds.load().definitions(), faults)) {
      KubernetesClient client = kubernetes.client();
      Resources.tenant(client, "platform", "prod", PROD);
      Path kubeconfig =
          EmbeddedKubernetes.writeKubeconfig(
              dir.resolve("kubeconfig"), kubernetes.url(), "t", "default");
      Map<String, String> environment = OperatorChild.environment(kubeconfig, aws);
      environment.put(
          "QUARKUS_OPERATOR_SDK_CONTROLLERS_CROSSACCOUNTROLERECONCILER_RETRY_INTERVAL_INITIAL",
          "200");
      OperatorChild operator =
          new OperatorChild(SandboxProcess.JAR.toAbsolutePath(), dir, environment);
      try {
        operator.start();
        faults.conflicts(0.33);
        for (String name : ROLES) {
          client.resource(Resources.role("platform", name, "prod", "Role-" + name, DEV)).create();
        }
        // Spec changes while the operator writes their statuses, each a new list of policies.
        for (List<String> policies :
            List.of(
                List.of("ReadOnlyAccess"),
                List.of("ReadOnlyAccess", "job-function/ViewOnlyAccess"))) {
          for (String name : ROLES) {
            Edits.retrying(
                client.resources(CrossAccountRole.class).inNamespace("platform").withName(name),
                r -> {
                  r.getSpec()
                      .setManagedPolicyArns(
                          policies.stream().map(p -> "arn:aws:iam::aws:policy/" + p).toList());
                  return r;
                });
          }
        }
        await()
            .atMost(Duration.ofMinutes(2))
            .until(() -> ROLES.stream().allMatch(n -> converged(role(client, n))));
        ROLES.forEach(n -> assertUnique(role(client, n).getStatus(), n));

        assertThat(faults.conflicts.get()).as("status writes refused 409").isPositive();
        // A refused inUseBy write is retried minutes later by design: none refused from here.
        faults.conflicts(0);
        client.resources(AwsAccount.class).withName("prod").delete();
        await().atMost(Duration.ofMinutes(1)).until(() -> inUseBy(client).size() == 3);
        client.resources(CrossAccountRole.class).inNamespace("platform").withName("r1").delete();
        await()
            .atMost(Duration.ofMinutes(1))
            .untilAsserted(
                () ->
                    assertThat(inUseBy(client))
                        .hasSize(2)
                        .doesNotHaveDuplicates()
                        .noneMatch(user -> user.endsWith("/r1")));
        assertUnique(client.resources(AwsAccount.class).withName("prod").get().getStatus(), "prod");
        assertThat(operator.lives())
            .as(Files.readString(dir.resolve("operator-1.log")))
            .isEqualTo(1);
      } finally {
        operator.kill();
      }
    }
  }

  private static CrossAccountRole role(KubernetesClient client, String name) {
    return client.resources(CrossAccountRole.class).inNamespace("platform").withName(name).get();
  }

  private static boolean converged(CrossAccountRole role) {
    return role.getStatus() != null
        && role.getMetadata().getGeneration().equals(role.getStatus().getObservedGeneration())
        && role.getStatus().readyCondition().map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  private static List<String> inUseBy(KubernetesClient client) {
    AwsAccount account = client.resources(AwsAccount.class).withName("prod").get();
    return account.getStatus() == null || account.getStatus().getInUseBy() == null
        ? List.of()
        : account.getStatus().getInUseBy();
  }

  private static void assertUnique(ReadyStatus status, String name) {
    assertThat(status.getConditions().stream().map(Condition::getType).toList())
        .as(name + "'s condition types")
        .doesNotHaveDuplicates();
  }
}
