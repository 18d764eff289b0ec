package io.xaccount.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Optional;

/**
 * The OpenAPI v3 documents kubectl reads for {@code kubectl explain} and for validation: the index
 * ({@code /openapi/v3}), {@code api/v1} with Namespace, Secret and ConfigMap (so that a manifest
 * file holding them beside our kinds validates), and each CRD group's document with its kinds'
 * schemas. Every operation declares the {@code fieldValidation} parameter, which tells kubectl the
 * server validates fields itself.
 */
final class OpenApi {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String REF = "#/components/schemas/";
  private static final List<String> CORE_KINDS =
      List.of(
          "io.k8s.api.core.v1.Namespace",
          "io.k8s.api.core.v1.Secret",
          "io.k8s.api.core.v1.ConfigMap");

  private final ResourceTypes types;
  private final String version;

  OpenApi(ResourceTypes types) {
    this.types = types;
    // The documents never change while the API runs: one hash tells kubectl's cache so.
    this.version = Integer.toHexString(types.all().toString().hashCode());
  }

  /** The document at {@code path}, or empty when it is none of these. */
  Optional<JsonNode> document(String path) {
    if (path.equals("/openapi/v3")) {
      ObjectNode paths = JSON.objectNode();
      paths
          .putObject("api/v1")
          .put("serverRelativeURL", "/openapi/v3/api/v1?hash=" + hash("api/v1"));
      types
          .groups()
          .forEach(
              (group, versions) ->
                  versions.forEach(
                      version -> {
                        String key = "apis/" + group + "/" + version;
                        if (!customIn(group, version).isEmpty()) {
                          paths
                              .putObject(key)
                              .put(
                                  "serverRelativeURL", "/openapi/v3/" + key + "?hash=" + hash(key));
                        }
                      }));
      ObjectNode index = JSON.objectNode();
      index.set("paths", paths);
      return Optional.of(index);
    }
    if (path.equals("/openapi/v3/api/v1")) {
      ObjectNode doc = emptyDocument("v1");
      doc.withObjectProperty("components").set("schemas", Schemas.components());
      for (ResourceType type : types.inGroupVersion("", "v1")) {
        String schema = "io.k8s.api.core.v1." + type.kind();
        if (CORE_KINDS.contains(schema)) {
          addPaths(doc, type, schema);
        }
      }
      return Optional.of(doc);
    }
    String[] parts = path.split("/");
    if (parts.length == 6 && path.startsWith("/openapi/v3/apis/")) {
      List<ResourceType> custom = customIn(parts[4], parts[5]);
      if (!custom.isEmpty()) {
        return Optional.of(groupDocument(custom));
      }
    }
    return Optional.empty();
  }

  private ObjectNode groupDocument(List<ResourceType> custom) {
    ObjectNode doc = emptyDocument(custom.get(0).version());
    ObjectNode schemas = doc.withObjectProperty("components").putObject("schemas");
    schemas.setAll(Schemas.components());
    CORE_KINDS.forEach(schemas::remove);
    for (ResourceType type : custom) {
      String name = reversed(type.group()) + "." + type.version() + "." + type.kind();
      ObjectNode schema =
          Serialization.jsonMapper()
              .valueToTree(
                  type.crd().getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema());
      ObjectNode properties = schema.withObjectProperty("properties");
      properties
          .putObject("apiVersion")
          .put("type", "string")
          .put(
              "description",
              "APIVersion defines the versioned schema of this representation of an object.");
      properties
          .putObject("kind")
          .put("type", "string")
          .put(
              "description",
              "Kind is a string value representing the REST resource this object represents.");
      ObjectNode metadata = properties.putObject("metadata");
      metadata.put("description", "Standard object's metadata.");
      metadata.putArray("allOf").addObject().put("$ref", REF + Schemas.OBJECT_META);
      schema
          .putArray("x-kubernetes-group-version-kind")
          .addObject()
          .put("group", type.group())
          .put("kind", type.kind())
          .put("version", type.version());
      schemas.set(name, schema);
      addPaths(doc, type, name);
    }
    return doc;
  }

  /** The collection and object paths of {@code type}, whose operations name its kind. */
  private static void addPaths(ObjectNode doc, ResourceType type, String schema) {
    String collection =
        type.group().isEmpty()
            ? "/api/" + type.version()
            : "/apis/" + type.group() + "/" + type.version();
    collection += (type.namespaced() ? "/namespaces/{namespace}/" : "/") + type.plural();
    ObjectNode paths = doc.withObjectProperty("paths");
    paths.set(collection, pathItem(type, schema));
    paths.set(collection + "/{name}", pathItem(type, schema));
  }

  private static ObjectNode pathItem(ResourceType type, String schema) {
    ObjectNode item = JSON.objectNode();
    for (String verb : new String[] {"get", "put", "patch", "post", "delete"}) {
      ObjectNode operation = item.putObject(verb);
      operation
          .putObject("x-kubernetes-group-version-kind")
          .put("group", type.group())
          .put("kind", type.kind())
          .put("version", type.version());
      operation
          .putArray("parameters")
          .addObject()
          .put("name", "fieldValidation")
          .put("in", "query")
          .putObject("schema")
          .put("type", "string");
      operation
          .putObject("responses")
          .putObject("200")
          .putObject("content")
          .putObject("application/json")
          .putObject("schema")
          .put("$ref", REF + schema);
    }
    return item;
  }

  private static ObjectNode emptyDocument(String version) {
    ObjectNode doc = JSON.objectNode().put("openapi", "3.0.0");
    doc.putObject("info").put("title", "Kubernetes (xaccount sandbox)").put("version", version);
    doc.putObject("paths");
    return doc;
  }

  private List<ResourceType> customIn(String group, String version) {
    return types.inGroupVersion(group, version).stream().filter(ResourceType::isCustom).toList();
  }

  /** {@code xaccount.io} → {@code io.xaccount}, as the API server names CRD schemas. */
  private static String reversed(String group) {
    List<String> parts = new java.util.ArrayList<>(List.of(group.split("\\.")));
    java.util.Collections.reverse(parts);
    return String.join(".", parts);
  }

  private String hash(String key) {
    return Integer.toHexString((key + version).hashCode());
  }
}
