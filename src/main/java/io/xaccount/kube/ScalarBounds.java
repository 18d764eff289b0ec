package io.xaccount.kube;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The bounds a schema sets on strings (lengths, pattern, date-time format) and numbers (minimum,
 * maximum), with the API server's messages ({@code spec.accountId in body should match '...'}).
 */
final class ScalarBounds {
  private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

  private ScalarBounds() {}

  static void string(JsonNode schema, JsonNode value, String field, List<FieldError> errors) {
    String text = value.asText();
    // Lengths count characters (Unicode code points), as Go's utf8.RuneCountInString.
    int length = text.codePointCount(0, text.length());
    if (schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
      errors.add(
          FieldError.tooLong(field, "may not be longer than " + schema.get("maxLength").asInt()));
    }
    if (schema.has("minLength") && length < schema.get("minLength").asInt()) {
      errors.add(
          FieldError.invalid(
              field,
              value,
              field
                  + " in body should be at least "
                  + schema.get("minLength").asInt()
                  + " chars long"));
    }
    if (schema.has("pattern")) {
      String pattern = schema.get("pattern").asText();
      // Unanchored, as Go's regexp.MatchString.
      if (!PATTERNS.computeIfAbsent(pattern, Pattern::compile).matcher(text).find()) {
        errors.add(
            FieldError.invalid(field, value, field + " in body should match '" + pattern + "'"));
      }
    }
    if ("date-time".equals(schema.path("format").asText()) && !isDateTime(text)) {
      errors.add(
          FieldError.invalid(
              field,
              value,
              field + " in body must be of type date-time: " + FieldError.quote(text)));
    }
  }

  static void number(JsonNode schema, JsonNode value, String field, List<FieldError> errors) {
    BigDecimal number = value.decimalValue();
    if (schema.has("minimum")) {
      BigDecimal minimum = schema.get("minimum").decimalValue();
      boolean exclusive = schema.path("exclusiveMinimum").asBoolean(false);
      if (exclusive ? number.compareTo(minimum) <= 0 : number.compareTo(minimum) < 0) {
        errors.add(
            FieldError.invalid(
                field,
                value,
                field
                    + " in body should be greater than "
                    + (exclusive ? "" : "or equal to ")
                    + plain(minimum)));
      }
    }
    if (schema.has("maximum")) {
      BigDecimal maximum = schema.get("maximum").decimalValue();
      boolean exclusive = schema.path("exclusiveMaximum").asBoolean(false);
      if (exclusive ? number.compareTo(maximum) >= 0 : number.compareTo(maximum) > 0) {
        errors.add(
            FieldError.invalid(
                field,
                value,
                field
                    + " in body should be less than "
                    + (exclusive ? "" : "or equal to ")
                    + plain(maximum)));
      }
    }
  }

  private static boolean isDateTime(String text) {
    try {
      java.time.OffsetDateTime.parse(text);
      return true;
    } catch (java.time.format.DateTimeParseException e) {
      return false;
    }
  }

  /** A bound as Go prints a float64: 3600, not 3600.0. */
  private static String plain(BigDecimal number) {
    return number.stripTrailingZeros().toPlainString();
  }
}
