package io.xaccount.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * One version of an object as the store keeps it: its JSON (compact: 10,000 objects with their
 * statuses fit in tens of MiB), its revision, and the few fields lists and watches filter on. Never
 * modified once stored; {@link #object()} parses a fresh copy to change.
 */
record Stored(
    ResourceType type,
    String json,
    long revision,
    String namespace,
    String name,
    String uid,
    Map<String, String> labels) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Stored of(ResourceType type, ObjectNode object, long revision) {
    JsonNode meta = object.path("metadata");
    Map<String, String> labels = new java.util.TreeMap<>();
    meta.path("labels")
        .fields()
        .forEachRemaining(l -> labels.put(l.getKey(), l.getValue().asText()));
    return new Stored(
        type,
        object.toString(),
        revision,
        meta.path("namespace").asText(""),
        meta.path("name").asText(),
        meta.path("uid").asText(""),
        Map.copyOf(labels));
  }

  /** A fresh, mutable copy of the object. */
  ObjectNode object() {
    try {
      return (ObjectNode) JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code namespace/name}, or {@code name} for a cluster-scoped object. */
  String key() {
    return namespace.isEmpty() ? name : namespace + "/" + name;
  }
}
