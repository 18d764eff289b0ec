package io.xaccount.kube;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The embedded API's conformance suite: each row a request made with the real kubectl, each
 * expected answer kube-apiserver's documented one, so that each line of {@code
 * ../shared/K8S-FACTS.md} the sandbox can honour is a passing row ({@code docs/sandbox-api.md}
 * lists the lines it cannot). One API serves every row; rows use objects of their own.
 */
class KubectlConformanceIT {
  private static EmbeddedKubernetes api;
  private static Kubectl kubectl;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Kubectl.installed(), "kubectl not installed");
    api = TestApi.start();
    kubectl = new Kubectl(api, Files.createTempDirectory("kubectl-conformance"));
    kubectl.run("create", "namespace", ConformanceRow.NS).succeeds();
  }

  @AfterAll
  static void stop() throws Exception {
    if (api != null) {
      api.close();
      try (Stream<Path> files = Files.walk(kubectl.dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  static Stream<ConformanceRow> rows() {
    return Stream.concat(WriteRows.rows().stream(), LifecycleRows.rows().stream());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void kubectlGetsWhatKubeApiserverAnswers(ConformanceRow row) throws Exception {
    row.check().run(kubectl);
  }
}
