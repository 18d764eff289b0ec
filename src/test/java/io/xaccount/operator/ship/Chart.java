package io.xaccount.operator.ship;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Helm chart under {@code helm/xaccount-operator}, linted and rendered by real Helm (embedded
 * through helm-java), with the rendered documents parsed for assertions.
 */
final class Chart {
  static final Path DIR = Path.of("helm", "xaccount-operator");
  static final String RELEASE = "xaccount-operator";
  static final String NAMESPACE = "xaccount-system";
  static final YAMLMapper YAML = new YAMLMapper();

  private Chart() {}

  /**
   * The one value the chart requires (nothing publishes an image, so it has no default): the tests
   * name an image as a user must.
   */
  static final String IMAGE_REPOSITORY = "registry.example.com/platform/xaccount-operator";

  /** {@code helm template} with the chart's default values and the required image. */
  static String template() {
    return command().set("image.repository", IMAGE_REPOSITORY).call();
  }

  /** {@code helm template} with the chart's default values only: no image. */
  static String templateWithoutImage() {
    return command().call();
  }

  /** {@code helm template} with the default values, the image given as {@code repository}. */
  static String templateWithImage(String repository) {
    return command().set("image.repository", repository).call();
  }

  /** {@code helm template -f <values>}; the values name the image. */
  static String template(Path values) {
    return command().withValuesFile(values).call();
  }

  /**
   * What {@code helm install} prints (NOTES.txt included), as a client-only dry run: no cluster.
   */
  static String installNotes(String namespace, Path values) {
    return new Helm(DIR)
        .install()
        .withName(RELEASE)
        .withNamespace(namespace)
        .withValuesFile(values)
        .clientOnly()
        .dryRun()
        .call()
        .getOutput();
  }

  /** A values file at {@code path}: the required image and then {@code yaml}. */
  static Path values(Path path, String yaml) throws IOException {
    Files.writeString(path, "image:\n  repository: " + IMAGE_REPOSITORY + "\n" + yaml);
    return path;
  }

  private static TemplateCommand command() {
    return new Helm(DIR).template().withName(RELEASE).withNamespace(NAMESPACE);
  }

  /** {@code helm lint --strict} with the chart's default values (no image). */
  static LintResult lint() {
    return new Helm(DIR).lint().strict().call();
  }

  /**
   * {@code helm lint --strict} of a copy of the chart whose values.yaml has the overrides merged in
   * (helm-java's lint takes no values file).
   */
  static LintResult lint(Path overrides, Path workDir) throws IOException {
    Path copy = workDir.resolve("xaccount-operator");
    try (Stream<Path> files = Files.walk(DIR)) {
      for (Path source : (Iterable<Path>) files::iterator) {
        Path target = copy.resolve(DIR.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
    ObjectNode values = (ObjectNode) YAML.readTree(DIR.resolve("values.yaml").toFile());
    merge(values, (ObjectNode) YAML.readTree(overrides.toFile()));
    YAML.writeValue(copy.resolve("values.yaml").toFile(), values);
    return new Helm(copy).lint().strict().call();
  }

  /** The non-empty documents of a multi-document YAML string. */
  static List<JsonNode> documents(String yaml) {
    try {
      List<JsonNode> docs = new ArrayList<>();
      for (Iterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml);
          it.hasNext(); ) {
        JsonNode doc = it.next();
        if (doc != null && !doc.isNull() && !doc.isEmpty()) {
          docs.add(doc);
        }
      }
      return docs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The one document of the kind (fails when there is not exactly one). */
  static JsonNode only(List<JsonNode> docs, String kind) {
    List<JsonNode> found = ofKind(docs, kind);
    if (found.size() != 1) {
      throw new AssertionError("expected one " + kind + " but found " + found.size());
    }
    return found.get(0);
  }

  /** The document of the kind with that name (fails when there is none). */
  static JsonNode named(List<JsonNode> docs, String kind, String name) {
    return ofKind(docs, kind).stream()
        .filter(d -> name.equals(d.at("/metadata/name").asText()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " named " + name));
  }

  static List<JsonNode> ofKind(List<JsonNode> docs, String kind) {
    return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
  }

  /** The container's env as name → value (valueFrom entries map to their field path). */
  static Map<String, String> env(JsonNode container) {
    Map<String, String> env = new java.util.LinkedHashMap<>();
    for (JsonNode e : container.path("env")) {
      JsonNode value = e.get("value");
      env.put(
          e.get("name").asText(),
          value != null ? value.asText() : e.at("/valueFrom/fieldRef/fieldPath").asText());
    }
    return env;
  }

  private static void merge(ObjectNode into, ObjectNode from) {
    from.fields()
        .forEachRemaining(
            field -> {
              JsonNode existing = into.get(field.getKey());
              if (existing instanceof ObjectNode target && field.getValue() instanceof ObjectNode) {
                merge(target, (ObjectNode) field.getValue());
              } else {
                into.set(field.getKey(), field.getValue());
              }
            });
  }
}
