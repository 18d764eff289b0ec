package io.xaccount.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Applies documents to the embedded API in a sensible order (namespaces and secrets, accounts,
 * roles, grants), as kubectl would: with strict field validation, so that the API's own answer
 * (unknown fields, the CRD schema, CEL rules) says what a cluster would refuse. A namespace the
 * documents use but do not define is created, and said so: a GitOps repository often keeps its
 * namespaces elsewhere, and the API refuses objects in a namespace that does not exist.
 */
public final class Applier {
  private static final Map<String, Integer> ORDER =
      Map.of(
          "Namespace", 0,
          "Secret", 1,
          "ConfigMap", 1,
          "AwsAccount", 2,
          "CrossAccountRole", 3,
          "AssumeRoleGrant", 4);
  private static final Map<String, ResourceDefinitionContext> CORE =
      Map.of(
          "Namespace", core("Namespace", "namespaces", false),
          "Secret", core("Secret", "secrets", true),
          "ConfigMap", core("ConfigMap", "configmaps", true));

  private final KubernetesClient client;
  private final Crds crds;
  private final Consumer<String> notes;
  private final Set<String> namespaces = new HashSet<>();

  /**
   * @param notes told of each namespace created because the documents use it
   */
  public Applier(KubernetesClient client, Crds crds, Consumer<String> notes) {
    this.client = client;
    this.crds = crds;
    this.notes = notes;
  }

  /** Applies what can be applied; adds a problem for each document that cannot. */
  public List<Applied> apply(List<Manifests.Document> documents, List<Manifests.Problem> problems) {
    List<Manifests.Document> ordered = new ArrayList<>(documents);
    ordered.sort(
        Comparator.comparingInt(d -> ORDER.getOrDefault(d.object().path("kind").asText(), 5)));
    List<Applied> applied = new ArrayList<>();
    for (Manifests.Document document : ordered) {
      try {
        applied.add(applyOne(document));
      } catch (InvalidDocument e) {
        problems.add(new Manifests.Problem(document.file(), document.number(), e.getMessage()));
      } catch (KubernetesClientException e) {
        problems.add(
            new Manifests.Problem(document.file(), document.number(), refusal(document, e)));
      }
    }
    return applied;
  }

  private Applied applyOne(Manifests.Document document) {
    ObjectNode object = (ObjectNode) document.object().deepCopy();
    String apiVersion = object.path("apiVersion").asText("");
    String kind = object.path("kind").asText("");
    if (apiVersion.isEmpty() || kind.isEmpty()) {
      throw new InvalidDocument("apiVersion and kind are required");
    }
    String name = object.path("metadata").path("name").asText("");
    if (name.isEmpty()) {
      throw new InvalidDocument(kind + ": metadata.name is required");
    }
    ResourceDefinitionContext context = context(apiVersion, kind);
    String namespace = null;
    ObjectNode metadata = (ObjectNode) object.get("metadata");
    if (context.isNamespaceScoped()) {
      namespace = metadata.path("namespace").asText("default");
      metadata.put("namespace", namespace);
      ensureNamespace(namespace);
    } else {
      metadata.remove("namespace");
    }
    GenericKubernetesResource resource =
        Serialization.jsonMapper().convertValue(object, GenericKubernetesResource.class);
    client
        .genericKubernetesResources(context)
        .resource(resource)
        .fieldValidation(FieldValidateable.Validation.STRICT)
        .createOr(NonDeletingOperation::update);
    return new Applied(context, namespace, name);
  }

  private ResourceDefinitionContext context(String apiVersion, String kind) {
    Optional<CustomResourceDefinition> crd = crds.byKind(apiVersion, kind);
    if (crd.isPresent()) {
      return CustomResourceDefinitionContext.fromCrd(crd.get());
    }
    if ("v1".equals(apiVersion) && CORE.containsKey(kind)) {
      return CORE.get(kind);
    }
    throw new InvalidDocument(
        "unknown kind "
            + kind
            + " ("
            + apiVersion
            + "): the sandbox knows xaccount.io/v1alpha1 AwsAccount, CrossAccountRole and"
            + " AssumeRoleGrant, and v1 Namespace, Secret and ConfigMap");
  }

  /** Creates, as {@code kubectl create namespace} would, a namespace nothing applied defines. */
  private void ensureNamespace(String namespace) {
    if (namespaces.add(namespace) && client.namespaces().withName(namespace).get() == null) {
      client
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .create();
      notes.accept(
          "created namespace %s: the manifests use it and do not define it".formatted(namespace));
    }
  }

  /** The API's refusal as a cluster words it: its Status message. */
  private static String refusal(Manifests.Document document, KubernetesClientException e) {
    String kind = document.object().path("kind").asText();
    String name = document.object().path("metadata").path("name").asText();
    String message =
        e.getStatus() != null && e.getStatus().getMessage() != null
            ? e.getStatus().getMessage()
            : e.getMessage();
    return "%s %s rejected by the API (%d): %s".formatted(kind, name, e.getCode(), message);
  }

  private static ResourceDefinitionContext core(String kind, String plural, boolean namespaced) {
    return new ResourceDefinitionContext.Builder()
        .withGroup("")
        .withVersion("v1")
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(namespaced)
        .build();
  }

  /** A document the API server would refuse. */
  private static final class InvalidDocument extends RuntimeException {
    InvalidDocument(String message) {
      super(message);
    }
  }
}
