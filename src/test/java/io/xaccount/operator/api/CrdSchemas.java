package io.xaccount.operator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Loads the checked-in CRDs from {@code crds/} and YAML documents for the validation tests. */
final class CrdSchemas {
  static final Path CRD_DIR = Path.of("crds");
  static final YAMLMapper YAML = new YAMLMapper();

  private CrdSchemas() {}

  /** The openAPIV3Schema of every served version, keyed by {@code group/version:Kind}. */
  static Map<String, JsonNode> byApiVersionAndKind() {
    Map<String, JsonNode> schemas = new LinkedHashMap<>();
    for (Path file : listFiles(CRD_DIR)) {
      JsonNode spec = readDocuments(file).get(0).path("spec");
      for (JsonNode version : spec.path("versions")) {
        String key =
            key(
                spec.path("group").asText() + "/" + version.path("name").asText(),
                spec.path("names").path("kind").asText());
        schemas.put(key, version.path("schema").path("openAPIV3Schema"));
      }
    }
    return schemas;
  }

  static String key(String apiVersion, String kind) {
    return apiVersion + ":" + kind;
  }

  /** All regular files below {@code dir}, sorted so test case order is stable. */
  static List<Path> listFiles(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every non-empty YAML document of a (possibly multi-document) file. */
  static List<JsonNode> readDocuments(Path file) {
    List<JsonNode> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      while (it.hasNext()) {
        JsonNode document = it.next();
        // kubectl skips empty documents (e.g. after a trailing ---), so do we.
        if (document != null && !document.isNull() && !document.isMissingNode()) {
          documents.add(document);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
    return documents;
  }

  static ObjectNode readSingle(Path file) {
    return (ObjectNode) readDocuments(file).get(0);
  }
}
