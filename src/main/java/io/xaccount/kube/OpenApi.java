package io.xaccount.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The OpenAPI v3 documents kubectl reads for {@code kubectl explain} and validation: the index
 * ({@code /openapi/v3}) and one document per group and version served, each kind with its schema
 * (the CRD's; for Namespace, Secret and ConfigMap the API reference's; an open object for the
 * others) and paths whose operations name the kind and declare the {@code fieldValidation}
 * parameter, which tells kubectl the server validates fields itself. A kind kubectl cannot find
 * here makes it fall back to OpenAPI v2, which no server serves any more, and fail.
 */
final class OpenApi {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String REF = "#/components/schemas/";

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
      add(paths, "api/v1");
      types
          .groups()
          .forEach((g, versions) -> versions.forEach(v -> add(paths, "apis/" + g + "/" + v)));
      ObjectNode index = JSON.objectNode();
      index.set("paths", paths);
      return Optional.of(index);
    }
    if (path.equals("/openapi/v3/api/v1")) {
      return Optional.of(document("", "v1"));
    }
    String[] parts = path.split("/");
    boolean served =
        parts.length == 6
            && path.startsWith("/openapi/v3/apis/")
            && types.groups().getOrDefault(parts[4], List.of()).contains(parts[5]);
    return served ? Optional.of(document(parts[4], parts[5])) : Optional.empty();
  }

  private void add(ObjectNode paths, String key) {
    String hash = Integer.toHexString((key + version).hashCode());
    paths.putObject(key).put("serverRelativeURL", "/openapi/v3/" + key + "?hash=" + hash);
  }

  private ObjectNode document(String group, String version) {
    ObjectNode doc = JSON.objectNode().put("openapi", "3.0.0");
    doc.putObject("info").put("title", "Kubernetes (xaccount sandbox)").put("version", version);
    ObjectNode paths = doc.putObject("paths");
    ObjectNode schemas = doc.putObject("components").putObject("schemas");
    // ObjectMeta and what it refers to; the built-in kinds' schemas where they belong.
    Schemas.components()
        .fields()
        .forEachRemaining(
            s -> {
              if (!s.getKey().startsWith("io.k8s.api.core.v1.") || group.isEmpty()) {
                schemas.set(s.getKey(), s.getValue());
              }
            });
    for (ResourceType type : types.inGroupVersion(group, version)) {
      String name = schemaName(type);
      if (!schemas.has(name)) {
        schemas.set(name, schemaOf(type));
      }
      String collection =
          (group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version)
              + (type.namespaced() ? "/namespaces/{namespace}/" : "/")
              + type.plural();
      paths.set(collection, pathItem(type, name));
      paths.set(collection + "/{name}", pathItem(type, name));
    }
    return doc;
  }

  /** A CRD's schema, or an open one for a built-in kind described nowhere here. */
  private static ObjectNode schemaOf(ResourceType type) {
    ObjectNode schema;
    if (type.isCustom()) {
      schema =
          Serialization.jsonMapper()
              .valueToTree(
                  type.crd().getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema());
    } else {
      schema = JSON.objectNode().put("type", "object");
      schema.put("description", type.kind() + " (described by the Kubernetes API reference).");
      schema.put("x-kubernetes-preserve-unknown-fields", true);
    }
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
    return schema;
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

  /**
   * As the API server names them: {@code io.k8s.api.core.v1.Secret}, {@code
   * io.xaccount.v1alpha1.X}.
   */
  private static String schemaName(ResourceType type) {
    if (type.group().isEmpty()) {
      return "io.k8s.api.core.v1." + type.kind();
    }
    List<String> parts = new ArrayList<>(List.of(type.group().split("\\.")));
    Collections.reverse(parts);
    return String.join(".", parts) + "." + type.version() + "." + type.kind();
  }
}
