package io.xaccount.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * The API server's rules for the shape of a write (its handlers' and each kind's strategy's): the
 * kind and namespace a body must have for its URL, names generated from {@code generateName},
 * fields the server owns (uid, creation and deletion timestamps, the status of a kind with a status
 * subresource), Secrets' {@code stringData}, and delete preconditions.
 */
final class Requests {
  private static final String NAME_CHARACTERS = "bcdfghjklmnpqrstvwxz2456789";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final List<String> SYSTEM_METADATA =
      List.of(
          "uid",
          "creationTimestamp",
          "deletionTimestamp",
          "deletionGracePeriodSeconds",
          "generation",
          "name",
          "namespace");

  private Requests() {}

  /** A body's apiVersion and kind default to the URL's, and must match them when given. */
  static void checkKind(ResourceType type, ObjectNode body) {
    String apiVersion = body.path("apiVersion").asText("");
    if (!apiVersion.isEmpty() && !apiVersion.equals(type.apiVersion())) {
      throw Statuses.badRequest(
          "the API version in the data (%s) does not match the expected API version (%s)"
              .formatted(apiVersion, type.apiVersion()));
    }
    String kind = body.path("kind").asText("");
    if (!kind.isEmpty() && !kind.equals(type.kind())) {
      throw Statuses.badRequest(
          "%s in version \"%s\" cannot be handled as a %s: no kind \"%s\" is registered for version \"%s\""
              .formatted(kind, type.version(), type.kind(), kind, type.apiVersion()));
    }
    body.put("apiVersion", type.apiVersion()).put("kind", type.kind());
  }

  static void checkNamespace(ResourceType type, String namespace, ObjectNode meta) {
    if (!type.namespaced()) {
      meta.remove("namespace");
      return;
    }
    String given = meta.path("namespace").asText("");
    if (!given.isEmpty() && !given.equals(namespace)) {
      throw Statuses.badRequest(
          "the namespace of the provided object does not match the namespace sent on the request");
    }
    meta.put("namespace", namespace);
  }

  static void checkName(String name, ObjectNode meta) {
    String given = meta.path("name").asText("");
    if (!given.equals(name)) {
      throw Statuses.badRequest(
          "the name of the object (%s) does not match the name on the URL (%s)"
              .formatted(given, name));
    }
  }

  /** The object's name; one made from {@code generateName} when it has none. */
  static String nameOf(ObjectNode meta) {
    String name = meta.path("name").asText("");
    String prefix = meta.path("generateName").asText("");
    if (name.isEmpty() && !prefix.isEmpty()) {
      StringBuilder generated = new StringBuilder(prefix);
      for (int i = 0; i < 5; i++) {
        generated.append(NAME_CHARACTERS.charAt(RANDOM.nextInt(NAME_CHARACTERS.length())));
      }
      name = generated.toString();
      meta.put("name", name);
    }
    return name;
  }

  /** Kind-specific preparation ({@code old} null on create). */
  static void prepare(ResourceType type, ObjectNode object, ObjectNode old) {
    if (type.isCustom()) {
      return;
    }
    switch (type.plural()) {
      case "namespaces" -> {
        if (old == null) {
          Namespaces.prepareCreate(object);
        }
      }
      case "secrets" -> {
        // stringData is write-only: merged into data, never stored.
        JsonNode strings = object.remove("stringData");
        if (strings != null && strings.isObject()) {
          ObjectNode data = object.withObjectProperty("data");
          strings
              .fields()
              .forEachRemaining(
                  e ->
                      data.put(
                          e.getKey(),
                          Base64.getEncoder()
                              .encodeToString(
                                  e.getValue().asText().getBytes(StandardCharsets.UTF_8))));
        }
        if (!object.hasNonNull("type")) {
          object.put("type", "Opaque");
        }
      }
      default -> {}
    }
  }

  /**
   * A write of the object: the fields the server owns are the stored object's, and so is the status
   * when the kind has a status subresource.
   */
  static ObjectNode keepSystemFields(ResourceType type, ObjectNode old, ObjectNode next) {
    ObjectNode meta = next.withObjectProperty("metadata");
    JsonNode oldMeta = old.path("metadata");
    for (String field : SYSTEM_METADATA) {
      meta.remove(field);
      if (oldMeta.has(field)) {
        meta.set(field, oldMeta.get(field));
      }
    }
    if (type.hasStatusSubresource()) {
      next.remove("status");
      if (old.has("status")) {
        next.set("status", old.get("status"));
      }
    }
    return next;
  }

  /** A write of the status: the stored object with {@code next}'s status, nothing else. */
  static ObjectNode statusOnly(ObjectNode old, ObjectNode next) {
    ObjectNode result = old.deepCopy();
    result.remove("status");
    if (next.has("status")) {
      result.set("status", next.get("status"));
    }
    return result;
  }

  /** Whether anything but metadata and status differs: what bumps {@code generation}. */
  static boolean specChanged(ObjectNode old, ObjectNode next) {
    ObjectNode a = old.deepCopy();
    ObjectNode b = next.deepCopy();
    a.remove(List.of("metadata", "status"));
    b.remove(List.of("metadata", "status"));
    return !same(a, b);
  }

  /** Equal as JSON: key order aside, and numbers by value (1 and 1.0, an int and a long). */
  static boolean same(JsonNode a, JsonNode b) {
    return a.equals(
        (x, y) ->
            x.isNumber() && y.isNumber()
                ? x.decimalValue().compareTo(y.decimalValue())
                : x.equals(y) ? 0 : 1,
        b);
  }

  /** DeleteOptions' preconditions: uid and resourceVersion must be the stored object's. */
  static void checkPreconditions(ResourceType type, Stored current, JsonNode options) {
    JsonNode preconditions = options == null ? null : options.get("preconditions");
    if (preconditions == null) {
      return;
    }
    String uid = preconditions.path("uid").asText("");
    if (!uid.isEmpty() && !uid.equals(current.uid())) {
      throw Statuses.conflict(
          type,
          current.name(),
          "Precondition failed: UID in precondition: %s, UID in object meta: %s"
              .formatted(uid, current.uid()));
    }
    String version = preconditions.path("resourceVersion").asText("");
    if (!version.isEmpty() && !version.equals(Long.toString(current.revision()))) {
      throw Statuses.conflict(
          type,
          current.name(),
          "Precondition failed: ResourceVersion in precondition: %s, ResourceVersion in object meta: %d"
              .formatted(version, current.revision()));
    }
  }
}
