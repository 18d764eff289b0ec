package io.xaccount.kube;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the embedded API serves: the built-in kinds the operator, the sandbox and kubectl use
 * (Namespace, Secret, ConfigMap, Event, Lease, CustomResourceDefinition) and the custom resources
 * of the CRDs it was started with. Any other path is answered 404, as a cluster answers for a
 * resource it does not serve.
 */
final class ResourceTypes {
  private final Map<String, ResourceType> byKey = new LinkedHashMap<>();

  ResourceTypes(List<CustomResourceDefinition> crds) {
    add(core("namespaces", "Namespace", false, List.of("ns"), "io.k8s.api.core.v1.Namespace"));
    add(core("secrets", "Secret", true, List.of(), "io.k8s.api.core.v1.Secret"));
    add(core("configmaps", "ConfigMap", true, List.of("cm"), "io.k8s.api.core.v1.ConfigMap"));
    add(core("events", "Event", true, List.of("ev"), null));
    add(builtIn("coordination.k8s.io", "v1", "leases", "Lease", true, List.of()));
    add(
        builtIn(
            "apiextensions.k8s.io",
            "v1",
            "customresourcedefinitions",
            "CustomResourceDefinition",
            false,
            List.of("crd", "crds")));
    for (CustomResourceDefinition crd : crds) {
      CustomResourceDefinitionNames names = crd.getSpec().getNames();
      add(
          new ResourceType(
              crd.getSpec().getGroup(),
              crd.getSpec().getVersions().get(0).getName(),
              names.getPlural(),
              names.getSingular(),
              names.getKind(),
              "Namespaced".equals(crd.getSpec().getScope()),
              List.copyOf(names.getShortNames()),
              List.copyOf(names.getCategories()),
              Schemas.ofCustomResource(crd),
              crd));
    }
  }

  List<ResourceType> all() {
    return List.copyOf(byKey.values());
  }

  Optional<ResourceType> byPath(String group, String version, String plural) {
    return Optional.ofNullable(byKey.get(group + "/" + version + "/" + plural));
  }

  Optional<ResourceType> byKind(String apiVersion, String kind) {
    return byKey.values().stream()
        .filter(t -> t.kind().equals(kind) && t.apiVersion().equals(apiVersion))
        .findFirst();
  }

  /** The API groups besides the core one, each with its versions, in the order first served. */
  Map<String, List<String>> groups() {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    for (ResourceType type : byKey.values()) {
      if (!type.group().isEmpty()) {
        List<String> versions = groups.computeIfAbsent(type.group(), g -> new ArrayList<>());
        if (!versions.contains(type.version())) {
          versions.add(type.version());
        }
      }
    }
    return groups;
  }

  /** The types served at {@code group}/{@code version} ({@code ""} for the core group). */
  List<ResourceType> inGroupVersion(String group, String version) {
    return byKey.values().stream()
        .filter(t -> t.group().equals(group) && t.version().equals(version))
        .toList();
  }

  private void add(ResourceType type) {
    byKey.put(type.key(), type);
  }

  private static ResourceType core(
      String plural, String kind, boolean namespaced, List<String> shortNames, String schema) {
    return new ResourceType(
        "",
        "v1",
        plural,
        kind.toLowerCase(java.util.Locale.ROOT),
        kind,
        namespaced,
        shortNames,
        List.of(),
        schema == null ? null : Schemas.resolved(schema),
        null);
  }

  private static ResourceType builtIn(
      String group,
      String version,
      String plural,
      String kind,
      boolean namespaced,
      List<String> shortNames) {
    return new ResourceType(
        group,
        version,
        plural,
        kind.toLowerCase(java.util.Locale.ROOT),
        kind,
        namespaced,
        shortNames,
        List.of(),
        null,
        null);
  }
}
