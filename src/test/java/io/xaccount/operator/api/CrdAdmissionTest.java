package io.xaccount.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a real API server checks when the CRDs are created, and Fabric8's mock server does not: the
 * static cost of every CEL rule against the per-rule and per-CRD budgets (the check that refuses
 * CRDs with "estimated rule cost exceeds budget"), structural schemas, defaults that satisfy their
 * own schema, and printer-column JSONPaths that lead somewhere.
 */
class CrdAdmissionTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern COLUMN_PATH =
      Pattern.compile("\\.([A-Za-z]+)(\\[\\?\\(@\\.type==\"[A-Za-z]+\"\\)])?");

  static Stream<Path> crds() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("crds"))) {
      return files.filter(f -> f.toString().endsWith(".yml")).sorted().toList().stream();
    }
  }

  /** A rule with where it sits, how often it can run per object, and its estimated cost. */
  record Rule(String path, String rule, long multiplicity, long cost) {
    long total() {
      return multiplicity * cost;
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("crds")
  void everyRuleFitsTheApiServersCostBudgets(Path crd) throws IOException {
    List<Rule> rules = new ArrayList<>();
    collect(schema(crd), "", 1, rules);

    long sum = 0;
    for (Rule rule : rules) {
      assertThat(rule.total())
          .as(
              "%s %s: rule '%s' costs %d x %d, over the per-rule budget; bound the sizes it"
                  + " depends on (maxItems, maxLength, maxProperties) or use a pattern",
              crd.getFileName(), rule.path(), rule.rule(), rule.multiplicity(), rule.cost())
          .isLessThanOrEqualTo(CelCostEstimator.PER_RULE_BUDGET);
      sum += rule.total();
    }
    assertThat(sum)
        .as("%s: all rules together", crd.getFileName())
        .isLessThanOrEqualTo(CelCostEstimator.PER_CRD_BUDGET);
  }

  @Test
  void theEstimatorRefusesWhatBrokeOtherOperatorsInstalls() {
    JsonNode unbounded =
        YAML.valueToTree(Map.of("type", "array", "items", Map.of("type", "string")));
    long cost = CelCostEstimator.estimate("self.all(x, x.matches('^[0-9]{12}$'))", unbounded);

    assertThat(cost).isGreaterThan(CelCostEstimator.PER_RULE_BUDGET);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("crds")
  void schemasAreStructuralAndDefaultsValid(Path crd) throws IOException {
    List<String> problems = new ArrayList<>();
    structural(schema(crd), "", problems);

    assertThat(problems).as(crd.getFileName().toString()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("crds")
  void printerColumnsPointAtFieldsOfTheSchema(Path crd) throws IOException {
    JsonNode version = YAML.readTree(crd.toFile()).path("spec").path("versions").get(0);
    JsonNode schema = version.path("schema").path("openAPIV3Schema");
    for (JsonNode column : version.path("additionalPrinterColumns")) {
      String path = column.path("jsonPath").asText();
      if (path.startsWith(".metadata.")) {
        continue; // ObjectMeta: every CRD has it, beyond its own schema
      }
      Matcher m = COLUMN_PATH.matcher(path);
      JsonNode node = schema;
      int end = 0;
      while (m.find() && m.start() == end) {
        node = node.path("properties").path(m.group(1));
        if (m.group(2) != null) {
          node = node.path("items");
        }
        end = m.end();
      }
      assertThat(end)
          .as("%s: column %s path %s parses", crd.getFileName(), column, path)
          .isEqualTo(path.length());
      assertThat(
              node.isMissingNode() || node.path("type").isMissingNode() && !node.has("properties"))
          .as("%s: column %s leads to no field of the schema", crd.getFileName(), path)
          .isFalse();
    }
  }

  private static JsonNode schema(Path crd) throws IOException {
    return YAML.readTree(crd.toFile())
        .path("spec")
        .path("versions")
        .get(0)
        .path("schema")
        .path("openAPIV3Schema");
  }

  private static void collect(JsonNode schema, String path, long multiplicity, List<Rule> out) {
    for (JsonNode rule : schema.path("x-kubernetes-validations")) {
      String expression = rule.path("rule").asText();
      out.add(
          new Rule(
              path.isEmpty() ? "<root>" : path,
              expression,
              multiplicity,
              CelCostEstimator.estimate(expression, schema)));
    }
    schema
        .path("properties")
        .fields()
        .forEachRemaining(f -> collect(f.getValue(), path + "." + f.getKey(), multiplicity, out));
    if (schema.has("items")) {
      collect(
          schema.get("items"), path + "[*]", multiplicity * CelCostEstimator.maxCount(schema), out);
    }
    if (schema.path("additionalProperties").isObject()) {
      collect(
          schema.get("additionalProperties"),
          path + "[*]",
          multiplicity * CelCostEstimator.maxCount(schema),
          out);
    }
  }

  /** Structural schema rules, and defaults that satisfy the schema they stand in. */
  private static void structural(JsonNode schema, String path, List<String> problems) {
    boolean free =
        schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)
            || schema.path("x-kubernetes-int-or-string").asBoolean(false);
    if (!schema.has("type") && !free) {
      problems.add(path + ": no type (a structural schema types every node)");
    }
    if (schema.has("properties") && schema.path("additionalProperties").isObject()) {
      problems.add(path + ": both properties and additionalProperties");
    }
    if (schema.path("type").asText().equals("array") && !schema.has("items")) {
      problems.add(path + ": an array without items");
    }
    if (schema.has("default")) {
      String value = schema.get("default").asText();
      if (schema.has("pattern")
          && !Pattern.compile(schema.get("pattern").asText()).matcher(value).find()) {
        problems.add(path + ": default " + value + " does not match its pattern");
      }
      if (schema.has("maxLength") && value.length() > schema.get("maxLength").asInt()) {
        problems.add(path + ": default " + value + " is longer than maxLength");
      }
      if (schema.has("enum")) {
        boolean listed = false;
        for (JsonNode e : schema.get("enum")) {
          listed |= e.asText().equals(value);
        }
        if (!listed) {
          problems.add(path + ": default " + value + " is not in its enum");
        }
      }
    }
    schema
        .path("properties")
        .fields()
        .forEachRemaining(f -> structural(f.getValue(), path + "." + f.getKey(), problems));
    if (schema.has("items")) {
      structural(schema.get("items"), path + "[*]", problems);
    }
    if (schema.path("additionalProperties").isObject()) {
      structural(schema.get("additionalProperties"), path + "[*]", problems);
    }
  }
}
