package io.xaccount.emulator.evaluation;

import java.util.Locale;

/**
 * IAM's wildcard matching: {@code *} any run of characters (including none), {@code ?} exactly one.
 * ARNs are matched per colon-separated segment, as IAM does for Resource and {@code ArnLike}. The
 * literal escapes of {@link PolicyVariables} match only themselves.
 */
final class Wildcards {
  private Wildcards() {}

  /** {@code value} matches {@code pattern}; case-insensitive when asked (actions). */
  static boolean matches(String pattern, String value, boolean ignoreCase) {
    String p = ignoreCase ? pattern.toLowerCase(Locale.ROOT) : pattern;
    String v = ignoreCase ? value.toLowerCase(Locale.ROOT) : value;
    return glob(p, v);
  }

  /**
   * {@code arn} matches the ARN pattern {@code pattern} segment by segment ({@code *} matches all).
   */
  static boolean arnMatches(String pattern, String arn) {
    if (pattern.equals("*")) {
      return true;
    }
    String[] p = pattern.split(":", 6);
    String[] a = arn.split(":", 6);
    if (p.length != 6 || a.length != 6) {
      return glob(pattern, arn);
    }
    for (int i = 0; i < 6; i++) {
      if (!glob(p[i], a[i])) {
        return false;
      }
    }
    return true;
  }

  /** Iterative glob with backtracking to the last star: linear in practice, no regex. */
  private static boolean glob(String p, String v) {
    int pi = 0;
    int vi = 0;
    int star = -1;
    int mark = 0;
    while (vi < v.length()) {
      if (pi < p.length() && p.charAt(pi) == '*') {
        star = pi++;
        mark = vi;
      } else if (pi < p.length() && matchesOne(p.charAt(pi), v.charAt(vi))) {
        pi++;
        vi++;
      } else if (star >= 0) {
        pi = star + 1;
        vi = ++mark;
      } else {
        return false;
      }
    }
    while (pi < p.length() && p.charAt(pi) == '*') {
      pi++;
    }
    return pi == p.length();
  }

  private static boolean matchesOne(char p, char v) {
    return switch (p) {
      case '?' -> true;
      case PolicyVariables.LITERAL_STAR -> v == '*';
      case PolicyVariables.LITERAL_QUESTION -> v == '?';
      default -> p == v;
    };
  }
}
