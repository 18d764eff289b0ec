package io.xaccount.kube;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;

/**
 * Namespace lifecycle, as the API server's NamespaceLifecycle admission and the namespace
 * controller keep it: a namespaced object can be created only in a namespace that exists ({@code
 * 404 namespaces "x" not found}) and is not being terminated ({@code 403}); deleting a namespace
 * marks it Terminating, deletes everything in it, and removes it once nothing is left (objects with
 * finalizers keep it until their finalizers are gone). Called with the store's lock held.
 */
final class Namespaces {
  /** The namespaces the API server refuses to delete. */
  private static final java.util.Set<String> PROTECTED =
      java.util.Set.of("default", "kube-system", "kube-public");

  private final Store store;
  private final ResourceType namespaces;
  private final ResourceTypes types;

  Namespaces(Store store, ResourceTypes types) {
    this.store = store;
    this.types = types;
    this.namespaces = types.byPath("", "v1", "namespaces").orElseThrow();
  }

  ResourceType type() {
    return namespaces;
  }

  /** Refuses a new object of {@code type} in a namespace that is missing or terminating. */
  void admitCreate(ResourceType type, String namespace, String name) {
    if (!type.namespaced()) {
      return;
    }
    Stored found = store.get(namespaces, null, namespace).orElse(null);
    if (found == null) {
      throw Statuses.namespaceNotFound(namespace);
    }
    if (terminating(found)) {
      throw Statuses.forbidden(
          type,
          name,
          "unable to create new content in namespace %s because it is being terminated"
              .formatted(namespace));
    }
  }

  /** What a new Namespace gets: phase Active and the {@code kubernetes} finalizer in its spec. */
  static void prepareCreate(ObjectNode namespace) {
    namespace.withObjectProperty("spec").putArray("finalizers").add("kubernetes");
    namespace.withObjectProperty("status").put("phase", "Active");
  }

  /**
   * Starts the deletion of a namespace: Terminating, and every object in it deleted with {@code
   * delete} (which leaves those with finalizers marked); gone when nothing is left.
   */
  Stored delete(Stored namespace, Consumer<Stored> delete) {
    if (PROTECTED.contains(namespace.name())) {
      throw Statuses.forbidden(namespaces, namespace.name(), "this namespace may not be deleted");
    }
    Stored current = namespace;
    if (!terminating(namespace)) {
      ObjectNode marked = namespace.object();
      marked
          .withObjectProperty("metadata")
          .put("deletionTimestamp", Clocks.now())
          .put("deletionGracePeriodSeconds", 0);
      marked.withObjectProperty("status").put("phase", "Terminating");
      current = store.put(namespaces, marked, namespace);
    }
    for (ResourceType type : types.all()) {
      if (type.namespaced()) {
        store.list(type, namespace.name()).forEach(delete);
      }
    }
    return finalizeIfEmpty(namespace.name()).orElse(current);
  }

  /** Removes a terminating namespace once nothing is left in it. */
  java.util.Optional<Stored> finalizeIfEmpty(String namespace) {
    Stored found = store.get(namespaces, null, namespace).orElse(null);
    if (found == null || !terminating(found) || store.holdsAnything(namespace)) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(store.remove(found));
  }

  private static boolean terminating(Stored namespace) {
    return "Terminating".equals(namespace.object().path("status").path("phase").asText());
  }
}
