package io.xaccount.operator.iam;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Reading the statements of an identity policy as IAM does: one statement or a list of them. */
final class Statements {
  private Statements() {}

  /**
   * One statement of a document.
   *
   * @param index its position in the document's Statement list
   * @param body the statement
   */
  record Indexed(int index, JsonNode body) {}

  /** The Allow statements of a document; Deny statements only take away. */
  static List<Indexed> allows(PolicyDocument document) {
    JsonNode statements = document.toJsonNode().path("Statement");
    List<Indexed> allows = new ArrayList<>();
    if (statements.isObject()) {
      addIfAllow(allows, 0, statements);
    }
    for (int i = 0; statements.isArray() && i < statements.size(); i++) {
      addIfAllow(allows, i, statements.get(i));
    }
    return allows;
  }

  private static void addIfAllow(List<Indexed> allows, int index, JsonNode statement) {
    if ("Allow".equals(statement.path("Effect").asText())) {
      allows.add(new Indexed(index, statement));
    }
  }

  /** A string-or-list element (Action, Resource, ...) as a list. */
  static List<String> values(JsonNode node) {
    List<String> values = new ArrayList<>();
    if (node.isTextual()) {
      values.add(node.asText());
    } else if (node.isArray()) {
      node.forEach(n -> values.add(n.asText()));
    }
    return values;
  }
}
