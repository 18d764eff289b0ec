package io.xaccount.operator.iam;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The action guardrails, applied to every identity policy a role would carry — inline, AWS managed
 * or customer managed — since what a role can do is the union of them all. Decided by what the
 * actions can stand for, not by the shape of a string.
 *
 * <ul>
 *   <li>Escalation: an Allow statement is refused when one of its actions can stand for an action
 *       that lets the role escape its guardrails. By default ({@code deniedInlineActions} empty)
 *       that is {@link EscalationActions}: IAM, Organizations and Account writes and the STS calls
 *       minting other credentials, judged by access level, so read-only policies pass. When the
 *       account lists {@code deniedInlineActions}, those patterns are denied instead, by pattern
 *       overlap ({@code iam:?*}, {@code I?M:*}, {@code *} all overlap {@code iam:*}). An Allow with
 *       {@code NotAction} allows whatever it does not name.
 *   <li>{@code allowedInlineActions}: when listed, every action of an inline Allow statement must
 *       be covered by one of them (a managed policy is allowed by {@code allowedManagedPolicyArns}
 *       instead). Listing an escalating action there exactly (e.g. {@code iam:PassRole}) lets it
 *       through, in any policy; so does {@code *}.
 *   <li>{@code sts:AssumeRole}: allowed only on roles a grant of this account could target ({@link
 *       AssumeRoleTargets}), always: no listing lets a role become a door to roles the grant
 *       guardrails refuse.
 * </ul>
 *
 * Deny statements only take away and are not checked. A managed policy the account lists exactly in
 * {@code allowedManagedPolicyArns} is not judged at all: that is the owner's decision.
 */
final class ActionRule {
  static final String ALLOWED = "allowedInlineActions";
  static final String DENIED = "deniedInlineActions";
  static final String MANAGED = "allowedManagedPolicyArns";
  static final String TARGETS = "allowedTargetRoleArns";

  /**
   * Where a document comes from, for the violations' words.
   *
   * @param label {@code inline policy "x"} or {@code managed policy <arn>}
   * @param field the spec field naming it
   * @param value the value a violation names for a managed policy (its ARN); null for inline
   */
  record Source(String label, String field, String value) {
    static Source inline(String name) {
      return new Source(
          "inline policy \"" + name + "\"",
          "spec.inlinePolicies[%s].document".formatted(name),
          null);
    }

    static Source managed(String arn) {
      return new Source("managed policy " + arn, "spec.managedPolicyArns", arn);
    }

    boolean managed() {
      return value != null;
    }
  }

  private final List<String> allowed;
  private final List<String> denied;
  private final AssumeRoleTargets targets;

  /**
   * @param accountId the account holding the role
   */
  ActionRule(GuardrailRules rules, String accountId) {
    this.allowed = rules.allowedInlineActions();
    this.denied = rules.deniedInlineActions();
    this.targets = new AssumeRoleTargets(rules, accountId);
  }

  List<Violation> check(Source source, PolicyDocument document) {
    List<Violation> violations = new ArrayList<>();
    for (Statements.Indexed statement : Statements.allows(document)) {
      JsonNode body = statement.body();
      String field =
          source.managed()
              ? source.field()
              : source.field() + ".Statement[" + statement.index() + "]";
      if (body.has("NotAction")) {
        notAction(source, field, Statements.values(body.path("NotAction")))
            .ifPresent(violations::add);
      }
      for (String action : Statements.values(body.path("Action"))) {
        reason(source, action)
            .ifPresent(
                why ->
                    violations.add(
                        Violation.of(
                            why.rule(),
                            field + (source.managed() ? "" : ".Action"),
                            source.managed() ? source.value() : action,
                            source.label() + " allows " + action + why.text())));
      }
      target(source, field, body).ifPresent(violations::add);
    }
    return violations;
  }

  private record Why(String rule, String text) {}

  private Optional<Why> reason(Source source, String action) {
    if (explicitlyListed(action)) {
      return Optional.empty();
    }
    Optional<String> escalation = escalation(action);
    if (escalation.isPresent()) {
      return Optional.of(
          new Why(
              source.managed() ? MANAGED : DENIED,
              ", which can match " + escalation.get() + unless(source, action)));
    }
    if (source.managed()
        || allowed.isEmpty()
        || allowed.stream().anyMatch(p -> Wildcards.covers(p, action))) {
      return Optional.empty();
    }
    return Optional.of(new Why(ALLOWED, ", which matches none of the allowed patterns " + allowed));
  }

  /** The escalating action (and why) an Action pattern can stand for. */
  private Optional<String> escalation(String action) {
    if (!denied.isEmpty()) {
      return denied.stream()
          .filter(d -> ActionPatterns.overlap(action, d))
          .findFirst()
          .map(d -> "the denied action " + d);
    }
    return EscalationActions.matchedBy(action)
        .map(a -> a + " (" + EscalationActions.levelOf(a) + ": it can escalate)");
  }

  private static String unless(Source source, String action) {
    return source.managed()
        ? "; such a policy is attached only when guardrails.allowedManagedPolicyArns lists it"
            + " exactly"
        : " (refused unless allowedInlineActions lists " + action + " exactly)";
  }

  /** An Allow with NotAction allows every action it does not name, escalating ones included. */
  private Optional<Violation> notAction(Source source, String field, List<String> notActions) {
    if (explicitlyListed("*")) {
      return Optional.empty();
    }
    List<String> uncovered =
        denied.isEmpty()
            ? EscalationActions.leftBy(notActions)
            : denied.stream()
                .filter(d -> notActions.stream().noneMatch(n -> Wildcards.covers(n, d)))
                .toList();
    if (uncovered.isEmpty() && (allowed.isEmpty() || source.managed())) {
      return Optional.empty();
    }
    String what =
        uncovered.isEmpty()
            ? "every action it does not name, beyond the allowed patterns " + allowed
            : "every action it does not name, including " + first(uncovered);
    String rule = uncovered.isEmpty() ? ALLOWED : source.managed() ? MANAGED : DENIED;
    return Optional.of(
        Violation.of(
            rule,
            field + (source.managed() ? "" : ".NotAction"),
            source.managed() ? source.value() : "NotAction",
            source.label()
                + " has an Allow statement with NotAction, which allows "
                + what
                + (uncovered.isEmpty() ? "" : unless(source, "*"))));
  }

  /** sts:AssumeRole only on roles the account's grants could target. */
  private Optional<Violation> target(Source source, String field, JsonNode statement) {
    if (!AssumeRoleTargets.allowsAssumeRole(statement)) {
      return Optional.empty();
    }
    List<String> beyond = targets.beyond(statement);
    if (beyond.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        Violation.of(
            TARGETS,
            field + (source.managed() ? "" : ".Resource"),
            source.managed() ? source.value() : String.join(", ", beyond),
            ("%s allows sts:AssumeRole on %s, which this account's grants may not target (%s):"
                    + " the role would be a way into roles the grant guardrails refuse")
                .formatted(source.label(), String.join(", ", beyond), targets.allowed())));
  }

  private static String first(List<String> actions) {
    String shown = String.join(", ", actions.subList(0, Math.min(3, actions.size())));
    return actions.size() > 3 ? shown + " and " + (actions.size() - 3) + " more" : shown;
  }

  private boolean explicitlyListed(String action) {
    String lower = action.toLowerCase(Locale.ROOT);
    return allowed.stream()
        .map(a -> a.toLowerCase(Locale.ROOT))
        .anyMatch(a -> a.equals("*") || a.equals("*:*") || a.equals(lower));
  }
}
