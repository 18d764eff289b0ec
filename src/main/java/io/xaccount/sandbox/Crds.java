package io.xaccount.sandbox;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/** The operator's CRDs, as checked in under {@code crds/} and packaged into the jar. */
public final class Crds {
  public static final String GROUP = "xaccount.io";
  private static final String LOCATION = "META-INF/xaccount/crds/";
  private static final List<String> FILES =
      List.of(
          "awsaccounts.xaccount.io-v1.yml",
          "crossaccountroles.xaccount.io-v1.yml",
          "assumerolegrants.xaccount.io-v1.yml");

  private final List<CustomResourceDefinition> definitions;

  private Crds(List<CustomResourceDefinition> definitions) {
    this.definitions = definitions;
  }

  public static Crds load() {
    return new Crds(FILES.stream().map(Crds::read).toList());
  }

  public List<CustomResourceDefinition> definitions() {
    return definitions;
  }

  /** The definition of a kind in our group, if it is one of ours. */
  public Optional<CustomResourceDefinition> byKind(String apiVersion, String kind) {
    return definitions.stream()
        .filter(d -> d.getSpec().getNames().getKind().equals(kind))
        .filter(d -> (GROUP + "/" + d.getSpec().getVersions().get(0).getName()).equals(apiVersion))
        .findFirst();
  }

  public Optional<CustomResourceDefinition> byPlural(String plural) {
    return definitions.stream()
        .filter(d -> d.getSpec().getNames().getPlural().equals(plural))
        .findFirst();
  }

  private static CustomResourceDefinition read(String file) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    try (InputStream in = loader.getResourceAsStream(LOCATION + file)) {
      if (in == null) {
        throw new IllegalStateException("CRD missing from the classpath: " + LOCATION + file);
      }
      return Serialization.unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
