package io.xaccount.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestsTest {
  @TempDir Path dir;

  @Test
  void anUnparseableDocumentIsReportedAndTheOthersStillLoad() throws IOException {
    Path file =
        write(
            "mixed.yaml",
            """
            # leading comment
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: one}
            ---
            kind: [unclosed
            ---
            - a list, not an object
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: four}
            """);

    Manifests.Loaded loaded = Manifests.load(List.of(file));

    assertThat(loaded.documents())
        .extracting(d -> d.number() + ":" + d.object().path("metadata").path("name").asText())
        .containsExactly("1:one", "4:four");
    assertThat(loaded.problems()).hasSize(2);
    assertThat(loaded.problems().get(0).where()).isEqualTo(file + " (document 2)");
    assertThat(loaded.problems().get(0).reason()).startsWith("unparseable YAML");
    assertThat(loaded.problems().get(1).reason()).contains("not a Kubernetes object");
  }

  @Test
  void readsDirectoriesRecursivelyInPathOrderAndReportsMissingPaths() throws IOException {
    write("b/20.yml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n");
    write("a/10.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
    write("a/notes.txt", "not a manifest");

    Manifests.Loaded loaded = Manifests.load(List.of(dir, dir.resolve("missing")));

    assertThat(loaded.documents())
        .extracting(d -> d.object().path("metadata").path("name").asText())
        .containsExactly("a", "b");
    assertThat(loaded.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.reason()).isEqualTo("no such file or directory"));
  }

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }
}
