package io.xaccount.emulator.knobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xaccount.emulator.model.PolicyDocuments;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The reshape knob changes how a document reads, never what it means. */
class ReshapeTest {
  private static final String DOCUMENT =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Trust\",\"Effect\":\"Allow\","
          + "\"Principal\":{\"AWS\":[\"arn:aws:iam::123456789012:root\","
          + "\"arn:aws:iam::222222222222:root\"]},\"Action\":\"sts:AssumeRole\","
          + "\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"},"
          + "\"StringLike\":{\"aws:PrincipalArn\":[\"arn:aws:iam::*:role/a*\",\"arn:aws:iam::*:role/b*\"]}}},"
          + "{\"Effect\":\"Deny\",\"Action\":[\"sts:TagSession\"],\"Principal\":\"*\"}]}";

  @Test
  void shapesVaryAndTheMeaningStays() throws Exception {
    JsonNode original = PolicyDocuments.JSON.readTree(DOCUMENT);
    Random random = new Random(1);
    Set<String> shapes = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      JsonNode reshaped = Reshape.reshape(original, random);
      shapes.add(reshaped.toString());
      assertThat(canonical(reshaped)).isEqualTo(canonical(original));
    }
    assertThat(shapes).hasSizeGreaterThan(10);
  }

  @Test
  void withoutTheKnobDocumentsLeaveAsStored() {
    assertThat(Reshape.apply(DOCUMENT)).isEqualTo(DOCUMENT);
  }

  /** Sorted keys, statements as a sorted list, every value list sorted: order and folding gone. */
  private static JsonNode canonical(JsonNode node) {
    if (node.isObject()) {
      Map<String, JsonNode> sorted = new TreeMap<>();
      node.fields().forEachRemaining(f -> sorted.put(f.getKey(), canonical(f.getValue())));
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      sorted.forEach(
          (k, v) ->
              out.set(
                  k,
                  k.equals("Statement")
                      ? list(v)
                      : k.equals("Version") || k.equals("Sid") || k.equals("Effect") || v.isObject()
                          ? v
                          : list(v)));
      return out;
    }
    return node;
  }

  private static JsonNode list(JsonNode v) {
    List<String> items = new ArrayList<>();
    if (v.isArray()) {
      v.forEach(i -> items.add(canonical(i).toString()));
    } else {
      items.add(canonical(v).toString());
    }
    items.sort(String::compareTo);
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    items.forEach(out::add);
    return out;
  }
}
