package io.xaccount.operator.iam;

import java.util.List;
import java.util.Locale;

/**
 * Patterns naming roles by path and name, e.g. {@code /LegacyAdmin} or {@code /legacy/*}, with
 * {@code *} and {@code ?} wildcards. Compared as IAM compares the parts: the path case-sensitively,
 * the name (unique per account case-insensitively) without regard to case.
 */
public final class RolePatterns {
  private RolePatterns() {}

  /** True when any pattern matches the role {@code path}{@code name}. */
  public static boolean anyMatches(List<String> patterns, String path, String name) {
    return patterns != null && patterns.stream().anyMatch(p -> matches(p, path, name));
  }

  /** True when {@code pattern} matches the role {@code path}{@code name}. */
  public static boolean matches(String pattern, String path, String name) {
    return Wildcards.matches(foldName(pattern), path + name.toLowerCase(Locale.ROOT), false);
  }

  /** The pattern with what follows its last {@code /} (the name part) in lower case. */
  private static String foldName(String pattern) {
    int slash = pattern.lastIndexOf('/');
    return pattern.substring(0, slash + 1) + pattern.substring(slash + 1).toLowerCase(Locale.ROOT);
  }
}
