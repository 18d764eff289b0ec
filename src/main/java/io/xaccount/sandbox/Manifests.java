package io.xaccount.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads every YAML document under the {@code --apply} paths. Each document is parsed on its own, so
 * one that does not parse is reported (file, document number, reason) and the others still load.
 */
public final class Manifests {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** One YAML document: where it came from and what it says. */
  public record Document(Path file, int number, JsonNode object) {
    String where() {
      return file + " (document " + number + ")";
    }
  }

  /** A document that cannot be applied, and why. */
  public record Problem(Path file, int number, String reason) {
    public String where() {
      return number > 0 ? file + " (document " + number + ")" : file.toString();
    }
  }

  /** What the paths hold: the documents in file order, and the problems met reading them. */
  public record Loaded(List<Document> documents, List<Problem> problems) {}

  private Manifests() {}

  public static Loaded load(List<Path> paths) {
    List<Document> documents = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    for (Path path : paths) {
      for (Path file : files(path, problems)) {
        read(file, documents, problems);
      }
    }
    return new Loaded(documents, problems);
  }

  private static List<Path> files(Path path, List<Problem> problems) {
    if (Files.isRegularFile(path)) {
      return List.of(path);
    }
    if (!Files.isDirectory(path)) {
      problems.add(new Problem(path, 0, "no such file or directory"));
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(path)) {
      return walk.filter(Files::isRegularFile)
          .filter(f -> f.getFileName().toString().matches(".*\\.(ya?ml|json)"))
          .sorted(Comparator.comparing(Path::toString))
          .toList();
    } catch (IOException e) {
      problems.add(new Problem(path, 0, "cannot read: " + e.getMessage()));
      return List.of();
    }
  }

  private static void read(Path file, List<Document> documents, List<Problem> problems) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      problems.add(new Problem(file, 0, "cannot read: " + e.getMessage()));
      return;
    }
    int number = 0;
    for (String chunk : text.split("(?m)^---[ \\t]*(#.*)?$")) {
      if (chunk.lines().allMatch(l -> l.isBlank() || l.trim().startsWith("#"))) {
        continue;
      }
      number++;
      try {
        JsonNode object = YAML.readTree(chunk);
        if (object == null || !object.isObject()) {
          problems.add(new Problem(file, number, "not a Kubernetes object (a YAML mapping)"));
        } else {
          documents.add(new Document(file, number, object));
        }
      } catch (JsonProcessingException e) {
        problems.add(new Problem(file, number, "unparseable YAML: " + e.getOriginalMessage()));
      }
    }
  }
}
