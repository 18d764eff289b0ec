package io.xaccount.emulator.knobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xaccount.emulator.model.PolicyDocuments;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The opt-in "reshape" knob: documents leave the emulator in another, equivalent shape each time,
 * as IAM may hand them back — object keys, statements and value lists reordered, one-element arrays
 * turned into strings and single strings into one-element arrays (Action, Resource, Principal
 * values, condition values). A client comparing documents by their text sees a change on every
 * read; one comparing them semantically sees none. Active per request, on the serving thread.
 */
public final class Reshape {
  private static final ThreadLocal<Random> ACTIVE = new ThreadLocal<>();
  private static final Set<String> FOLDABLE =
      Set.of("Action", "NotAction", "Resource", "NotResource");

  private Reshape() {}

  public static void begin(Random random) {
    ACTIVE.set(random);
  }

  public static void end() {
    ACTIVE.remove();
  }

  /** {@code document} reshaped when the knob is on for this request, else unchanged. */
  public static String apply(String document) {
    Random random = ACTIVE.get();
    if (random == null) {
      return document;
    }
    try {
      return reshape(PolicyDocuments.JSON.readTree(document), random).toString();
    } catch (JsonProcessingException e) {
      return document;
    }
  }

  static JsonNode reshape(JsonNode doc, Random random) {
    ObjectNode out = shuffledObject((ObjectNode) doc, random);
    JsonNode statements = out.get("Statement");
    if (statements != null) {
      List<JsonNode> list = new ArrayList<>();
      if (statements.isArray()) {
        statements.forEach(st -> list.add(statement(st, random)));
      } else {
        list.add(statement(statements, random));
      }
      Collections.shuffle(list, random);
      if (list.size() == 1 && random.nextBoolean()) {
        out.set("Statement", list.get(0));
      } else {
        ArrayNode array = out.putArray("Statement");
        list.forEach(array::add);
      }
    }
    return out;
  }

  private static JsonNode statement(JsonNode st, Random random) {
    if (!st.isObject()) {
      return st;
    }
    ObjectNode out = shuffledObject((ObjectNode) st, random);
    for (String field : FOLDABLE) {
      if (out.has(field)) {
        out.set(field, values(out.get(field), random));
      }
    }
    for (String field : List.of("Principal", "NotPrincipal")) {
      JsonNode principal = out.get(field);
      if (principal != null && principal.isObject()) {
        ObjectNode p = shuffledObject((ObjectNode) principal, random);
        p.fieldNames().forEachRemaining(k -> p.set(k, values(p.get(k), random)));
        out.set(field, p);
      }
    }
    JsonNode condition = out.get("Condition");
    if (condition != null && condition.isObject()) {
      ObjectNode c = shuffledObject((ObjectNode) condition, random);
      c.fieldNames()
          .forEachRemaining(
              op -> {
                if (c.get(op).isObject()) {
                  ObjectNode keys = shuffledObject((ObjectNode) c.get(op), random);
                  keys.fieldNames().forEachRemaining(k -> keys.set(k, values(keys.get(k), random)));
                  c.set(op, keys);
                }
              });
      out.set("Condition", c);
    }
    return out;
  }

  /** A string or list of values: reordered, and one value flipped between string and array. */
  private static JsonNode values(JsonNode value, Random random) {
    List<JsonNode> items = new ArrayList<>();
    if (value.isArray()) {
      value.forEach(items::add);
    } else {
      items.add(value);
    }
    Collections.shuffle(items, random);
    if (items.size() == 1 && random.nextBoolean()) {
      return items.get(0);
    }
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    items.forEach(array::add);
    return array;
  }

  private static ObjectNode shuffledObject(ObjectNode node, Random random) {
    List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
    node.fields().forEachRemaining(fields::add);
    Collections.shuffle(fields, random);
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    fields.forEach(f -> out.set(f.getKey(), f.getValue().deepCopy()));
    return out;
  }
}
