package io.xaccount.emulator.model;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Input constraints from the IAM service model, with the messages IAM's request validation produces
 * ({@code 1 validation error detected: Value 'x' at 'roleName' failed to satisfy constraint: ...}).
 */
public final class Validation {
  private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]+");
  private static final Pattern PATH = Pattern.compile("(/)|(/[\\u0021-\\u007E]+/)");
  private static final Pattern POLICY_PATH = Pattern.compile("((/[A-Za-z0-9.,+@=_-]+)*)/");
  private static final Pattern TAG_KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+");
  private static final Pattern TAG_VALUE = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");
  private static final Pattern DESCRIPTION =
      Pattern.compile("[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*");

  private Validation() {}

  /** Role and user names: 1–64 of {@code [\w+=,.@-]}; groups, policies, profiles allow 128. */
  public static void name(String field, String value, int max) {
    pattern(field, value, NAME, "[\\w+=,.@-]+");
    length(field, value, 1, max);
  }

  public static String path(String value) {
    if (value == null) {
      return "/";
    }
    length("path", value, 1, 512);
    if (!PATH.matcher(value).matches()) {
      throw IamError.validation(
          "The specified value for path is invalid. It must begin and end with / and contain"
              + " only alphanumeric characters and/or / characters.");
    }
    return value;
  }

  static String policyPath(String value) {
    if (value == null) {
      return "/";
    }
    length("path", value, 1, 512);
    pattern("path", value, POLICY_PATH, "((/[A-Za-z0-9\\.,\\+@=_-]+)*)/");
    return value;
  }

  public static void roleDescription(String value) {
    if (value != null) {
      length("description", value, 0, 1000);
      pattern(
          "description",
          value,
          DESCRIPTION,
          "[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*");
    }
  }

  public static void maxSessionDuration(Integer value) {
    if (value == null) {
      return;
    }
    if (value < 3600 || value > 43200) {
      String bound =
          value < 3600
              ? "Member must have value greater than or equal to 3600"
              : "Member must have value less than or equal to 43200";
      throw fail("maxSessionDuration", String.valueOf(value), bound);
    }
  }

  /**
   * Tag keys 1–128, values 0–256 chars, keys unique without regard to case and not {@code aws:}; at
   * most 50 in one request (ValidationError) and per entity (LimitExceeded).
   */
  public static void tags(Map<String, String> merged, Map<String, String> added) {
    if (added.size() > 50) {
      throw fail(
          "tags", added.keySet().toString(), "Member must have length less than or equal to 50");
    }
    if (Tags.copy(added).size() < added.size()) {
      throw IamError.invalidInput(
          "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
    }
    int i = 1;
    for (Map.Entry<String, String> tag : added.entrySet()) {
      String at = "tags." + i + ".member.";
      pattern(at + "key", tag.getKey(), TAG_KEY, "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+");
      length(at + "key", tag.getKey(), 1, 128);
      pattern(at + "value", tag.getValue(), TAG_VALUE, "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");
      length(at + "value", tag.getValue(), 0, 256);
      if (tag.getKey().regionMatches(true, 0, "aws:", 0, 4)) {
        throw IamError.invalidInput("User-defined tag keys cannot start with the aws: prefix.");
      }
      i++;
    }
    if (merged.size() > 50) {
      throw IamError.limit("The number of tags has reached the maximum limit.");
    }
  }

  public static void length(String field, String value, int min, int max) {
    if (value.length() < min) {
      throw fail(field, value, "Member must have length greater than or equal to " + min);
    }
    if (value.length() > max) {
      throw fail(field, value, "Member must have length less than or equal to " + max);
    }
  }

  public static void pattern(String field, String value, Pattern pattern, String shown) {
    if (!pattern.matcher(value).matches()) {
      throw fail(field, value, "Member must satisfy regular expression pattern: " + shown);
    }
  }

  public static IamError fail(String field, String value, String constraint) {
    return IamError.validation(
        "1 validation error detected: Value '"
            + value
            + "' at '"
            + field
            + "' failed to satisfy constraint: "
            + constraint);
  }
}
