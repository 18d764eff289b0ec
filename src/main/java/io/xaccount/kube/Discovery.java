package io.xaccount.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Legacy discovery, which kubectl and the Fabric8 client read to map kinds to resources: {@code
 * /version}, {@code /api}, {@code /api/v1}, {@code /apis} and {@code /apis/<group>/<version>},
 * listing exactly what {@link ResourceTypes} serves, with the verbs, short names and categories
 * kubectl uses ({@code kubectl get xaccount}).
 */
final class Discovery {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private final ResourceTypes types;

  Discovery(ResourceTypes types) {
    this.types = types;
  }

  /** The document at {@code path}, if it is a discovery path. */
  Optional<JsonNode> document(String path) {
    if (path.equals("/version")) {
      return Optional.of(
          JSON.objectNode()
              .put("major", "1")
              .put("minor", "32")
              .put("gitVersion", "v1.32.0-xaccount-sandbox")
              .put("platform", "linux/amd64"));
    }
    if (path.equals("/api")) {
      ObjectNode versions = JSON.objectNode().put("kind", "APIVersions");
      versions.putArray("versions").add("v1");
      versions.putArray("serverAddressByClientCIDRs");
      return Optional.of(versions);
    }
    if (path.equals("/api/v1")) {
      return Optional.of(resources("", "v1"));
    }
    if (path.equals("/apis")) {
      return Optional.of(groups());
    }
    String[] parts = path.split("/");
    if (parts.length == 4 && parts[1].equals("apis")) {
      List<String> versions = types.groups().get(parts[2]);
      if (versions != null && versions.contains(parts[3])) {
        return Optional.of(resources(parts[2], parts[3]));
      }
    }
    return Optional.empty();
  }

  private ObjectNode groups() {
    ObjectNode list = JSON.objectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
    ArrayNode groups = list.putArray("groups");
    for (Map.Entry<String, List<String>> group : types.groups().entrySet()) {
      ObjectNode entry = groups.addObject().put("name", group.getKey());
      ArrayNode versions = entry.putArray("versions");
      for (String version : group.getValue()) {
        versions
            .addObject()
            .put("groupVersion", group.getKey() + "/" + version)
            .put("version", version);
      }
      entry.set("preferredVersion", versions.get(0).deepCopy());
    }
    return list;
  }

  private ObjectNode resources(String group, String version) {
    ObjectNode list = JSON.objectNode();
    list.put("kind", "APIResourceList").put("apiVersion", "v1");
    list.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
    ArrayNode resources = list.putArray("resources");
    for (ResourceType type : types.inGroupVersion(group, version)) {
      ObjectNode resource = resource(type, type.plural(), type.singular());
      ArrayNode verbs = resource.putArray("verbs");
      List.of("create", "delete", "get", "list", "patch", "update", "watch").forEach(verbs::add);
      if (type.namespaced()) {
        verbs.add("deletecollection");
      }
      if (!type.shortNames().isEmpty()) {
        ArrayNode shortNames = resource.putArray("shortNames");
        type.shortNames().forEach(shortNames::add);
      }
      if (!type.categories().isEmpty()) {
        ArrayNode categories = resource.putArray("categories");
        type.categories().forEach(categories::add);
      }
      resources.add(resource);
      if (type.hasStatusSubresource()) {
        ObjectNode status = resource(type, type.plural() + "/status", "");
        status.putArray("verbs").add("get").add("patch").add("update");
        resources.add(status);
      }
    }
    return list;
  }

  private static ObjectNode resource(ResourceType type, String name, String singular) {
    ObjectNode resource = JSON.objectNode();
    resource.put("name", name).put("singularName", singular);
    resource.put("namespaced", type.namespaced()).put("kind", type.kind());
    return resource;
  }
}
