package io.xaccount.operator.iam;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Enforces an account's {@link GuardrailRules} before any IAM write. Pure: the reconciler turns a
 * non-empty list of {@link Violation}s into {@code Ready=False}, reason {@code Forbidden}, and
 * writes nothing.
 *
 * <p>Documented choices:
 *
 * <ul>
 *   <li>requiredPermissionsBoundaryArn is <em>added automatically</em> by {@link #applyDefaults}
 *       when the spec names no boundary; a spec naming a different boundary is a violation. {@link
 *       #check} judges what will be written, so a role that reaches it without the boundary (the
 *       caller skipped applyDefaults) is a violation too: fail closed.
 *   <li>requireMfa applies to both sides: a CrossAccountRole's trust must require MFA, and an
 *       AssumeRoleGrant's policy must require MFA ({@link #checkGrant}).
 *   <li>maxRolesPerNamespace only gates creation ({@link #checkQuota}): lowering it never deletes
 *       or blocks updates of roles that already exist. Roles released by Retain count.
 *   <li>deletionPolicy Retain needs allowRetain, and is honoured at deletion only as accepted
 *       ({@link RetainRule}).
 *   <li>Managed policies and boundaries are judged by whose they are and what they allow ({@link
 *       ManagedPolicyRule}); denied patterns match case-insensitively (so a differently cased ARN
 *       cannot slip past a deny), allowed patterns exactly.
 *   <li>maxGrantDuration measures a grant's window from its start (notBefore, or when it first
 *       became active) to its end, so extending a running grant counts its time so far; a grant
 *       without an end is longer than any maximum ({@link #checkGrantWindow}).
 * </ul>
 */
public final class Guardrails {

  private final GuardrailRules rules;

  private Guardrails(GuardrailRules rules) {
    this.rules = rules == null ? GuardrailRules.NONE : rules;
  }

  /** The evaluator for one account's rules; null means {@link GuardrailRules#NONE}. */
  public static Guardrails of(GuardrailRules rules) {
    return new Guardrails(rules);
  }

  /**
   * The violations as one message for a {@code Forbidden} condition, e.g. {@code guardrail
   * requireMfa: ...; guardrail maxSessionDuration: ...}; empty when there are none.
   */
  public static String summary(List<Violation> violations) {
    return String.join("; ", violations.stream().map(Violation::message).toList());
  }

  /** The role with the account's required permissions boundary added when it names none. */
  public DesiredRole applyDefaults(DesiredRole role) {
    if (rules.requiredPermissionsBoundaryArn() == null || role.permissionsBoundaryArn() != null) {
      return role;
    }
    return new DesiredRole(
        role.name(),
        role.path(),
        role.description(),
        role.maxSessionDuration(),
        role.trust(),
        role.managedPolicyArns(),
        role.inlinePolicies(),
        rules.requiredPermissionsBoundaryArn(),
        role.tags());
  }

  /**
   * Every guardrail a CrossAccountRole breaks (empty: allowed), in rule order.
   *
   * @param account the account the role lives in: its customer managed policies are judged by their
   *     documents, and the operator's own are never attached
   */
  public List<Violation> check(DesiredRole role, TrustSpec trust, AccountPolicies account) {
    List<Violation> violations = new ArrayList<>();
    violations.addAll(TrustedAccountRule.check(rules.allowedTrustedAccountIds(), role, trust));
    violations.addAll(new ManagedPolicyRule(rules, account).check(role));
    rolePath(role).ifPresent(violations::add);
    if (rules.requireMfa() && (trust == null || !trust.requireMfa())) {
      violations.add(
          Violation.of(
              "requireMfa",
              "spec.trust.requireMfa",
              "false",
              "the account requires MFA; set spec.trust.requireMfa: true"));
    }
    if (rules.maxSessionDuration() != null
        && role.maxSessionDuration() > rules.maxSessionDuration()) {
      violations.add(
          Violation.of(
              "maxSessionDuration",
              "spec.maxSessionDuration",
              String.valueOf(role.maxSessionDuration()),
              role.maxSessionDuration()
                  + " s exceeds the account's maximum of "
                  + rules.maxSessionDuration()
                  + " s"));
    }
    ActionRule actions = new ActionRule(rules, account.accountId());
    new TreeMap<>(role.inlinePolicies())
        .forEach(
            (name, document) ->
                violations.addAll(actions.check(ActionRule.Source.inline(name), document)));
    return violations;
  }

  /**
   * The managed policies and boundary the role names that do not exist (among those the guardrails
   * let through), each a sentence for {@code InvalidSpec} naming the field.
   */
  public List<String> missingPolicies(DesiredRole role, AccountPolicies account) {
    return new ManagedPolicyRule(rules, account).missing(role);
  }

  /**
   * Every guardrail an AssumeRoleGrant breaks in the account holding its principals: requireMfa,
   * then what it targets and whom it grants to ({@link GrantRule}).
   */
  public List<Violation> checkGrant(boolean grantRequiresMfa, GrantRule.Request grant) {
    List<Violation> violations = new ArrayList<>(checkGrant(grantRequiresMfa));
    violations.addAll(GrantRule.check(rules, grant));
    return violations;
  }

  /** The requireMfa guardrail of a grant. */
  public List<Violation> checkGrant(boolean grantRequiresMfa) {
    if (rules.requireMfa() && !grantRequiresMfa) {
      return List.of(
          Violation.of(
              "requireMfa",
              "spec.requireMfa",
              "false",
              "the account requires MFA; set spec.requireMfa: true"));
    }
    return List.of();
  }

  /**
   * The maxGrantDuration and requireGrantExpiry guardrails: a grant's window may not be longer than
   * the maximum (from its start, notBefore or when it first became active, to its end), and must
   * end when either is set.
   */
  public List<Violation> checkGrantWindow(GrantWindow window) {
    Duration max = rules.maxGrantDuration();
    Optional<Duration> length = window.length();
    if (length.isEmpty() && (max != null || rules.requireGrantExpiry())) {
      String rule = rules.requireGrantExpiry() ? "requireGrantExpiry" : "maxGrantDuration";
      return List.of(
          Violation.of(
              rule,
              "spec.expiresAt",
              "",
              "grants in this account must end; set spec.expiresAt or spec.duration"
                  + (max == null ? "" : " (at most " + GrantWindow.format(max) + ")")));
    }
    if (max != null && length.get().compareTo(max) > 0) {
      return List.of(
          Violation.of(
              "maxGrantDuration",
              window.notBefore() == null ? "spec.expiresAt" : "spec.notBefore",
              GrantWindow.format(length.get()),
              "the grant is in effect for %s (%s to %s), longer than the account's maximum of %s"
                  .formatted(
                      GrantWindow.format(length.get()),
                      window.start(),
                      window.end(),
                      GrantWindow.format(max))));
    }
    return List.of();
  }

  /** True when the maxRolesPerNamespace guardrail is set: only then are roles counted. */
  public boolean hasRoleQuota() {
    return rules.maxRolesPerNamespace() != null;
  }

  /**
   * The maxRolesPerNamespace guardrail. It counts what the namespace has in IAM: its roles, and the
   * roles its Retain deletions released, which stay in IAM (and assumable) with no resource.
   *
   * @param existingRolesInNamespace CrossAccountRoles of the namespace already in this account, not
   *     counting the one being reconciled
   * @param releasedRolesInNamespace roles of the namespace released by Retain deletions and still
   *     in this account, not counting the one being reconciled
   * @param isNew true when the role does not exist yet (the reconcile would create it)
   */
  public List<Violation> checkQuota(
      int existingRolesInNamespace, int releasedRolesInNamespace, boolean isNew) {
    Integer max = rules.maxRolesPerNamespace();
    int held = existingRolesInNamespace + releasedRolesInNamespace;
    if (max == null || !isNew || held < max) {
      return List.of();
    }
    String released =
        releasedRolesInNamespace == 0
            ? ""
            : " (" + releasedRolesInNamespace + " of them released by Retain deletions)";
    return List.of(
        Violation.of(
            "maxRolesPerNamespace",
            "metadata.namespace",
            String.valueOf(held),
            "the namespace already has "
                + held
                + " roles in this account"
                + released
                + ", the maximum is "
                + max));
  }

  /**
   * The allowRetain guardrail of a role or grant whose spec asks for Retain ({@link RetainRule}).
   */
  public List<Violation> checkDeletionPolicy(boolean retain) {
    return RetainRule.check(rules, retain);
  }

  /**
   * What deleting a resource does to what it holds in IAM ({@link RetainRule}).
   *
   * @param specRetains the spec's deletionPolicy is Retain
   * @param acceptedRetains the recorded deletionPolicy is Retain; null when none is recorded
   */
  public RetainRule.AtDeletion atDeletion(boolean specRetains, Boolean acceptedRetains) {
    return RetainRule.atDeletion(rules, specRetains, acceptedRetains);
  }

  private Optional<Violation> rolePath(DesiredRole role) {
    String prefix = rules.rolePathPrefix();
    if (prefix == null || role.path().startsWith(prefix)) {
      return Optional.empty();
    }
    return Optional.of(
        Violation.of(
            "rolePathPrefix",
            "spec.path",
            role.path(),
            "path " + role.path() + " does not start with the account's prefix " + prefix));
  }
}
