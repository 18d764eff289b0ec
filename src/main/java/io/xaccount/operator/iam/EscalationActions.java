package io.xaccount.operator.iam;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What lets a role escape its account's guardrails, by default: every action of IAM, AWS
 * Organizations and AWS Account Management whose access level (in the Service Authorization
 * Reference) goes beyond Read and List — creating users, attaching policies, passing roles,
 * tagging, leaving the organization — and the STS actions that mint other credentials ({@code
 * sts:AssumeRoot}, {@code sts:GetFederationToken}, ...). Reading and listing are not escalation:
 * {@code ReadOnlyAccess} and {@code job-function/ViewOnlyAccess} pass.
 *
 * <p>{@code sts:AssumeRole} is not here: it is judged by the role it reaches ({@link
 * AssumeRoleTargets}). Neither are the STS actions that only decorate a session or read ({@code
 * sts:TagSession}, {@code sts:SetSourceIdentity}, {@code sts:SetContext}, {@code
 * sts:DecodeAuthorizationMessage}) nor the federation calls an identity policy never authorises
 * ({@code sts:AssumeRoleWithSAML}, {@code sts:AssumeRoleWithWebIdentity}).
 *
 * <p>Action patterns are judged against the actions the shipped reference lists ({@code iam:Get*}
 * stands for reads only); a literal action of these services that the reference does not list is
 * taken for escalation, failing closed.
 */
final class EscalationActions {
  static final List<String> SERVICES = List.of("account", "iam", "organizations", "sts");

  private static final Set<String> NOT_ESCALATION =
      Set.of(
          "sts:assumerole",
          "sts:assumerolewithsaml",
          "sts:assumerolewithwebidentity",
          "sts:decodeauthorizationmessage",
          "sts:setcontext",
          "sts:setsourceidentity",
          "sts:tagsession");

  private EscalationActions() {}

  /** The escalation actions, lower case, sorted. */
  static List<String> all() {
    return Holder.ALL;
  }

  private static final class Holder {
    static final List<String> ALL = load();
  }

  private static List<String> load() {
    ServiceReference reference = ServiceReference.get();
    return SERVICES.stream()
        .flatMap(s -> reference.actionsOf(s).stream())
        .filter(a -> !reference.accessLevels(a).isEmpty() && !NOT_ESCALATION.contains(a))
        .sorted()
        .toList();
  }

  /** The first escalation action an Action pattern can stand for, as the reference spells it. */
  static Optional<String> matchedBy(String pattern) {
    String lower = pattern.toLowerCase(Locale.ROOT);
    int colon = lower.indexOf(':');
    if (colon > 0
        && !Wildcards.hasWildcard(lower.substring(0, colon))
        && !SERVICES.contains(lower.substring(0, colon))) {
      return Optional.empty(); // most actions of a large policy: another service entirely
    }
    if (!Wildcards.hasWildcard(lower) && unknownInEscalationService(lower)) {
      return Optional.of(pattern);
    }
    return all().stream()
        .filter(a -> Wildcards.matches(lower, a, true))
        .findFirst()
        .map(ServiceReference.get()::spelling);
  }

  /** The escalation actions an Allow with this NotAction list allows (none of them named). */
  static List<String> leftBy(List<String> notActions) {
    return all().stream()
        .filter(a -> notActions.stream().noneMatch(n -> Wildcards.matches(n, a, true)))
        .map(ServiceReference.get()::spelling)
        .toList();
  }

  /** Why an action is escalation, e.g. {@code Permissions management, Write}. */
  static String levelOf(String action) {
    Set<String> levels = ServiceReference.get().accessLevels(action);
    return levels.isEmpty() ? "not in the reference" : String.join(", ", levels);
  }

  private static boolean unknownInEscalationService(String action) {
    int colon = action.indexOf(':');
    return colon > 0
        && SERVICES.contains(action.substring(0, colon))
        && !NOT_ESCALATION.contains(action)
        && !ServiceReference.get().hasAction(action);
  }
}
