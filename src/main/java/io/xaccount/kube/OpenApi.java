package io.xaccount.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.xaccount.sandbox.Crds;
import java.util.Optional;

/**
 * The OpenAPI v3 documents kubectl reads for {@code kubectl explain} and client-side validation:
 * the index ({@code /openapi/v3}) and our group's document, with each kind's CRD schema tagged by
 * its group, version and kind, as an API server publishes them.
 */
final class OpenApi {
  private final ObjectMapper mapper;
  private final Crds crds;

  OpenApi(ObjectMapper mapper, Crds crds) {
    this.mapper = mapper;
    this.crds = crds;
  }

  /** The document at {@code path}, or empty when it is not one of ours. */
  Optional<JsonNode> document(String path) {
    String version = version();
    String group = "apis/" + Crds.GROUP + "/" + version;
    if (path.equals("/openapi/v3")) {
      ObjectNode index = mapper.createObjectNode();
      index
          .putObject("paths")
          .putObject(group)
          .put("serverRelativeURL", "/openapi/v3/" + group + "?hash=" + hash());
      return Optional.of(index);
    }
    if (!path.equals("/openapi/v3/" + group)) {
      return Optional.empty();
    }
    ObjectNode doc = mapper.createObjectNode().put("openapi", "3.0.0");
    doc.putObject("info").put("title", "xaccount sandbox").put("version", version);
    ObjectNode paths = doc.putObject("paths");
    ObjectNode schemas = doc.putObject("components").putObject("schemas");
    for (CustomResourceDefinition crd : crds.definitions()) {
      String kind = crd.getSpec().getNames().getKind();
      String ref = "#/components/schemas/io.xaccount." + version + "." + kind;
      String base =
          "/apis/"
              + Crds.GROUP
              + "/"
              + version
              + ("Namespaced".equals(crd.getSpec().getScope()) ? "/namespaces/{namespace}/" : "/")
              + crd.getSpec().getNames().getPlural();
      // kubectl explain finds a kind through the GVK of its paths' operations; kubectl apply
      // uses server-side field validation when PATCH declares the fieldValidation parameter.
      paths.set(base, pathItem(kind, version, ref));
      paths.set(base + "/{name}", pathItem(kind, version, ref));
      ObjectNode schema =
          Serialization.jsonMapper()
              .valueToTree(crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema());
      ObjectNode properties = schema.with("properties");
      properties.putObject("apiVersion").put("type", "string");
      properties.putObject("kind").put("type", "string");
      properties.putObject("metadata").put("type", "object");
      schema
          .putArray("x-kubernetes-group-version-kind")
          .addObject()
          .put("group", Crds.GROUP)
          .put("kind", kind)
          .put("version", version);
      schemas.set("io.xaccount." + version + "." + kind, schema);
    }
    return Optional.of(doc);
  }

  private ObjectNode pathItem(String kind, String version, String ref) {
    ObjectNode item = mapper.createObjectNode();
    for (String verb : new String[] {"get", "put", "patch", "post", "delete"}) {
      ObjectNode operation = item.putObject(verb);
      operation
          .putObject("x-kubernetes-group-version-kind")
          .put("group", Crds.GROUP)
          .put("kind", kind)
          .put("version", version);
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
          .put("$ref", ref);
    }
    return item;
  }

  private String version() {
    return crds.definitions().get(0).getSpec().getVersions().get(0).getName();
  }

  private String hash() {
    return Integer.toHexString(crds.definitions().toString().hashCode());
  }
}
