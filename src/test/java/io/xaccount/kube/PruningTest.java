package io.xaccount.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pruning as kube-apiserver's structural pruning does it, {@code
 * x-kubernetes-preserve-unknown-fields} above all: it keeps the unknown fields of its own object
 * and everything below them, never its declared properties' unknown fields.
 */
class PruningTest {
  private static final String SCHEMA =
      """
      {"type":"object","properties":{
        "strict":{"type":"object","properties":{"known":{"type":"string"}}},
        "free":{"type":"object","x-kubernetes-preserve-unknown-fields":true,
          "properties":{"declared":{"type":"object","properties":{"known":{"type":"string"}}},
                        "alsoFree":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}},
        "freeList":{"type":"array","x-kubernetes-preserve-unknown-fields":true,
          "items":{"type":"object","properties":{"known":{"type":"string"}}}},
        "map":{"type":"object","additionalProperties":{"type":"object","properties":{"known":{"type":"string"}}}},
        "nullable":{"type":"string","nullable":true},
        "notNullable":{"type":"string"}}}
      """;

  static Stream<Arguments> cases() {
    return Stream.of(
        prune(
            "an undeclared field",
            "{\"strict\":{\"known\":\"a\",\"typo\":1}}",
            "{\"strict\":{\"known\":\"a\"}}",
            "strict.typo"),
        prune("an undeclared top-level field", "{\"other\":{\"x\":1}}", "{}", "other"),
        prune(
            "everything under a preserving object's unknown field",
            "{\"free\":{\"anything\":{\"deep\":[1,{\"x\":2}]}}}",
            "{\"free\":{\"anything\":{\"deep\":[1,{\"x\":2}]}}}"),
        prune(
            "not a preserving object's declared property's unknown field",
            "{\"free\":{\"declared\":{\"known\":\"a\",\"typo\":true}}}",
            "{\"free\":{\"declared\":{\"known\":\"a\"}}}",
            "free.declared.typo"),
        prune(
            "a declared property that preserves too",
            "{\"free\":{\"alsoFree\":{\"x\":1}}}",
            "{\"free\":{\"alsoFree\":{\"x\":1}}}"),
        prune(
            "the unknown fields of a preserving list's items",
            "{\"freeList\":[{\"known\":\"a\",\"extra\":1}]}",
            "{\"freeList\":[{\"known\":\"a\",\"extra\":1}]}"),
        prune(
            "a map's values by their schema",
            "{\"map\":{\"k\":{\"known\":\"a\",\"typo\":1}}}",
            "{\"map\":{\"k\":{\"known\":\"a\"}}}",
            "map.k.typo"),
        prune(
            "nulls silently unless nullable",
            "{\"nullable\":null,\"notNullable\":null}",
            "{\"nullable\":null}"));
  }

  private static Arguments prune(String name, String object, String expected, String... pruned) {
    return Arguments.of(name, object, expected, List.of(pruned));
  }

  @ParameterizedTest(name = "prunes {0}")
  @MethodSource("cases")
  void prunesAsTheApiServerDoes(String name, String object, String expected, List<String> pruned) {
    JsonNode schema = Api.parse(SCHEMA);
    ObjectNode value = (ObjectNode) Api.parse(object);

    List<String> removed = Pruning.prune(schema, value);

    assertThat(value).isEqualTo(Api.parse(expected));
    assertThat(removed).containsExactlyElementsOf(pruned);
  }
}
