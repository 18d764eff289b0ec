package io.xaccount.kube;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The embedded API with the project's checked-in CRDs ({@code crds/}), for the API's own tests. */
final class TestApi {
  private TestApi() {}

  static EmbeddedKubernetes start() {
    return EmbeddedKubernetes.start(crds());
  }

  static List<CustomResourceDefinition> crds() {
    try (Stream<Path> files = Files.list(Path.of("crds"))) {
      return files.filter(f -> f.toString().endsWith(".yml")).sorted().map(TestApi::read).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static CustomResourceDefinition read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return Serialization.unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
