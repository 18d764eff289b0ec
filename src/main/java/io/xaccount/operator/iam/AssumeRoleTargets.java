package io.xaccount.operator.iam;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The roles an identity policy in an account may let its holder assume: those a grant of that
 * account could target ({@link GrantRule}). A role that may call {@code sts:AssumeRole} on {@code
 * *} is a door to every role trusting its account, so without this a tenant could reach, through a
 * role of its own, what the account's grant guardrails refuse it (Dev → a Dev role with {@code
 * PowerUserAccess} → any Prod role trusting Dev).
 *
 * <p>A Resource pattern is within the targets when an {@code allowedTargetRoleArns} pattern covers
 * every ARN it can stand for, or it names roles of one account listed in {@code
 * allowedTargetAccountIds} other than the policy's own. {@code NotResource} is never within.
 * Conditions are not evaluated: they can only narrow, and a guardrail fails closed.
 */
final class AssumeRoleTargets {
  private static final Pattern ROLE_IN_ACCOUNT =
      Pattern.compile("arn:[^:]*:iam::(\\d{12}):role/.*");

  private final GuardrailRules rules;
  private final String accountId;

  /**
   * @param accountId the account holding the policy's role
   */
  AssumeRoleTargets(GuardrailRules rules, String accountId) {
    this.rules = rules;
    this.accountId = accountId;
  }

  /** True when an Allow statement allows {@code sts:AssumeRole} (by Action or NotAction). */
  static boolean allowsAssumeRole(JsonNode statement) {
    if (statement.has("NotAction")) {
      return Statements.values(statement.path("NotAction")).stream()
          .noneMatch(n -> Wildcards.matches(n, "sts:AssumeRole", true));
    }
    return Statements.values(statement.path("Action")).stream()
        .anyMatch(a -> Wildcards.matches(a, "sts:AssumeRole", true));
  }

  /** The statement's resources that reach beyond the targets ({@code NotResource} as a whole). */
  List<String> beyond(JsonNode statement) {
    if (statement.has("NotResource")) {
      return List.of("NotResource " + statement.get("NotResource"));
    }
    List<String> beyond = new ArrayList<>();
    for (String resource : Statements.values(statement.path("Resource"))) {
      if (!within(resource)) {
        beyond.add(resource);
      }
    }
    return beyond;
  }

  private boolean within(String resource) {
    if (rules.allowedTargetRoleArns().stream()
        .anyMatch(p -> Wildcards.coversResource(p, resource))) {
      return true;
    }
    Matcher role = ROLE_IN_ACCOUNT.matcher(resource);
    return role.matches()
        && !role.group(1).equals(accountId)
        && rules.allowedTargetAccountIds().contains(role.group(1));
  }

  /** What the account's guardrails let roles here assume, for a refusal's message. */
  String allowed() {
    return "allowedTargetRoleArns %s, allowedTargetAccountIds %s"
        .formatted(rules.allowedTargetRoleArns(), rules.allowedTargetAccountIds());
  }
}
