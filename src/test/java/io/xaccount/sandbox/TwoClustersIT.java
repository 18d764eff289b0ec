package io.xaccount.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.xaccount.emulator.model.AwsKeys;
import io.xaccount.kube.EmbeddedKubernetes;
import io.xaccount.operator.api.v1alpha1.Adoption;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.CrossAccountRoleSpec;
import io.xaccount.operator.api.v1alpha1.Trust;
import io.xaccount.operator.reconciler.NotOurs;
import io.xaccount.operator.testsupport.Edits;
import io.xaccount.operator.testsupport.Resources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two clusters, one AWS account: two operator processes (the packaged jar, production path), each
 * with its own Kubernetes API, against one IAM emulator. Both clusters hold a CrossAccountRole
 * {@code platform/shared} for the role {@code Shared}; the one that did not create it never changes
 * it, not even when it asks to adopt it and its account allows adoption, and deleting it leaves the
 * role alone. Run once with the default cluster identity (the kube-system uid) and once with both
 * clusters configured to the same name, where the uid alone tells them apart.
 */
class TwoClustersIT {
  private static final String PROD = "111111111111";
  private static final String DEV = "123456789012";
  private static final String NS = "platform";
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path dir;

  @ParameterizedTest(name = "cluster name: {0}")
  @ValueSource(strings = {"", "shared-by-mistake"})
  void neitherClusterChangesOrDeletesWhatTheOtherCreated(String clusterName) throws Exception {
    try (EmulatedAws aws = EmulatedAws.start(List.of(PROD, DEV));
        EmbeddedKubernetes blue = EmbeddedKubernetes.start(Crds.load().definitions());
        EmbeddedKubernetes green = EmbeddedKubernetes.start(Crds.load().definitions());
        OperatorProcess blueOperator =
            OperatorProcess.start(dir.resolve("blue"), blue, aws, clusterName);
        OperatorProcess greenOperator =
            OperatorProcess.start(dir.resolve("green"), green, aws, clusterName)) {
      for (EmbeddedKubernetes cluster : List.of(blue, green)) {
        // As on a cluster, the roles' namespace must exist.
        cluster
            .client()
            .resource(
                new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                    .withNewMetadata()
                    .withName(NS)
                    .endMetadata()
                    .build())
            .create();
        cluster.client().resource(account()).create();
      }
      CrossAccountRole blueRole = blue.client().resource(role("shared", "Shared")).create();
      awaitReason(blue.client(), "shared", "Converged", blueOperator);
      // Green opens its session (sts:AssumeRole) when it verifies its account, which a slow start
      // may put after blue's convergence: before the mark, not taken for a write.
      awaitAccountVerified(green.client(), greenOperator);
      JsonNode before = roleState(aws, "Shared");
      long mark = aws.emulator().calls().mark();

      green.client().resource(role("shared", "Shared")).create();

      Condition refused = awaitReason(green.client(), "shared", "NameConflict", greenOperator);
      // With distinct identities green sees another cluster's role; with one name shared by
      // mistake it sees a role of its own name whose resource it does not have: neither is
      // ever adopted. Which it is, only green's log says; the status reads as for any name
      // that is not the resource's.
      assertThat(refused.getMessage()).isEqualTo(NotOurs.ROLE_NAME.formatted("Shared"));
      assertThat(greenOperator.output())
          .contains(clusterName.isEmpty() ? "another cluster" : "does not exist in this cluster");
      // Make both clusters look at IAM again: neither writes.
      touch(blue.client());
      touch(green.client());
      await()
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(20))
          .until(() -> aws.emulator().calls().writesSince(mark).isEmpty());
      assertThat(roleState(aws, "Shared")).isEqualTo(before);

      green.client().resources(CrossAccountRole.class).inNamespace(NS).withName("shared").delete();
      await()
          .atMost(WAIT)
          .until(
              () ->
                  green
                      .client()
                      .resources(CrossAccountRole.class)
                      .inNamespace(NS)
                      .list()
                      .getItems()
                      .isEmpty());
      assertThat(aws.emulator().calls().writesSince(mark)).isEmpty();
      assertThat(roleState(aws, "Shared")).isEqualTo(before);
      assertThat(
              blue.client()
                  .resources(CrossAccountRole.class)
                  .inNamespace(NS)
                  .withName("shared")
                  .get()
                  .getMetadata()
                  .getUid())
          .isEqualTo(blueRole.getMetadata().getUid());
      assertThat(readyStatus(blue.client(), "shared")).isEqualTo("True");
    }
  }

  private static void touch(KubernetesClient client) {
    Edits.retrying(
        client.resources(AwsAccount.class).withName("prod"),
        a -> {
          a.getSpec().getAllowedNamespaces().getNames().add("touched");
          return a;
        });
  }

  /** The prod account, letting platform adopt any role: adoption still stops at ownership. */
  private static AwsAccount account() {
    AwsAccount account = Resources.account("prod", PROD, NS);
    Adoption adoption = new Adoption();
    adoption.setNamespaces(List.of(NS));
    adoption.setRoles(List.of("/*"));
    account.getSpec().setAdoption(adoption);
    return account;
  }

  private static CrossAccountRole role(String name, String roleName) {
    CrossAccountRole role = new CrossAccountRole();
    role.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(NS)
            .withAnnotations(Map.of("xaccount.io/adopt", "true"))
            .build());
    CrossAccountRoleSpec spec = new CrossAccountRoleSpec();
    spec.setAccountRef("prod");
    spec.setRoleName(roleName);
    Trust trust = new Trust();
    trust.setAccountIds(new ArrayList<>(List.of(DEV)));
    spec.setTrust(trust);
    role.setSpec(spec);
    return role;
  }

  private static JsonNode roleState(EmulatedAws aws, String roleName) {
    JsonNode roles = aws.emulator().authorizationDetails(PROD).path("RoleDetailList");
    return StreamSupport.stream(roles.spliterator(), false)
        .filter(r -> r.path("RoleName").asText().equals(roleName))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no role " + roleName));
  }

  private static Condition awaitReason(
      KubernetesClient client, String name, String reason, OperatorProcess operator) {
    return await()
        .atMost(WAIT)
        .until(
            () -> {
              assertThat(operator.isAlive()).as("operator died:\n" + operator.output()).isTrue();
              return ready(client, name);
            },
            c -> c != null && reason.equals(c.getReason()));
  }

  private static void awaitAccountVerified(KubernetesClient client, OperatorProcess operator) {
    await()
        .atMost(WAIT)
        .until(
            () -> {
              assertThat(operator.isAlive()).as("operator died:\n" + operator.output()).isTrue();
              AwsAccount account = client.resources(AwsAccount.class).withName("prod").get();
              return account != null
                  && account.getStatus() != null
                  && account
                      .getStatus()
                      .readyCondition()
                      .filter(c -> "True".equals(c.getStatus()))
                      .isPresent();
            });
  }

  private static String readyStatus(KubernetesClient client, String name) {
    Condition ready = ready(client, name);
    return ready == null ? null : ready.getStatus();
  }

  private static Condition ready(KubernetesClient client, String name) {
    CrossAccountRole role =
        client.resources(CrossAccountRole.class).inNamespace(NS).withName(name).get();
    return role == null || role.getStatus() == null
        ? null
        : role.getStatus().readyCondition().orElse(null);
  }

  /** The packaged operator, configured as in production but for its endpoints and credentials. */
  private static final class OperatorProcess implements AutoCloseable {
    private final Process process;
    private final Path output;

    private OperatorProcess(Process process, Path output) {
      this.process = process;
      this.output = output;
    }

    static OperatorProcess start(
        Path workDir, EmbeddedKubernetes kubernetes, EmulatedAws aws, String clusterName)
        throws IOException {
      assertThat(SandboxProcess.JAR).as("run `./mvnw package` first").exists();
      AwsKeys keys = aws.operatorKeys();
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      List<String> command =
          new ArrayList<>(
              List.of(
                  java,
                  "-Xmx256m",
                  "-Dquarkus.kubernetes-client.api-server-url=" + kubernetes.url(),
                  "-Dquarkus.kubernetes-client.namespace=default",
                  "-Dkubernetes.auth.tryKubeConfig=false",
                  "-Dkubernetes.auth.tryServiceAccount=false",
                  "-Dxaccount.aws.endpoint-url=" + aws.endpoint(),
                  "-Daws.accessKeyId=" + keys.accessKeyId(),
                  "-Daws.secretAccessKey=" + keys.secretAccessKey(),
                  "-Daws.region=us-east-1",
                  "-Dxaccount.leader-election.enabled=false",
                  "-Dquarkus.http.port=0"));
      Optional.of(clusterName)
          .filter(n -> !n.isEmpty())
          .ifPresent(n -> command.add("-Dxaccount.operator.cluster-name=" + n));
      command.addAll(List.of("-jar", SandboxProcess.JAR.toString()));
      Files.createDirectories(workDir);
      Path out = workDir.resolve("operator.txt");
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      return new OperatorProcess(process, out);
    }

    boolean isAlive() {
      return process.isAlive();
    }

    String output() {
      try {
        return Files.readString(output);
      } catch (IOException e) {
        return e.toString();
      }
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }
}
