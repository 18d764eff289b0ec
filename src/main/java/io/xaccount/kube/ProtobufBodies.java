package io.xaccount.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Reads the protobuf bodies kubectl sends for built-in kinds ({@code kubectl create namespace},
 * {@code kubectl create secret generic}, {@code kubectl create configmap}) as the JSON the mock
 * server's CRUD dispatcher understands. Covers the fields those commands write: ObjectMeta's name,
 * generateName, namespace, labels, annotations and finalizers; a Secret's data, stringData, type
 * and immutable; a ConfigMap's data, binaryData and immutable. Anything else is refused by the
 * caller.
 *
 * <p>Wire format: the magic {@code k8s\0}, then a {@code runtime.Unknown} (1: TypeMeta {1:
 * apiVersion, 2: kind}, 2: raw object bytes), the object being the Kubernetes {@code
 * generated.proto} message of its kind.
 */
final class ProtobufBodies {
  private static final byte[] MAGIC = {'k', '8', 's', 0};

  private final ObjectMapper mapper;

  ProtobufBodies(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** The object as JSON, or empty when it is not one of the kinds read here. */
  Optional<ObjectNode> read(byte[] body) {
    if (body.length < MAGIC.length) {
      return Optional.empty();
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (body[i] != MAGIC[i]) {
        return Optional.empty();
      }
    }
    Reader unknown = new Reader(body, MAGIC.length, body.length);
    String apiVersion = null;
    String kind = null;
    byte[] raw = null;
    while (unknown.more()) {
      int field = unknown.tag();
      if (field == 1) {
        Reader typeMeta = unknown.message();
        while (typeMeta.more()) {
          int f = typeMeta.tag();
          if (f == 1) {
            apiVersion = typeMeta.string();
          } else if (f == 2) {
            kind = typeMeta.string();
          } else {
            typeMeta.skip();
          }
        }
      } else if (field == 2) {
        raw = unknown.bytes();
      } else {
        unknown.skip();
      }
    }
    if (raw == null || !"v1".equals(apiVersion) || kind == null) {
      return Optional.empty();
    }
    ObjectNode object = mapper.createObjectNode().put("apiVersion", "v1").put("kind", kind);
    Reader message = new Reader(raw, 0, raw.length);
    switch (kind) {
      case "Namespace" -> readAll(message, object, (f, r, o) -> f == 1 && meta(r, o));
      case "Secret" ->
          readAll(
              message,
              object,
              (f, r, o) ->
                  switch (f) {
                    case 1 -> meta(r, o);
                    case 2 -> entry(r, o.with("data"), true);
                    case 3 -> put(o, "type", r.string());
                    case 4 -> entry(r, o.with("stringData"), false);
                    case 5 -> put(o, "immutable", r.varint() != 0);
                    default -> false;
                  });
      case "ConfigMap" ->
          readAll(
              message,
              object,
              (f, r, o) ->
                  switch (f) {
                    case 1 -> meta(r, o);
                    case 2 -> entry(r, o.with("data"), false);
                    case 3 -> entry(r, o.with("binaryData"), true);
                    case 4 -> put(o, "immutable", r.varint() != 0);
                    default -> false;
                  });
      default -> {
        return Optional.empty();
      }
    }
    return Optional.of(object);
  }

  private interface Field {
    /** Reads field {@code number}; false when it was not read (the caller skips it). */
    boolean read(int number, Reader reader, ObjectNode into);
  }

  private static void readAll(Reader reader, ObjectNode into, Field field) {
    while (reader.more()) {
      int number = reader.tag();
      if (!field.read(number, reader, into)) {
        reader.skip();
      }
    }
  }

  private static boolean meta(Reader reader, ObjectNode object) {
    ObjectNode metadata = object.with("metadata");
    Reader meta = reader.message();
    readAll(
        meta,
        metadata,
        (f, r, o) ->
            switch (f) {
              case 1 -> putNonEmpty(o, "name", r.string());
              case 2 -> putNonEmpty(o, "generateName", r.string());
              case 3 -> putNonEmpty(o, "namespace", r.string());
              case 11 -> entry(r, o.with("labels"), false);
              case 12 -> entry(r, o.with("annotations"), false);
              case 14 -> {
                ArrayNode finalizers =
                    o.has("finalizers")
                        ? (ArrayNode) o.get("finalizers")
                        : o.putArray("finalizers");
                finalizers.add(r.string());
                yield true;
              }
              default -> false;
            });
    return true;
  }

  /** A map entry (1: key, 2: value), bytes values as base64 as in JSON. */
  private static boolean entry(Reader reader, ObjectNode map, boolean bytes) {
    Reader entry = reader.message();
    String key = null;
    String value = "";
    while (entry.more()) {
      int f = entry.tag();
      if (f == 1) {
        key = entry.string();
      } else if (f == 2) {
        byte[] data = entry.bytes();
        value =
            bytes
                ? Base64.getEncoder().encodeToString(data)
                : new String(data, StandardCharsets.UTF_8);
      } else {
        entry.skip();
      }
    }
    if (key != null) {
      map.put(key, value);
    }
    return true;
  }

  private static boolean put(ObjectNode o, String name, String value) {
    o.put(name, value);
    return true;
  }

  private static boolean put(ObjectNode o, String name, boolean value) {
    o.put(name, value);
    return true;
  }

  private static boolean putNonEmpty(ObjectNode o, String name, String value) {
    if (!value.isEmpty()) {
      o.put(name, value);
    }
    return true;
  }

  /** A minimal protobuf wire-format reader over a slice of bytes. */
  static final class Reader {
    private final byte[] data;
    private int position;
    private final int end;
    private int wireType;

    Reader(byte[] data, int from, int to) {
      this.data = data;
      this.position = from;
      this.end = to;
    }

    boolean more() {
      return position < end;
    }

    /** The next field's number (its wire type is kept for reading or skipping it). */
    int tag() {
      long key = varint();
      wireType = (int) (key & 7);
      return (int) (key >>> 3);
    }

    long varint() {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        byte b = data[position++];
        value |= (long) (b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
          return value;
        }
      }
      throw new IllegalArgumentException("malformed varint");
    }

    byte[] bytes() {
      int length = (int) varint();
      byte[] out = new byte[length];
      System.arraycopy(data, position, out, 0, length);
      position += length;
      return out;
    }

    String string() {
      return new String(bytes(), StandardCharsets.UTF_8);
    }

    Reader message() {
      int length = (int) varint();
      Reader inner = new Reader(data, position, position + length);
      position += length;
      return inner;
    }

    void skip() {
      switch (wireType) {
        case 0 -> varint();
        case 1 -> position += 8;
        case 2 -> {
          int length = (int) varint();
          position += length;
        }
        case 5 -> position += 4;
        default -> throw new IllegalArgumentException("unsupported wire type " + wireType);
      }
    }
  }
}
