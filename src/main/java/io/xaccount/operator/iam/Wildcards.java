package io.xaccount.operator.iam;

/**
 * IAM-style wildcard matching: {@code *} matches any run of characters (none included) and {@code
 * ?} exactly one.
 */
public final class Wildcards {

  private Wildcards() {}

  /** True when {@code pattern} matches all of {@code value}. */
  public static boolean matches(String pattern, String value, boolean ignoreCase) {
    return match(pattern, 0, value, 0, ignoreCase, false);
  }

  /**
   * True when every action {@code action} can stand for is matched by {@code pattern}, both being
   * action patterns ({@code s3:Get*} covers {@code s3:GetObject} and {@code s3:GetObject*}, but not
   * {@code s3:*}). A {@code *} in the pattern absorbs the action's own wildcards; a {@code ?} or a
   * literal character never matches one. Case-insensitive, as IAM compares actions.
   */
  public static boolean covers(String pattern, String action) {
    return match(pattern, 0, action, 0, true, true);
  }

  /**
   * True when every resource ARN {@code resource} can stand for is matched by {@code pattern}, both
   * being ARN patterns ({@code arn:aws:iam::*:role/*} covers {@code arn:aws:iam::1:role/a*}); as
   * {@link #covers}, but with case, as IAM compares resources.
   */
  public static boolean coversResource(String pattern, String resource) {
    return match(pattern, 0, resource, 0, false, true);
  }

  /** True when the value holds a wildcard. */
  public static boolean hasWildcard(String value) {
    return value.indexOf('*') >= 0 || value.indexOf('?') >= 0;
  }

  private static boolean match(
      String p, int pi, String v, int vi, boolean ignoreCase, boolean valueIsPattern) {
    // Iterative glob matching with single-star backtracking: linear in practice, no regex to
    // escape.
    int star = -1;
    int mark = 0;
    while (vi < v.length()) {
      char vc = v.charAt(vi);
      boolean vcIsWildcard = valueIsPattern && (vc == '*' || vc == '?');
      if (pi < p.length() && p.charAt(pi) == '*') {
        star = pi++;
        mark = vi;
      } else if (pi < p.length()
          && !vcIsWildcard
          && (p.charAt(pi) == '?' || same(p.charAt(pi), vc, ignoreCase))) {
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

  private static boolean same(char a, char b, boolean ignoreCase) {
    return a == b || (ignoreCase && Character.toLowerCase(a) == Character.toLowerCase(b));
  }
}
