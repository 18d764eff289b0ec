package io.xaccount.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonPathLiteTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void fieldsAndConditionFilters() throws Exception {
    JsonNode object =
        JSON.readTree(
            """
            {"spec": {"accountRef": "prod"},
             "status": {"conditions": [
                {"type": "Other", "status": "False"},
                {"type": "Ready", "status": "True", "reason": "Converged"}]}}""");

    assertThat(JsonPathLite.text(object, ".spec.accountRef")).isEqualTo("prod");
    assertThat(JsonPathLite.text(object, ".status.conditions[?(@.type==\"Ready\")].status"))
        .isEqualTo("True");
    assertThat(JsonPathLite.text(object, ".status.conditions[?(@.type==\"Ready\")].reason"))
        .isEqualTo("Converged");
    assertThat(JsonPathLite.text(object, ".status.roleArn")).isEmpty();
  }
}
