package io.xaccount.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar without the {@code sandbox} argument runs the operator and never loads a class
 * of the sandbox, the emulator or the mock server.
 */
class ProductionPathIT {
  @TempDir Path dir;

  @Test
  void withoutTheSandboxArgumentNoSandboxClassIsLoaded() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "-Xmx256m",
                "-verbose:class",
                // Nothing listens there: the operator starts, fails to reach the API and stops.
                "-Dquarkus.kubernetes-client.api-server-url=http://127.0.0.1:1",
                "-Dkubernetes.auth.tryKubeConfig=false",
                "-Dquarkus.http.port=0",
                "-Dxaccount.leader-election.enabled=false",
                // Unreachable API: the cluster identity cannot come from kube-system.
                "-Dxaccount.operator.cluster-name=production-path-it",
                "-jar",
                SandboxProcess.JAR.toString()));
    Path out = dir.resolve("out.txt");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    // Start-up is what matters; once the operator has started, stop it rather than wait for it
    // to give up on the unreachable API.
    Awaitility.await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> !process.isAlive() || Files.readString(out).contains("Starting operator"));
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
    String output = Files.readString(out);

    assertThat(output).contains("io.xaccount.operator.OperatorMain ");
    assertThat(output).contains("Starting operator");
    assertThat(output)
        .doesNotContain("io.xaccount.sandbox.")
        .doesNotContain("io.xaccount.emulator.")
        .doesNotContain("io.fabric8.mockwebserver.")
        .doesNotContain("io.fabric8.kubernetes.client.server.mock.");
  }
}
