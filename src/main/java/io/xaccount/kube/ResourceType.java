package io.xaccount.kube;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.util.List;
import java.util.Optional;

/**
 * One kind of object the embedded API serves, as discovery lists it: where it lives ({@code group},
 * {@code version}, {@code plural}), its names, whether it is namespaced, and what its writes are
 * checked against ({@code schema}, null for the built-in kinds the sandbox does not check).
 *
 * @param crd the definition of a custom resource, null for a built-in kind
 */
record ResourceType(
    String group,
    String version,
    String plural,
    String singular,
    String kind,
    boolean namespaced,
    List<String> shortNames,
    List<String> categories,
    JsonNode schema,
    CustomResourceDefinition crd) {

  /** {@code v1} or {@code group/version}, as objects carry it. */
  String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** {@code crossaccountroles.xaccount.io}, {@code namespaces}: how errors name the resource. */
  String groupResource() {
    return group.isEmpty() ? plural : plural + "." + group;
  }

  /** {@code CrossAccountRole.xaccount.io}, {@code Namespace}: how Invalid errors name the kind. */
  String groupKind() {
    return group.isEmpty() ? kind : kind + "." + group;
  }

  /** The path of the collection: {@code /apis/g/v[/namespaces/ns]/plural}. */
  String collectionPath(String namespace) {
    String base = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    return base
        + (namespaced && namespace != null ? "/namespaces/" + namespace : "")
        + "/"
        + plural;
  }

  /** The key of this type in the store and the watch hub. */
  String key() {
    return group + "/" + version + "/" + plural;
  }

  boolean isCustom() {
    return crd != null;
  }

  /**
   * Whether writes to the object leave its status alone (and {@code /status} writes leave all but
   * the status alone): custom resources whose CRD enables the status subresource, and Namespaces.
   */
  boolean hasStatusSubresource() {
    if (crd == null) {
      return "namespaces".equals(plural);
    }
    return crd.getSpec().getVersions().get(0).getSubresources() != null
        && crd.getSpec().getVersions().get(0).getSubresources().getStatus() != null;
  }

  /** Whether {@code metadata.generation} is kept: custom resources (and CRDs) only here. */
  boolean tracksGeneration() {
    return crd != null || "customresourcedefinitions".equals(plural);
  }

  /** The schema's node at {@code property} of the root, if any. */
  Optional<JsonNode> schemaOf(String property) {
    return schema == null
        ? Optional.empty()
        : Optional.ofNullable(schema.path("properties").get(property));
  }
}
