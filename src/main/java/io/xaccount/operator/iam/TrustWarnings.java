package io.xaccount.operator.iam;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Trust that narrows nothing: an account listed in {@code accountIds} is trusted as a whole (its
 * root), so principal ARNs or patterns of that same account restrict nothing, however specific they
 * look. Said in status, not refused: the trust is valid, just wider than it reads.
 */
public final class TrustWarnings {
  private static final Pattern ACCOUNT_OF_ARN =
      Pattern.compile("arn:[^:]+:(?:iam|sts)::(\\d{12}):.*");

  private TrustWarnings() {}

  /** One warning per account whose specific principals are swallowed by its root. */
  public static List<String> of(TrustSpec trust) {
    List<String> warnings = new ArrayList<>();
    for (String account : new TreeSet<>(trust.accountIds())) {
      List<String> narrowed = new ArrayList<>();
      trust.principalArns().stream()
          .filter(arn -> account.equals(accountOf(arn)))
          .forEach(narrowed::add);
      trust.principalArnPatterns().stream()
          .filter(pattern -> account.equals(accountOf(pattern)))
          .forEach(narrowed::add);
      if (!narrowed.isEmpty()) {
        warnings.add(
            ("spec.trust.accountIds trusts every principal of account %s, so %s restrict nothing;"
                    + " remove %s from spec.trust.accountIds to trust only them")
                .formatted(account, String.join(", ", narrowed), account));
      }
    }
    return warnings;
  }

  private static String accountOf(String arn) {
    Matcher m = ACCOUNT_OF_ARN.matcher(arn);
    return m.matches() ? m.group(1) : null;
  }
}
