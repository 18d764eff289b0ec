package io.xaccount.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fails when the CRDs in {@code crds/} differ from the ones the Quarkus build just generated, so a
 * change to the API types cannot ship without the CRDs users install. Runs under Failsafe after
 * {@code package}, which is when {@code target/kubernetes} has been regenerated.
 */
class CrdsUpToDateIT {
  private static final Path GENERATED = Path.of("target/kubernetes");
  private static final String SUFFIX = ".xaccount.io-v1.yml";
  private static final String REGENERATE =
      "./mvnw -B package -DskipTests && cp target/kubernetes/*"
          + SUFFIX
          + " crds/ && cp target/kubernetes/*"
          + SUFFIX
          + " helm/xaccount-operator/crds/";
  private static final List<String> EXPECTED =
      List.of("assumerolegrants" + SUFFIX, "awsaccounts" + SUFFIX, "crossaccountroles" + SUFFIX);

  @Test
  void checkedInCrdsMatchTheGeneratedOnes() throws IOException {
    List<String> generated =
        names(GENERATED).stream().filter(name -> name.endsWith(SUFFIX)).toList();
    assertThat(generated).as("CRDs generated into %s", GENERATED).isEqualTo(EXPECTED);
    assertThat(names(CrdSchemas.CRD_DIR))
        .as("crds/ must hold exactly the generated CRDs; regenerate with: %s", REGENERATE)
        .isEqualTo(EXPECTED);
    for (String name : EXPECTED) {
      // Files.mismatch is a byte-for-byte comparison; -1 means identical.
      assertThat(Files.mismatch(CrdSchemas.CRD_DIR.resolve(name), GENERATED.resolve(name)))
          .as("crds/%s differs from %s/%s; regenerate with: %s", name, GENERATED, name, REGENERATE)
          .isEqualTo(-1L);
    }
  }

  private static List<String> names(Path dir) {
    return CrdSchemas.listFiles(dir).stream().map(file -> dir.relativize(file).toString()).toList();
  }
}
