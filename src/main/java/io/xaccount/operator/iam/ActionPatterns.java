package io.xaccount.operator.iam;

import java.util.Locale;

/**
 * Questions about IAM action patterns ({@code service:Action} with {@code *} and {@code ?}), asked
 * of two patterns at once and without regard to case, as IAM compares actions.
 */
public final class ActionPatterns {
  private ActionPatterns() {}

  /**
   * True when some action matches both patterns: whatever the spelling, {@code iam:?*}, {@code
   * I?M:*} and {@code *} all overlap {@code iam:PassRole}.
   */
  public static boolean overlap(String a, String b) {
    String p = a.toLowerCase(Locale.ROOT);
    String q = b.toLowerCase(Locale.ROOT);
    Boolean[][] memo = new Boolean[p.length() + 1][q.length() + 1];
    return overlap(p, 0, q, 0, memo);
  }

  private static boolean overlap(String p, int i, String q, int j, Boolean[][] memo) {
    if (memo[i][j] != null) {
      return memo[i][j];
    }
    boolean result;
    if (i == p.length() && j == q.length()) {
      result = true;
    } else if (i < p.length() && p.charAt(i) == '*') {
      // The star matches nothing more, or also what q's next element stands for.
      result = overlap(p, i + 1, q, j, memo) || (j < q.length() && overlap(p, i, q, j + 1, memo));
    } else if (j < q.length() && q.charAt(j) == '*') {
      result = overlap(p, i, q, j + 1, memo) || (i < p.length() && overlap(p, i + 1, q, j, memo));
    } else if (i < p.length() && j < q.length()) {
      char x = p.charAt(i);
      char y = q.charAt(j);
      result = (x == '?' || y == '?' || x == y) && overlap(p, i + 1, q, j + 1, memo);
    } else {
      result = false;
    }
    memo[i][j] = result;
    return result;
  }
}
