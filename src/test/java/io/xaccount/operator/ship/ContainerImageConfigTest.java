package io.xaccount.operator.ship;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The image the build would produce, checked offline (no container runtime here): the Jib
 * configuration, the alternative Dockerfile, and the chart's default image all agree on a pinned
 * base image, a non-root user and the entrypoint.
 */
class ContainerImageConfigTest {
  static final String BASE_IMAGE = "registry.access.redhat.com/ubi9/openjdk-17-runtime:1.23";
  private static Properties app;
  private static List<String> dockerfile;

  @BeforeAll
  static void read() throws IOException {
    app = new Properties();
    try (Reader reader =
        Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
      app.load(reader);
    }
    dockerfile = Files.readAllLines(Path.of("src/main/docker/Dockerfile.jvm"));
  }

  @Test
  void imageBuildIsOffByDefault() {
    assertThat(app.getProperty("quarkus.container-image.build")).isEqualTo("false");
    assertThat(app.getProperty("quarkus.container-image.push")).isEqualTo("false");
  }

  @Test
  void baseImageIsPinnedAndSmall() {
    String base = app.getProperty("quarkus.jib.base-jvm-image");
    assertThat(base).isEqualTo(BASE_IMAGE).matches(".+/openjdk-17-runtime:[0-9]+\\.[0-9]+.*");
    assertThat(instruction("FROM")).containsExactly(BASE_IMAGE);
  }

  @Test
  void runsAsNonRootUser() {
    assertThat(app.getProperty("quarkus.jib.user")).isEqualTo("185");
    List<String> users = instruction("USER");
    assertThat(users).isNotEmpty();
    assertThat(users.get(users.size() - 1)).isEqualTo("185");
  }

  @Test
  void jibAndDockerfileShareTheEntrypoint() throws IOException {
    List<String> jib = Arrays.asList(app.getProperty("quarkus.jib.jvm-entrypoint").split(","));
    assertThat(jib).startsWith("java").endsWith("-jar", "/home/jboss/quarkus-run.jar");
    JsonNode entrypoint = new ObjectMapper().readTree(instruction("ENTRYPOINT").get(0));
    assertThat(entrypoint).extracting(JsonNode::asText).containsExactlyElementsOf(jib);
  }

  @Test
  void chartNamesNoImageOfItsOwnAndTagsTheOneGivenWithTheProjectVersion() throws Exception {
    // Nobody publishes the build's default coordinates: the user names the image they pushed,
    // and the chart refuses to render without it (HelmChartDefaultsTest).
    JsonNode values = Chart.YAML.readTree(Chart.DIR.resolve("values.yaml").toFile());
    assertThat(values.at("/image/repository").asText()).isEmpty();
    assertThat(values.at("/image/tag").asText()).isEmpty();
    // The image tag defaults to the project version (Quarkus' default tag) via the appVersion.
    JsonNode chart = Chart.YAML.readTree(Chart.DIR.resolve("Chart.yaml").toFile());
    String pomVersion =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(Path.of("pom.xml").toFile())
            .getDocumentElement()
            .getElementsByTagName("version")
            .item(0)
            .getTextContent();
    assertThat(chart.get("appVersion").asText()).isEqualTo(pomVersion);
  }

  @Test
  void serverSideApplyStaysOff() {
    assertThat(app.getProperty("quarkus.operator-sdk.enable-ssa")).isEqualTo("false");
    assertThat(app.stringPropertyNames())
        .filteredOn(k -> k.endsWith("quarkus.operator-sdk.enable-ssa"))
        .allSatisfy(k -> assertThat(app.getProperty(k)).isEqualTo("false"));
  }

  private static List<String> instruction(String name) {
    return dockerfile.stream()
        .filter(line -> line.startsWith(name + " "))
        .map(line -> line.substring(name.length() + 1).trim())
        .toList();
  }
}
