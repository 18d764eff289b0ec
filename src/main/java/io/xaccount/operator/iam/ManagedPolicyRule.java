package io.xaccount.operator.iam;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The guardrails on the managed policies and the permissions boundary a role names. An ARN in a
 * spec is a capability: attaching a policy hands over whatever it allows, so a policy is judged by
 * whose it is and by what it allows, not by how it is written in the spec.
 *
 * <ul>
 *   <li>Never attached, whatever the guardrails list: the operator's own policies (anything under
 *       the grant packs' {@code /xaccount/} path or the operator's {@code /xaccount-operator/}
 *       path, anything named {@code xaccount-operator*}, anything attached to the operator's
 *       identities in the account) and a customer managed policy of another account.
 *   <li>{@code deniedManagedPolicyArns} patterns refuse (case-insensitively); deny wins.
 *   <li>A customer managed policy is the account owner's to hand out: it is attached only when an
 *       {@code allowedManagedPolicyArns} pattern lists it (secure default: none are). As a boundary
 *       it must be the {@code requiredPermissionsBoundaryArn} or listed too.
 *   <li>An AWS managed policy must match {@code allowedManagedPolicyArns} when the list is set.
 *   <li>A policy the list names exactly is the owner's decision and is not judged further; any
 *       other (AWS managed, or customer managed allowed by a pattern) is judged by its default
 *       document with the rules of inline policies ({@link ActionRule}): {@code PowerUserAccess}
 *       ({@code sts:*} on {@code *} through {@code NotAction}) is refused unless listed exactly,
 *       {@code ReadOnlyAccess} passes.
 * </ul>
 *
 * A policy that does not exist is reported by {@link #missing} (the spec is wrong), never judged.
 * Only policies the guardrails let through are looked up: nothing tells a tenant whether a policy
 * it may not use exists.
 */
final class ManagedPolicyRule {
  static final String OPERATOR = "operatorIdentity";
  static final String ALLOWED = "allowedManagedPolicyArns";
  static final String DENIED = "deniedManagedPolicyArns";
  static final String BOUNDARY = "requiredPermissionsBoundaryArn";

  private static final Pattern CUSTOMER_POLICY =
      Pattern.compile("arn:[a-z-]+:iam::(\\d{12}):policy(/(?:.*/)?)([^/]+)");

  private final GuardrailRules rules;
  private final AccountPolicies account;
  private final ActionRule actions;

  ManagedPolicyRule(GuardrailRules rules, AccountPolicies account) {
    this.rules = rules;
    this.account = account;
    this.actions = new ActionRule(rules, account.accountId());
  }

  /** Every rule the role's managed policies and boundary break, in ARN order, boundary last. */
  List<Violation> check(DesiredRole role) {
    List<Violation> violations = new ArrayList<>();
    for (String arn : new TreeSet<>(role.managedPolicyArns())) {
      Optional<Violation> byName = managed(arn);
      if (byName.isPresent()) {
        violations.add(byName.get());
      } else if (!exactlyListed(arn)) {
        violations.addAll(judged(arn));
      }
    }
    boundary(role.permissionsBoundaryArn()).ifPresent(violations::add);
    return violations;
  }

  /**
   * The policies the role names, among those the guardrails let through, that do not exist: each a
   * sentence for {@code InvalidSpec} naming the field, with the nearest AWS managed policy when the
   * name looks like a typo of one.
   */
  List<String> missing(DesiredRole role) {
    List<String> missing = new ArrayList<>();
    for (String arn : new TreeSet<>(role.managedPolicyArns())) {
      if (managed(arn).isEmpty()) {
        missing(arn, "spec.managedPolicyArns").ifPresent(missing::add);
      }
    }
    String boundary = role.permissionsBoundaryArn();
    if (boundary != null && boundary(boundary).isEmpty()) {
      missing(boundary, "spec.permissionsBoundaryArn").ifPresent(missing::add);
    }
    return missing;
  }

  private Optional<String> missing(String arn, String field) {
    boolean aws = AwsManagedPolicyData.isAwsManaged(arn);
    if (aws && (exactlyListed(arn) || AwsManagedPolicyData.get().exists(arn))) {
      return Optional.empty();
    }
    if (!aws && account.customerManaged(arn).isPresent()) {
      return Optional.empty();
    }
    String hint =
        aws
            ? AwsManagedPolicyData.get()
                .nearest(arn)
                .map(
                    n ->
                        " (did you mean "
                            + arn.substring(0, arn.indexOf(":policy/") + 8)
                            + n
                            + "?)")
                .orElse("")
            : "";
    return Optional.of(
        aws
            ? "%s: %s is not an AWS managed policy%s".formatted(field, arn, hint)
            : "%s: %s does not exist in account %s".formatted(field, arn, account.accountId()));
  }

  /**
   * What a policy's document breaks. An AWS managed policy's verdict depends only on its ARN and
   * the rules, so it is remembered: every resync of every role naming {@code ReadOnlyAccess} (some
   * 1,500 action patterns) would otherwise parse and judge it again.
   */
  private List<Violation> judged(String arn) {
    if (!AwsManagedPolicyData.isAwsManaged(arn)) {
      return account
          .customerManaged(arn)
          .map(d -> actions.check(ActionRule.Source.managed(arn), d))
          .orElse(List.of());
    }
    String key = arn + "\n" + account.accountId() + "\n" + rules;
    List<Violation> known = AWS_VERDICTS.get(key);
    if (known != null) {
      return known;
    }
    List<Violation> verdict =
        AwsManagedPolicyData.get()
            .document(arn)
            .map(d -> List.copyOf(actions.check(ActionRule.Source.managed(arn), d)))
            .orElse(List.of());
    if (AWS_VERDICTS.size() >= MAX_VERDICTS) {
      AWS_VERDICTS.clear(); // rules change rarely; a full cache means many accounts or edits
    }
    AWS_VERDICTS.put(key, verdict);
    return verdict;
  }

  private static final int MAX_VERDICTS = 4096;
  private static final Map<String, List<Violation>> AWS_VERDICTS = new ConcurrentHashMap<>();

  /** The rule a managed policy breaks by whose it is, if any. */
  private Optional<Violation> managed(String arn) {
    String field = "spec.managedPolicyArns";
    Optional<String> denied =
        rules.deniedManagedPolicyArns().stream()
            .filter(p -> Wildcards.matches(p, arn, true))
            .findFirst();
    if (denied.isPresent()) {
      return Optional.of(
          Violation.of(DENIED, field, arn, arn + " matches denied pattern " + denied.get()));
    }
    Optional<Violation> owner = owner(arn, field);
    if (owner.isPresent()) {
      return owner;
    }
    if (allowedByPattern(arn)) {
      return operatorAttached(arn, field);
    }
    String why =
        AwsManagedPolicyData.isAwsManaged(arn)
            ? arn + " matches none of the allowed patterns " + rules.allowedManagedPolicyArns()
            : arn
                + " is a customer managed policy: only those the account's"
                + " guardrails.allowedManagedPolicyArns lists may be attached, and it lists none"
                + " that matches (it lists "
                + rules.allowedManagedPolicyArns()
                + ")";
    return AwsManagedPolicyData.isAwsManaged(arn) && rules.allowedManagedPolicyArns().isEmpty()
        ? Optional.empty()
        : Optional.of(Violation.of(ALLOWED, field, arn, why));
  }

  /** The rule a boundary breaks, if any. */
  private Optional<Violation> boundary(String arn) {
    String required = rules.requiredPermissionsBoundaryArn();
    String field = "spec.permissionsBoundaryArn";
    if (required != null && !required.equals(arn)) {
      return Optional.of(
          Violation.of(
              BOUNDARY,
              field,
              arn == null ? "" : arn,
              arn == null
                  ? "the role has no permissions boundary; the account requires " + required
                  : arn + " is not the account's required permissions boundary " + required));
    }
    if (arn == null || arn.equals(required)) {
      return Optional.empty();
    }
    Optional<Violation> owner = owner(arn, field);
    if (owner.isPresent() || AwsManagedPolicyData.isAwsManaged(arn)) {
      return owner;
    }
    if (allowedByPattern(arn)) {
      return operatorAttached(arn, field);
    }
    return Optional.of(
        Violation.of(
            ALLOWED,
            field,
            arn,
            arn
                + " is a customer managed policy: as a boundary it must be the account's"
                + " requiredPermissionsBoundaryArn or listed in its allowedManagedPolicyArns"));
  }

  /** The operator's own policies, and other accounts' policies, are never a tenant's. */
  private Optional<Violation> owner(String arn, String field) {
    if (AwsManagedPolicyData.isAwsManaged(arn)) {
      return Optional.empty();
    }
    Matcher m = CUSTOMER_POLICY.matcher(arn);
    if (!m.matches()) {
      return Optional.empty(); // not a policy ARN: RoleValidator has said so already
    }
    String path = m.group(2).toLowerCase(Locale.ROOT);
    String name = m.group(3).toLowerCase(Locale.ROOT);
    if (OPERATOR_PATHS.stream().anyMatch(path::startsWith)
        || name.startsWith("xaccount-operator")) {
      return Optional.of(reserved(arn, field));
    }
    if (!m.group(1).equals(account.accountId())) {
      return Optional.of(
          Violation.of(
              ALLOWED,
              field,
              arn,
              arn
                  + " is a policy of another account; IAM attaches AWS managed policies and the"
                  + " role's own account's ("
                  + account.accountId()
                  + ")"));
    }
    return Optional.empty();
  }

  /**
   * A customer managed policy the guardrails allow is still never one attached to the operator's
   * identities (asked only then: the answer costs a read of the account).
   */
  private Optional<Violation> operatorAttached(String arn, String field) {
    return AwsManagedPolicyData.isAwsManaged(arn) || !account.operatorPolicyArns().contains(arn)
        ? Optional.empty()
        : Optional.of(reserved(arn, field));
  }

  private static Violation reserved(String arn, String field) {
    return Violation.of(
        OPERATOR,
        field,
        arn,
        arn
            + " is reserved for the operator (its own permissions, or the grant policies it keeps):"
            + " it is never attached to a tenant's role");
  }

  /**
   * Where the operator keeps policies: its grant policies under {@code /xaccount/} (packs under
   * {@code /xaccount/grants/}, per-grant policies of old under {@code /xaccount/<namespace>/}), its
   * own permissions under {@code /xaccount-operator/} (deploy/iam). Compared without case: IAM
   * paths have it, but nothing of a tenant's belongs near them.
   */
  static final List<String> OPERATOR_PATHS = List.of("/xaccount/", "/xaccount-operator/");

  private boolean allowedByPattern(String arn) {
    return rules.allowedManagedPolicyArns().stream()
        .anyMatch(p -> Wildcards.matches(p, arn, false));
  }

  private boolean exactlyListed(String arn) {
    return rules.allowedManagedPolicyArns().contains(arn);
  }
}
