package io.xaccount.kube;

import java.util.Optional;

/**
 * A request path naming served resources: {@code /api/v1[/namespaces/<ns>]/<plural>[/<name>[/
 * <subresource>]]} or the same under {@code /apis/<group>/<version>}. {@code namespace} is null for
 * a cluster-scoped type, or for a namespaced one across all namespaces.
 */
record ResourcePath(ResourceType type, String namespace, String name, String subresource) {
  static Optional<ResourcePath> parse(ResourceTypes types, String path) {
    String[] all = path.split("/");
    // "", "api", "v1", ... or "", "apis", group, version, ...
    int rest;
    String group;
    String version;
    if (all.length >= 4 && "api".equals(all[1])) {
      group = "";
      version = all[2];
      rest = 3;
    } else if (all.length >= 5 && "apis".equals(all[1])) {
      group = all[2];
      version = all[3];
      rest = 4;
    } else {
      return Optional.empty();
    }
    String[] parts = java.util.Arrays.copyOfRange(all, rest, all.length);
    if (parts.length >= 3 && "namespaces".equals(parts[0])) {
      Optional<ResourceType> namespaced =
          types.byPath(group, version, parts[2]).filter(ResourceType::namespaced);
      if (namespaced.isPresent()) {
        return parts.length > 5
            ? Optional.empty()
            : Optional.of(new ResourcePath(namespaced.get(), parts[1], at(parts, 3), at(parts, 4)));
      }
    }
    if (parts.length > 3) {
      return Optional.empty();
    }
    return types
        .byPath(group, version, parts[0])
        .map(type -> new ResourcePath(type, null, at(parts, 1), at(parts, 2)));
  }

  private static String at(String[] parts, int index) {
    return parts.length > index && !parts[index].isEmpty() ? parts[index] : null;
  }
}
