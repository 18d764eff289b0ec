package io.xaccount.emulator.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xaccount.emulator.evaluation.Authorizer.Verdict;
import io.xaccount.emulator.model.PolicyDocuments;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the emulator and iam-simulate decide differently and the AWS documentation says the
 * emulator is right. Each entry recognises its situation in a case and rewrites the case into one
 * the reference decides as documented; the differential test counts a disagreement as recorded only
 * when the reference, asked again with the rewritten case, agrees with the emulator's answer to the
 * original. {@link RecordedDisagreementsTest} keeps one case of each as a unit test; {@code
 * docs/emulator.md} lists them.
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
          c ->
              rewriteConditionValues(
                  c, op -> op.startsWith("Arn"), (v, context) -> replace(v, context)));

  static final Disagreement EPOCH_SECONDS =
      new Disagreement(
          "epoch-seconds-in-date-conditions",
          "IAM User Guide, \"IAM JSON policy elements: Condition operators\", Date condition"
              + " operators: \"You must specify date/time values with one of the W3C"
              + " implementations of the ISO 8601 date formats or in epoch (UNIX) time.\" UNIX"
              + " time counts seconds; iam-simulate reads a number as seconds but an ISO date as"
              + " milliseconds and compares the two, so 1780315200 and 2026-06-01T12:00:00Z (the"
              + " same instant) are 1,000-fold apart.",
          (c, reference) -> c.json().toString().matches(".*\"Date[A-Za-z]*\":\\{[^}]*\"\\d+\".*"),
          c -> {
            DifferentialCase iso =
                rewriteConditionValues(
                    c, op -> op.startsWith("Date"), (v, context) -> isoIfEpoch(v));
            ObjectNode context = (ObjectNode) iso.json().path("context");
            if (context.has("aws:EpochTime")) {
              context.put("aws:EpochTime", isoIfEpoch(context.path("aws:EpochTime").asText()));
            }
            return iso;
          });

  static final List<Disagreement> ALL =
      List.of(SESSION_POLICY_VS_DIRECT_GRANT, VARIABLE_IN_ARN_CONDITION, EPOCH_SECONDS);

  /** The recorded disagreements whose situation this case is in. */
  static List<Disagreement> candidates(DifferentialCase c, String reference) {
    return ALL.stream().filter(d -> d.applies().test(c, reference)).toList();
  }

  /** The case with each value of the conditions whose operator {@code blocks} accepts rewritten. */
  private static DifferentialCase rewriteConditionValues(
      DifferentialCase c, Predicate<String> blocks, BiFunction<String, JsonNode, String> rewrite) {
    ObjectNode json = c.json().deepCopy();
    JsonNode context = json.path("context");
    List<JsonNode> docs = new ArrayList<>();
    json.path("identity").forEach(docs::add);
    for (String field : List.of("boundary", "session", "resourcePolicy")) {
      docs.add(json.path(field));
    }
    for (JsonNode doc : docs) {
      for (JsonNode st : PolicyDocuments.statements(doc)) {
        Iterator<Map.Entry<String, JsonNode>> ops = st.path("Condition").fields();
        while (ops.hasNext()) {
          Map.Entry<String, JsonNode> op = ops.next();
          if (blocks.test(op.getKey())) {
            op.getValue()
                .fields()
                .forEachRemaining(
                    key -> key.setValue(map(key.getValue(), v -> rewrite.apply(v, context))));
          }
        }
      }
    }
    return new DifferentialCase(json);
  }

  private static JsonNode map(JsonNode values, UnaryOperator<String> f) {
    if (!values.isArray()) {
      return PolicyDocuments.JSON.getNodeFactory().textNode(f.apply(values.asText()));
    }
    ArrayNode out = DifferentialCase.array();
    values.forEach(v -> out.add(f.apply(v.asText())));
    return out;
  }

  private static String isoIfEpoch(String value) {
    return value.matches("\\d+") ? Instant.ofEpochSecond(Long.parseLong(value)).toString() : value;
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
