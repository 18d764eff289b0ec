package io.xaccount.operator.iam;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code allowedTrustedAccountIds} guardrail: every account a role trusts must be listed. The
 * accounts are those of spec.trust (account IDs, and the account segment of principal ARNs and of
 * principal ARN patterns; a pattern whose account is itself a wildcard names no listed account) and
 * of every AWS principal in the rendered trust policy, {@code "*"} included.
 */
final class TrustedAccountRule {

  private static final Pattern ACCOUNT_OF_ARN =
      Pattern.compile("arn:[^:]*:(?:iam|sts)::([^:]*):.*");
  private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

  private TrustedAccountRule() {}

  static List<Violation> check(List<String> allowed, DesiredRole role, TrustSpec trust) {
    if (allowed.isEmpty()) {
      return List.of();
    }
    // Account -> the field naming it first; the rendered trust document is checked too, so that a
    // principal that does not come from spec.trust cannot slip through.
    Map<String, String> accounts = new LinkedHashMap<>();
    if (trust != null) {
      trust.accountIds().forEach(a -> accounts.putIfAbsent(a, "spec.trust.accountIds"));
      trust
          .principalArns()
          .forEach(a -> accounts.putIfAbsent(accountOf(a), "spec.trust.principalArns"));
      trust
          .principalArnPatterns()
          .forEach(a -> accounts.putIfAbsent(accountOf(a), "spec.trust.principalArnPatterns"));
    }
    if (role.trust() != null) {
      for (String principal : awsPrincipals(role.trust().toJsonNode())) {
        accounts.putIfAbsent(
            ACCOUNT_ID.matcher(principal).matches() ? principal : accountOf(principal),
            "spec.trust");
      }
    }
    List<Violation> violations = new ArrayList<>();
    accounts.forEach(
        (account, field) -> {
          if (!allowed.contains(account)) {
            violations.add(
                Violation.of(
                    "allowedTrustedAccountIds",
                    field,
                    account,
                    "account "
                        + account
                        + " is not among the accounts roles here may trust "
                        + allowed));
          }
        });
    return violations;
  }

  /** The account segment of an IAM or STS ARN, or the whole value when it has none. */
  private static String accountOf(String arn) {
    Matcher m = ACCOUNT_OF_ARN.matcher(arn);
    return m.matches() ? m.group(1) : arn;
  }

  private static List<String> awsPrincipals(JsonNode document) {
    List<String> principals = new ArrayList<>();
    for (JsonNode statement : document.path("Statement")) {
      for (String key : List.of("Principal", "NotPrincipal")) {
        JsonNode principal = statement.path(key);
        JsonNode aws = principal.isTextual() ? principal : principal.path("AWS");
        if (aws.isTextual()) {
          principals.add(aws.asText());
        } else {
          aws.forEach(n -> principals.add(n.asText()));
        }
      }
    }
    return principals;
  }
}
