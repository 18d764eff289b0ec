package io.xaccount.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xaccount.kube.Admission.FieldValidation;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The write path: POST, PUT, PATCH (each type) and DELETE, of an object or of its status, through
 * one pipeline ({@link Admission}) and under the store's lock, as the API server's handlers and
 * registry do it: optimistic concurrency on {@code resourceVersion} ({@code 409}), the status
 * subresource (a write of the object keeps its status, a status write keeps the rest), {@code
 * metadata.generation} bumped by changes to anything but metadata and status, finalizers (an object
 * with some is only marked deleted; it goes when the last is removed), and no revision for a write
 * that changes nothing.
 */
final class Writes {
  /** What a write answers: its code, body (an object or a Status) and Warning headers. */
  record Result(int code, String body, List<String> warnings) {}

  private final Store store;
  private final Namespaces namespaces;

  Writes(Store store, Namespaces namespaces) {
    this.store = store;
    this.namespaces = namespaces;
  }

  Result create(
      ResourceType type,
      String namespace,
      Bodies.Body request,
      FieldValidation fv,
      boolean dryRun) {
    ObjectNode body = request.object();
    Requests.checkKind(type, body);
    ObjectNode meta = body.withObjectProperty("metadata");
    Requests.checkNamespace(type, namespace, meta);
    List<String> warnings = new ArrayList<>();
    Admission.decode(type, body, fv, false, request.duplicates(), warnings);
    return store.locked(
        () -> {
          String name = Requests.nameOf(meta);
          namespaces.admitCreate(type, namespace, name);
          if (!meta.path("resourceVersion").asText("").isEmpty()) {
            throw Statuses.badRequest("resourceVersion should not be set on objects to be created");
          }
          meta.put("uid", UUID.randomUUID().toString()).put("creationTimestamp", Clocks.now());
          meta.remove(List.of("deletionTimestamp", "deletionGracePeriodSeconds", "generation"));
          if (type.tracksGeneration()) {
            meta.put("generation", 1);
          }
          if (type.isCustom() && type.hasStatusSubresource()) {
            body.remove("status");
          }
          Requests.prepare(type, body, null);
          Admission.defaults(type, body);
          Admission.validate(type, body, null);
          if (store.get(type, namespace, name).isPresent()) {
            throw Statuses.alreadyExists(type, name);
          }
          String json = dryRun ? body.toString() : store.put(type, body, null).json();
          return new Result(201, json, warnings);
        });
  }

  /** PUT of the object ({@code status} false) or of its status. */
  Result update(
      ResourceType type,
      String namespace,
      String name,
      Bodies.Body request,
      boolean status,
      FieldValidation fv,
      boolean dryRun) {
    ObjectNode body = request.object();
    Requests.checkKind(type, body);
    ObjectNode meta = body.withObjectProperty("metadata");
    Requests.checkNamespace(type, namespace, meta);
    Requests.checkName(name, meta);
    List<String> warnings = new ArrayList<>();
    Admission.decode(type, body, fv, false, request.duplicates(), warnings);
    return store.locked(
        () -> {
          Stored current = existing(type, namespace, name);
          String version = meta.path("resourceVersion").asText("");
          if (version.isEmpty() && type.isCustom()) {
            // As the API server words it: the resource as the kind, the version as Go's %#v of 0.
            throw Statuses.invalid(
                type.groupResource(),
                type.group(),
                type.plural(),
                name,
                List.of(
                    FieldError.invalid(
                        "metadata.resourceVersion",
                        new com.fasterxml.jackson.databind.node.POJONode("0x0"),
                        "must be specified for an update")));
          }
          if (!version.isEmpty() && !version.equals(Long.toString(current.revision()))) {
            throw Statuses.conflict(type, name);
          }
          return commit(type, current, body, status, warnings, dryRun);
        });
  }

  /** PATCH of the object or of its status; {@code media} as {@link Patches#mediaType} allows. */
  Result patch(
      ResourceType type,
      String namespace,
      String name,
      String media,
      byte[] patch,
      List<String> duplicates,
      boolean status,
      FieldValidation fv,
      boolean dryRun) {
    return store.locked(
        () -> {
          Stored current = existing(type, namespace, name);
          ObjectNode patched = Patches.apply(media, current.object(), patch);
          // A resourceVersion in the patch is a precondition, as on a cluster.
          String version = patched.path("metadata").path("resourceVersion").asText("");
          if (!version.isEmpty() && !version.equals(Long.toString(current.revision()))) {
            throw Statuses.conflict(type, name);
          }
          List<String> warnings = new ArrayList<>();
          Admission.decode(type, patched, fv, true, duplicates, warnings);
          return commit(type, current, patched, status, warnings, dryRun);
        });
  }

  /** The update of {@code current} to {@code next}, past the checks common to PUT and PATCH. */
  private Result commit(
      ResourceType type,
      Stored current,
      ObjectNode next,
      boolean status,
      List<String> warnings,
      boolean dryRun) {
    ObjectNode old = current.object();
    ObjectNode merged =
        status ? Requests.statusOnly(old, next) : Requests.keepSystemFields(type, old, next);
    Requests.prepare(type, merged, old);
    Admission.defaults(type, merged);
    if (type.tracksGeneration()) {
      long generation = old.path("metadata").path("generation").asLong(1);
      merged
          .withObjectProperty("metadata")
          .put("generation", Requests.specChanged(old, merged) ? generation + 1 : generation);
    }
    Admission.validate(type, merged, old);
    merged.withObjectProperty("metadata").put("resourceVersion", Long.toString(current.revision()));
    if (Requests.same(merged, old) || dryRun) {
      // A write that changes nothing stores nothing: no new resourceVersion, no watch event.
      return new Result(200, dryRun ? merged.toString() : current.json(), warnings);
    }
    JsonNode finalizers = merged.path("metadata").path("finalizers");
    if (merged.path("metadata").has("deletionTimestamp") && finalizers.isEmpty()) {
      // The last finalizer gone: the object is deleted instead of stored (one DELETED event).
      Stored gone = store.remove(current);
      namespaces.finalizeIfEmpty(current.namespace());
      merged.withObjectProperty("metadata").put("resourceVersion", Long.toString(gone.revision()));
      return new Result(200, merged.toString(), warnings);
    }
    return new Result(200, store.put(type, merged, current).json(), warnings);
  }

  /**
   * DELETE: gone at once without finalizers, else marked (deletionTimestamp, generation + 1) and
   * gone when the last finalizer is removed; a namespace takes everything in it along.
   */
  Result delete(
      ResourceType type, String namespace, String name, JsonNode options, boolean dryRun) {
    return store.locked(
        () -> {
          Stored current = existing(type, namespace, name);
          Requests.checkPreconditions(type, current, options);
          if (dryRun) {
            return new Result(200, current.json(), List.of());
          }
          Stored result =
              type == namespaces.type()
                  ? namespaces.delete(current, this::deleteOne)
                  : deleteOne(current);
          boolean gone = store.get(type, namespace, name).isEmpty();
          String body =
              gone && !type.isCustom() && type != namespaces.type()
                  ? Statuses.success(type, name, current.uid()).toString()
                  : result.json();
          return new Result(200, body, List.of());
        });
  }

  private Stored deleteOne(Stored current) {
    ObjectNode object = current.object();
    ObjectNode meta = object.withObjectProperty("metadata");
    if (meta.path("finalizers").isEmpty()) {
      Stored gone = store.remove(current);
      namespaces.finalizeIfEmpty(current.namespace());
      return gone;
    }
    if (meta.has("deletionTimestamp")) {
      return current;
    }
    meta.put("deletionTimestamp", Clocks.now()).put("deletionGracePeriodSeconds", 0);
    if (meta.path("generation").asLong(0) > 0) {
      meta.put("generation", meta.get("generation").asLong() + 1);
    }
    return store.put(current.type(), object, current);
  }

  private Stored existing(ResourceType type, String namespace, String name) {
    return store.get(type, namespace, name).orElseThrow(() -> Statuses.notFound(type, name));
  }
}
