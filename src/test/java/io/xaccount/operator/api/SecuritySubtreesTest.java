package io.xaccount.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Which parts of our specs a real API server keeps unknown keys in (so that the operator sees, and
 * refuses, a misspelled security setting instead of it being pruned): exactly the security-relevant
 * parts, and there every object at every depth, since the API server prunes each object by its own
 * schema. Anywhere else a misspelled key is still refused by strict field validation and pruned
 * otherwise, and the free-form policy documents keep everything.
 */
class SecuritySubtreesTest {
  private static final String ROLE = "xaccount.io/v1alpha1:CrossAccountRole";
  private static final String GRANT = "xaccount.io/v1alpha1:AssumeRoleGrant";
  private static final String ACCOUNT = "xaccount.io/v1alpha1:AwsAccount";

  @Test
  void exactlyTheSecurityRelevantPartsKeepUnknownKeys() {
    Map<String, JsonNode> schemas = CrdSchemas.byApiVersionAndKind();

    assertThat(preserving(schemas.get(ROLE)))
        .containsExactly(
            "spec.inlinePolicies[].document", "spec.trust", "spec.trust.externalIdSecretRef");
    assertThat(preserving(schemas.get(GRANT)))
        .containsExactly("spec", "spec.principals", "spec.target", "spec.target.roleRef");
    assertThat(preserving(schemas.get(ACCOUNT)))
        .containsExactly(
            "spec",
            "spec.adoption",
            "spec.allowedNamespaces",
            "spec.allowedNamespaces.selector",
            "spec.allowedNamespaces.selector.matchExpressions[]",
            "spec.credentials",
            "spec.credentials.assumeRole",
            "spec.credentials.assumeRole.externalIdSecretRef",
            "spec.guardrails");
  }

  @Test
  void everyObjectInsideAPreservingOneKeepsUnknownKeysToo() {
    for (JsonNode schema : CrdSchemas.byApiVersionAndKind().values()) {
      List<String> pruning = new ArrayList<>();
      walk(
          schema.path("properties").path("spec"),
          "spec",
          false,
          (path, node, inside) -> {
            if (inside && isObject(node) && !preserves(node)) {
              pruning.add(path);
            }
          });
      assertThat(pruning).as("objects that would prune inside a security subtree").isEmpty();
    }
  }

  private static TreeSet<String> preserving(JsonNode schema) {
    TreeSet<String> paths = new TreeSet<>();
    walk(
        schema.path("properties").path("spec"),
        "spec",
        false,
        (path, node, inside) -> {
          if (preserves(node)) {
            paths.add(path);
          }
        });
    return paths;
  }

  interface Visitor {
    void visit(String path, JsonNode node, boolean insidePreserving);
  }

  private static void walk(JsonNode node, String path, boolean inside, Visitor visitor) {
    if (node == null || node.isMissingNode()) {
      return;
    }
    visitor.visit(path, node, inside);
    boolean below = inside || preserves(node);
    node.path("properties")
        .fields()
        .forEachRemaining(f -> walk(f.getValue(), path + "." + f.getKey(), below, visitor));
    walk(node.get("items"), path + "[]", below, visitor);
  }

  private static boolean preserves(JsonNode node) {
    return node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
  }

  private static boolean isObject(JsonNode node) {
    return "object".equals(node.path("type").asText()) && node.has("properties");
  }
}
