package io.xaccount.emulator.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import io.xaccount.emulator.model.PolicyDocuments;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Condition element, as IAM evaluates it: every operator block must hold, every key in a block
 * must hold, and a key holds when the request value matches any of the listed values. A missing key
 * makes a positive operator false and a negated one ({@code StringNotEquals}, {@code ArnNotLike},
 * ...) true; {@code ...IfExists} makes it true either way; {@code Null} tests presence; {@code
 * ForAnyValue:}/{@code ForAllValues:} compare sets (an empty or missing set makes {@code
 * ForAllValues} true and {@code ForAnyValue} false). An operator the emulator does not know never
 * holds, so an unknown operator errs towards denying an Allow (and towards not applying a Deny: the
 * same as IAM, which treats unknown operators as not matching).
 */
final class Conditions {
  private Conditions() {}

  static boolean hold(JsonNode condition, RequestContext ctx) {
    if (condition == null || condition.isNull()) {
      return true;
    }
    Iterator<Map.Entry<String, JsonNode>> blocks = condition.fields();
    while (blocks.hasNext()) {
      Map.Entry<String, JsonNode> block = blocks.next();
      Iterator<Map.Entry<String, JsonNode>> keys = block.getValue().fields();
      while (keys.hasNext()) {
        Map.Entry<String, JsonNode> key = keys.next();
        List<String> expected = PolicyDocuments.strings(key.getValue());
        if (!holds(block.getKey(), ctx.get(key.getKey()), expected, ctx)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean holds(
      String operator, List<String> actual, List<String> expected, RequestContext ctx) {
    String op = operator;
    String set = null;
    int colon = op.indexOf(':');
    if (colon > 0) {
      set = op.substring(0, colon);
      op = op.substring(colon + 1);
    }
    boolean ifExists = op.endsWith("IfExists");
    if (ifExists) {
      op = op.substring(0, op.length() - "IfExists".length());
    }
    if (op.equals("Null")) {
      boolean wantAbsent = expected.stream().anyMatch(e -> e.equalsIgnoreCase("true"));
      // "false (the key exists and its value is not null)": a present but empty set is not null.
      boolean absent = actual == null;
      return wantAbsent == absent;
    }
    boolean negated = op.contains("Not");
    String positive = op.replace("Not", "");
    List<String> resolved = resolve(positive, expected, ctx);
    // A value naming a variable the request lacks cannot be compared: "any attempt to match it
    // fails" (IAM User Guide, "Policy variables"), so a negated operator cannot hold either.
    boolean unresolved = resolved.size() < expected.size();
    java.util.function.Predicate<String> holdsFor =
        v -> {
          boolean any = resolved.stream().anyMatch(e -> matches(positive, v, e));
          return negated ? !any && !unresolved : any;
        };
    if (set != null) {
      List<String> values = actual == null ? List.of() : actual;
      if (set.equals("ForAllValues")) {
        return values.stream().allMatch(holdsFor);
      }
      if (set.equals("ForAnyValue")) {
        return values.stream().anyMatch(holdsFor);
      }
      return false;
    }
    if (actual == null) {
      return ifExists || negated;
    }
    boolean any =
        actual.stream().anyMatch(v -> resolved.stream().anyMatch(e -> matches(positive, v, e)));
    return negated ? !any && !unresolved : any;
  }

  /** The policy values with their variables replaced (String and Arn operators only). */
  private static List<String> resolve(String operator, List<String> expected, RequestContext ctx) {
    boolean variables = operator.startsWith("String") || operator.startsWith("Arn");
    List<String> values = new ArrayList<>();
    for (String e : expected) {
      String v = variables ? PolicyVariables.substitute(e, ctx) : e;
      if (v != null) {
        values.add(v);
      }
    }
    return values;
  }

  private static boolean matches(String operator, String actual, String expected) {
    return switch (operator) {
      case "StringEquals" -> literal(expected).equals(actual);
      case "StringEqualsIgnoreCase" -> literal(expected).equalsIgnoreCase(actual);
      case "StringLike" -> Wildcards.matches(expected, actual, false);
      case "ArnEquals", "ArnLike" -> Wildcards.arnMatches(expected, actual);
      case "Bool" -> expected.equalsIgnoreCase(actual);
      case "NumericEquals", "DateEquals" -> order(operator, actual, expected, c -> c == 0);
      case "NumericLessThan", "DateLessThan" -> order(operator, actual, expected, c -> c < 0);
      case "NumericLessThanEquals", "DateLessThanEquals" ->
          order(operator, actual, expected, c -> c <= 0);
      case "NumericGreaterThan", "DateGreaterThan" -> order(operator, actual, expected, c -> c > 0);
      case "NumericGreaterThanEquals", "DateGreaterThanEquals" ->
          order(operator, actual, expected, c -> c >= 0);
      default -> false;
    };
  }

  /** Compares numbers or dates; a value that is neither never matches. */
  private static boolean order(
      String operator, String actual, String expected, java.util.function.IntPredicate test) {
    Integer c =
        operator.startsWith("Numeric") ? compare(actual, expected) : compareDates(actual, expected);
    return c != null && test.test(c);
  }

  private static String literal(String value) {
    return value
        .replace(PolicyVariables.LITERAL_STAR, '*')
        .replace(PolicyVariables.LITERAL_QUESTION, '?');
  }

  private static Integer compare(String actual, String expected) {
    try {
      return new BigDecimal(actual.trim()).compareTo(new BigDecimal(expected.trim()));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Integer compareDates(String actual, String expected) {
    Instant a = instant(actual);
    Instant e = instant(expected);
    return a == null || e == null ? null : a.compareTo(e);
  }

  /** ISO 8601 (with or without offset) or epoch seconds, as IAM accepts. */
  static Instant instant(String value) {
    String v = value.trim();
    if (v.matches("\\d+")) {
      return Instant.ofEpochSecond(Long.parseLong(v));
    }
    try {
      return OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(v.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException again) {
        try {
          return java.time.LocalDate.parse(v).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException last) {
          return null;
        }
      }
    }
  }
}
