package io.xaccount.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xaccount.emulator.Authorizer.Verdict;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the emulator and iam-simulate decide differently and the AWS documentation says the
 * emulator is right. Each entry recognises its situation in a case and rewrites the case into one
 * the reference decides as documented; the differential test counts a disagreement as recorded only
 * when the reference, asked again with the rewritten case, agrees with the emulator's answer to the
 * original. {@link RecordedDisagreementsTest} keeps one case of each as a unit test.
 *
 * @see <a href="../../../../../../docs/emulator.md">docs/emulator.md</a>
 */
final class RecordedDisagreements {
  private RecordedDisagreements() {}

  /**
   * One recorded disagreement.
   *
   * @param name identifier used in reports and in docs/emulator.md
   * @param quote the documentation's words that decide it, and where they are
   * @param applies recognises the situation (case, reference's decision)
   * @param rewrite the same request written so that the reference decides it as documented
   */
  record Disagreement(
      String name,
      String quote,
      BiPredicate<DifferentialCase, String> applies,
      UnaryOperator<DifferentialCase> rewrite) {}

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]+)}");

  static final Disagreement SESSION_POLICY_VS_DIRECT_GRANT =
      new Disagreement(
          "session-policy-vs-direct-grant",
          "IAM User Guide, \"How AWS enforcement code logic evaluates requests to allow or deny"
              + " access\": \"If a resource-based policy grants permission directly to the IAM user"
              + " or the session principal that is making the request, then an implicit deny in an"
              + " identity-based policy, a permissions boundary, or a session policy does not"
              + " impact the final decision.\" iam-simulate lets a session policy's implicit deny"
              + " refuse every request (its README lists session policies under \"Features Coming"
              + " Soon\"); it treats Principal \"*\" as naming the session directly, as the"
              + " emulator does.",
          (c, reference) ->
              reference.equals("ImplicitlyDenied")
                  && c.emulator() == Verdict.ALLOW
                  && c.json().path("callerKind").asText().equals("session")
                  && c.json().hasNonNull("session"),
          c -> {
            ObjectNode json = c.json().deepCopy();
            json.putNull("session");
            return new DifferentialCase(json);
          });

  static final Disagreement VARIABLE_IN_ARN_CONDITION =
      new Disagreement(
          "variable-in-arn-condition",
          "IAM User Guide, \"IAM policy elements: Variables and tags\": \"You can use a policy"
              + " variable for Condition values in any condition that involves the string operators"
              + " or the ARN operators.\" iam-simulate splits an Arn* condition value at its colons"
              + " before it substitutes variables, so a value such as"
              + " arn:aws:iam::${aws:PrincipalAccount}:role/Dev (whose variable holds a colon) is"
              + " never the ARN it names.",
          (c, reference) -> c.json().toString().matches(".*\"Arn[A-Za-z]*\":\\{[^}]*\\$\\{aws:.*"),
          RecordedDisagreements::withArnConditionVariablesWrittenOut);

  static final List<Disagreement> ALL =
      List.of(SESSION_POLICY_VS_DIRECT_GRANT, VARIABLE_IN_ARN_CONDITION);

  /** The recorded disagreements whose situation this case is in. */
  static List<Disagreement> candidates(DifferentialCase c, String reference) {
    return ALL.stream().filter(d -> d.applies().test(c, reference)).toList();
  }

  /** The case with every variable in an Arn* condition value replaced by the request's value. */
  private static DifferentialCase withArnConditionVariablesWrittenOut(DifferentialCase c) {
    ObjectNode json = c.json().deepCopy();
    JsonNode context = json.path("context");
    List<JsonNode> docs = new ArrayList<>();
    json.path("identity").forEach(docs::add);
    for (String field : List.of("boundary", "session", "resourcePolicy")) {
      docs.add(json.path(field));
    }
    for (JsonNode doc : docs) {
      for (JsonNode st : PolicyDocuments.statements(doc)) {
        writeOut(st.path("Condition"), context);
      }
    }
    return new DifferentialCase(json);
  }

  private static void writeOut(JsonNode condition, JsonNode context) {
    Iterator<Map.Entry<String, JsonNode>> blocks = condition.fields();
    while (blocks.hasNext()) {
      Map.Entry<String, JsonNode> block = blocks.next();
      if (!block.getKey().startsWith("Arn")) {
        continue;
      }
      Iterator<Map.Entry<String, JsonNode>> keys = block.getValue().fields();
      while (keys.hasNext()) {
        Map.Entry<String, JsonNode> key = keys.next();
        JsonNode values = key.getValue();
        if (values.isArray()) {
          ArrayNode written = DifferentialCase.array();
          values.forEach(v -> written.add(replace(v.asText(), context)));
          key.setValue(written);
        } else {
          key.setValue(
              PolicyDocuments.JSON.getNodeFactory().textNode(replace(values.asText(), context)));
        }
      }
    }
  }

  private static String replace(String value, JsonNode context) {
    Matcher m = VARIABLE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      JsonNode v = contextValue(context, m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(v == null ? m.group() : v.asText()));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static JsonNode contextValue(JsonNode context, String key) {
    Iterator<Map.Entry<String, JsonNode>> fields = context.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      if (f.getKey().equalsIgnoreCase(key) && f.getValue().isTextual()) {
        return f.getValue();
      }
    }
    return null;
  }
}
