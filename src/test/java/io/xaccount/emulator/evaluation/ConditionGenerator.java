package io.xaccount.emulator.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xaccount.emulator.model.PolicyDocuments;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Condition elements for generated statements: every operator family (String, Arn, Bool, Numeric,
 * Date, Null), {@code ...IfExists}, {@code ForAnyValue:}/{@code ForAllValues:} on the multi-valued
 * {@code aws:TagKeys} and now and then on single-valued keys, keys in other case, policy variables
 * in values, and values near the request's own (MFA age, the request time, the principal ARN).
 */
final class ConditionGenerator {
  private enum Type {
    STRING,
    ARN,
    BOOL,
    NUMERIC,
    DATE,
    MULTI
  }

  private record Key(String name, Type type, List<String> values) {}

  private final Random random;
  private final List<Key> keys;

  ConditionGenerator(Random random, String account) {
    this.random = random;
    String a = DifferentialCases.A;
    String b = DifferentialCases.B;
    this.keys =
        List.of(
            new Key("aws:username", Type.STRING, List.of("alice", "Alice", "al*", "a?ice", "bob")),
            new Key(
                "aws:PrincipalTag/team",
                Type.STRING,
                List.of("blue", "Blue", "bl*", "red", "${aws:RequestTag/team}")),
            new Key("aws:SourceIdentity", Type.STRING, List.of("alice", "${aws:username}", "b*")),
            new Key("aws:PrincipalAccount", Type.STRING, List.of(a, b, "1111*")),
            new Key(
                "aws:userid",
                Type.STRING,
                List.of("AIDA*", DifferentialCase.ROLE_ID + ":*", "*:alice", "${aws:username}")),
            new Key(
                "aws:RequestTag/team", Type.STRING, List.of("blue", "${aws:PrincipalTag/team}")),
            new Key("sts:ExternalId", Type.STRING, List.of("ext-123", "EXT-123", "ext-*")),
            new Key("s3:prefix", Type.STRING, List.of("team/", "alice/", "${aws:username}/")),
            new Key(
                "aws:PrincipalArn",
                Type.ARN,
                List.of(
                    "arn:aws:iam::" + account + ":role/Dev",
                    "arn:aws:iam::" + b + ":role/Dev",
                    "arn:aws:iam::*:role/Dev",
                    "arn:aws:iam::" + a + ":user/*",
                    "arn:aws:iam::" + account + ":role/D?v",
                    "arn:aws:iam::${aws:PrincipalAccount}:role/Dev",
                    "arn:aws:iam::" + account + ":role/dev")),
            new Key("aws:MultiFactorAuthPresent", Type.BOOL, List.of("true", "false")),
            new Key("aws:SecureTransport", Type.BOOL, List.of("true", "false")),
            new Key("aws:MultiFactorAuthAge", Type.NUMERIC, List.of("60", "1800", "3600")),
            new Key(
                "aws:CurrentTime",
                Type.DATE,
                List.of(
                    "2026-01-01T00:00:00Z",
                    ContextGenerator.NOW,
                    "2027-01-01T00:00:00Z",
                    "2026-06-01T14:00:00+02:00",
                    "2026-06-01",
                    "1780315200")),
            new Key("aws:EpochTime", Type.DATE, List.of("1780315200", "1780000000", "1790000000")),
            new Key(
                "aws:TokenIssueTime",
                Type.DATE,
                List.of("2026-06-01T11:00:00Z", "2026-06-01T10:00:00Z", "2026-07-01T00:00:00Z")),
            new Key("aws:TagKeys", Type.MULTI, List.of("team", "cost", "Owner", "owner", "t*")));
  }

  /** One or two operator blocks, each naming one key. */
  ObjectNode condition() {
    ObjectNode condition = PolicyDocuments.JSON.createObjectNode();
    for (int i = 1 + (random.nextInt(4) == 0 ? 1 : 0); i > 0; i--) {
      Key key = keys.get(random.nextInt(keys.size()));
      String name = random.nextInt(7) == 0 ? key.name().toUpperCase(Locale.ROOT) : key.name();
      if (random.nextInt(12) == 0) {
        ObjectNode block = block(condition, "Null");
        block.put(name, random.nextBoolean() ? "true" : "false");
        continue;
      }
      block(condition, operator(key)).set(name, values(key));
    }
    return condition;
  }

  private ObjectNode block(ObjectNode condition, String operator) {
    JsonNode existing = condition.get(operator);
    return existing != null ? (ObjectNode) existing : condition.putObject(operator);
  }

  private String operator(Key key) {
    String op =
        switch (key.type()) {
          case STRING, MULTI ->
              pick(
                  "StringEquals",
                  "StringNotEquals",
                  "StringEqualsIgnoreCase",
                  "StringNotEqualsIgnoreCase",
                  "StringLike",
                  "StringNotLike");
          case ARN -> pick("ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "StringLike");
          case BOOL -> "Bool";
          case NUMERIC ->
              pick(
                  "NumericEquals",
                  "NumericNotEquals",
                  "NumericLessThan",
                  "NumericLessThanEquals",
                  "NumericGreaterThan",
                  "NumericGreaterThanEquals");
          case DATE ->
              pick(
                  "DateEquals",
                  "DateNotEquals",
                  "DateLessThan",
                  "DateLessThanEquals",
                  "DateGreaterThan",
                  "DateGreaterThanEquals");
        };
    if (random.nextInt(10) < 3) {
      op += "IfExists";
    }
    boolean set =
        key.type() == Type.MULTI || (key.type() == Type.STRING && random.nextInt(12) == 0);
    return set ? pick("ForAnyValue:", "ForAllValues:") + op : op;
  }

  private JsonNode values(Key key) {
    if (random.nextInt(10) < 7) {
      return PolicyDocuments.JSON.getNodeFactory().textNode(pick(key.values()));
    }
    ArrayNode values = DifferentialCase.array();
    values.add(pick(key.values()));
    String second = pick(key.values());
    if (!second.equals(values.get(0).asText())) {
      values.add(second);
    }
    return values;
  }

  private String pick(String... values) {
    return values[random.nextInt(values.length)];
  }

  private String pick(List<String> values) {
    return values.get(random.nextInt(values.size()));
  }
}
