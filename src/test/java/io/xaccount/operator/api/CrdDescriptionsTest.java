package io.xaccount.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every property of the three CRDs carries a description, so that {@code kubectl explain} teaches
 * each field (an empty description under {@code kubectl explain arg.spec} was issue 30's finding).
 * Reads the checked-in CRDs, which the freshness tests keep equal to the generated ones.
 */
class CrdDescriptionsTest {
  @Test
  void everyPropertyAtEveryDepthHasADescription() {
    Map<String, JsonNode> schemas = CrdSchemas.byApiVersionAndKind();
    assertThat(schemas).hasSize(3);
    List<String> undescribed = new ArrayList<>();
    schemas.forEach((kind, schema) -> collect(kind, schema, undescribed));
    assertThat(undescribed).as("properties without a description").isEmpty();
  }

  private static void collect(String path, JsonNode schema, List<String> undescribed) {
    schema
        .path("properties")
        .fields()
        .forEachRemaining(
            property -> {
              String at = path + "." + property.getKey();
              if (property.getValue().path("description").asText().isBlank()) {
                undescribed.add(at);
              }
              collect(at, property.getValue(), undescribed);
            });
    if (schema.has("items")) {
      collect(path + "[]", schema.get("items"), undescribed);
    }
    if (schema.path("additionalProperties").isObject()) {
      collect(path + "{}", schema.get("additionalProperties"), undescribed);
    }
  }
}
