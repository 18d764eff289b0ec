package io.xaccount.operator.ship;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/xaccount-operator.yaml} is the chart rendered with its default values into the
 * namespace {@code xaccount-system}, preceded by that Namespace, so that {@code kubectl apply -f
 * crds/ -f deploy/} installs the operator without Helm. The chart requires an image and nothing
 * publishes one, so the file names a placeholder the user must replace, on the one line marked
 * {@value #EDIT} (a placeholder in capitals is not a valid image name: left alone, the pod says
 * InvalidImageName rather than pulling something). Regenerate it with {@link #REGENERATE}.
 */
class DeployManifestsInSyncTest {
  static final Path MANIFEST = Path.of("deploy", "xaccount-operator.yaml");
  static final String REGENERATE =
      "./mvnw -B test -Dspotless.check.skip=true"
          + " -Dtest=io.xaccount.operator.ship.DeployManifestsInSyncTest -Dregenerate=true";
  static final String PLACEHOLDER_IMAGE = "REGISTRY/ORG/xaccount-operator";
  static final String EDIT =
      "# EDIT: the image you built and pushed (README.md, \"Building the image\")";

  private static final String HEADER =
      """
      # Generated from helm/xaccount-operator with its default values; do not edit, except:
      # EDIT the image (one line, marked EDIT below): nothing publishes it, build and push your own
      # (README.md, "Building the image").
      # Regenerate: %s
      # Install: kubectl apply -f crds/ -f deploy/
      apiVersion: v1
      kind: Namespace
      metadata:
        name: %s
        labels:
          app.kubernetes.io/part-of: xaccount-operator
          pod-security.kubernetes.io/enforce: restricted
      """;

  static String expected() {
    String rendered = Chart.templateWithImage(PLACEHOLDER_IMAGE);
    String imageLine = "image: " + PLACEHOLDER_IMAGE + ":";
    assertThat(rendered).containsOnlyOnce(imageLine);
    rendered =
        rendered
            .lines()
            .map(line -> line.contains(imageLine) ? line + "  " + EDIT : line)
            .collect(Collectors.joining("\n", "", "\n"));
    return HEADER.formatted(REGENERATE, Chart.NAMESPACE) + rendered;
  }

  @Test
  void deployManifestsMatchTheChartAndStartWithTheirNamespace() throws IOException {
    String expected = expected();
    if (Boolean.getBoolean("regenerate")) {
      Files.createDirectories(MANIFEST.getParent());
      Files.writeString(MANIFEST, expected);
    }
    assertThat(Files.exists(MANIFEST)).as("%s is missing; run: %s", MANIFEST, REGENERATE).isTrue();
    assertThat(Files.readString(MANIFEST))
        .as("%s is stale; run: %s", MANIFEST, REGENERATE)
        .isEqualTo(expected);
    var docs = Chart.documents(expected);
    assertThat(docs.get(0).path("kind").asText()).isEqualTo("Namespace");
    assertThat(Chart.ofKind(docs, "Deployment")).hasSize(1);
    assertThat(Chart.only(docs, "Deployment").at("/spec/template/spec/containers/0/image").asText())
        .startsWith(PLACEHOLDER_IMAGE + ":");
  }
}
