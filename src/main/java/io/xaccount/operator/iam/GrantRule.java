package io.xaccount.operator.iam;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The guardrails of the account holding a grant's principals: what the grant may target and whom it
 * may grant to. A trust policy naming {@code arn:...:root} lets every identity policy of that
 * account decide, so without these a namespace allowed on the account could hand its own user any
 * role that trusts the account, including its administrators' roles.
 *
 * <ul>
 *   <li>Target: a CrossAccountRole the grant may reference (roleRef) is allowed; a role named by
 *       roleArn must match {@code allowedTargetRoleArns}, or belong to an account in {@code
 *       allowedTargetAccountIds} other than the grant's own; a role the operator acts as is never a
 *       target.
 *   <li>Principals: each must match {@code allowedGrantPrincipals} ({@code user/...}, {@code
 *       group/...}, {@code role/...}, names compared without regard to case as IAM does) when it is
 *       set; the operator's own identity is never a principal, nor a role another namespace's
 *       CrossAccountRole manages unless it lists the grant's namespace.
 * </ul>
 */
public final class GrantRule {
  /**
   * The rule of every refusal of an identity that is not the grant's to use (the operator's own,
   * another namespace's role): one name and one message, whichever it is.
   */
  public static final String NOT_AVAILABLE = "notAvailable";

  private GrantRule() {}

  /**
   * A grant as the guardrails see it.
   *
   * @param grantAccountId the account holding the principals (where the grant's policy lives)
   * @param targetRoleArn the role the grant allows assuming
   * @param viaRoleRef true when the target came from a CrossAccountRole the grant may reference
   * @param principals principal names by kind ({@code user}, {@code group}, {@code role})
   * @param operatorRoles the roles the operator acts as, in any account, as {@code <account>:<name
   *     in lower case>}
   * @param operatorPrincipals the operator's identities in the grant's account, as {@code
   *     <kind>/<name in lower case>}
   * @param foreignRoles roles of the grant's account that CrossAccountRoles of other namespaces
   *     manage without letting the grant's namespace reference them: role name in lower case to
   *     {@code namespace/name} of the CrossAccountRole
   */
  public record Request(
      String grantAccountId,
      String targetRoleArn,
      boolean viaRoleRef,
      Map<String, List<String>> principals,
      Set<String> operatorRoles,
      Set<String> operatorPrincipals,
      Map<String, String> foreignRoles) {}

  /** Every rule the grant breaks, target first. */
  public static List<Violation> check(GuardrailRules rules, Request grant) {
    List<Violation> violations = new ArrayList<>();
    target(rules, grant).ifPresent(violations::add);
    new TreeMap<>(grant.principals())
        .forEach(
            (kind, names) -> {
              for (int i = 0; i < names.size(); i++) {
                principal(rules, grant, kind, names.get(i), i).ifPresent(violations::add);
              }
            });
    return violations;
  }

  private static Optional<Violation> target(GuardrailRules rules, Request grant) {
    String arn = grant.targetRoleArn();
    Optional<Arns.RoleArn> role = Arns.parseRole(arn);
    if (role.isEmpty()) {
      return Optional.empty(); // resolved targets are role ARNs; nothing to judge otherwise
    }
    // The allow-list first: a role the grant may not target anyway is refused as any other is,
    // so that naming roles tells nobody which of them the operator acts as.
    Optional<Violation> unlisted = unlisted(rules, grant, role.get());
    if (unlisted.isPresent()) {
      return unlisted;
    }
    String account = role.get().accountId();
    if (grant
        .operatorRoles()
        .contains(account + ":" + role.get().name().toLowerCase(Locale.ROOT))) {
      return Optional.of(
          Violation.of(
              NOT_AVAILABLE,
              "spec.target",
              arn,
              arn
                  + " is not available as a grant's target: the roles the operator acts as never"
                  + " are. Nothing was changed; name another role"));
    }
    return Optional.empty();
  }

  /** The target guardrails: allowedTargetRoleArns, allowedTargetAccountIds. */
  private static Optional<Violation> unlisted(
      GuardrailRules rules, Request grant, Arns.RoleArn role) {
    String arn = grant.targetRoleArn();
    if (grant.viaRoleRef()
        || rules.allowedTargetRoleArns().stream().anyMatch(p -> Wildcards.matches(p, arn, false))) {
      return Optional.empty();
    }
    String account = role.accountId();
    if (account.equals(grant.grantAccountId())) {
      return Optional.of(
          Violation.of(
              "allowedTargetRoleArns",
              "spec.target.roleArn",
              arn,
              arn
                  + " is a role of this account; grants may target it only when"
                  + " allowedTargetRoleArns lists it"));
    }
    if (rules.allowedTargetAccountIds().contains(account)) {
      return Optional.empty();
    }
    return Optional.of(
        Violation.of(
            "allowedTargetRoleArns",
            "spec.target.roleArn",
            arn,
            arn
                + " matches none of allowedTargetRoleArns "
                + rules.allowedTargetRoleArns()
                + " and its account is not in allowedTargetAccountIds "
                + rules.allowedTargetAccountIds()
                + "; reference a CrossAccountRole with spec.target.roleRef instead"));
  }

  private static Optional<Violation> principal(
      GuardrailRules rules, Request grant, String kind, String name, int index) {
    String principal = kind + "/" + name;
    String field = "spec.principals.%ss[%d]".formatted(kind, index);
    boolean operator = grant.operatorPrincipals().contains(principal.toLowerCase(Locale.ROOT));
    boolean foreign =
        kind.equals("role") && grant.foreignRoles().containsKey(name.toLowerCase(Locale.ROOT));
    if (operator || foreign) {
      // One message for both: which namespace manages a role is not the grant's to learn.
      return Optional.of(
          Violation.of(
              NOT_AVAILABLE,
              field,
              name,
              principal
                  + " is not available as a grant's principal: the operator never attaches a grant"
                  + " to its own identities, nor to a role another namespace's CrossAccountRole"
                  + " manages unless that role lists this namespace in its"
                  + " spec.allowedGrantNamespaces. Nothing was changed; name another principal"));
    }
    List<String> allowed = rules.allowedGrantPrincipals();
    if (allowed.isEmpty()
        || allowed.stream().anyMatch(p -> Wildcards.matches(p, principal, true))) {
      return Optional.empty();
    }
    return Optional.of(
        Violation.of(
            "allowedGrantPrincipals",
            field,
            name,
            principal + " matches none of the allowed principals " + allowed));
  }
}
