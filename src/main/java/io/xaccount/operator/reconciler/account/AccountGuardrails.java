package io.xaccount.operator.reconciler.account;

import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.iam.GrantWindow;
import io.xaccount.operator.iam.GuardrailRules;
import io.xaccount.operator.iam.Guardrails;
import io.xaccount.operator.iam.SlotBudget;
import io.xaccount.operator.iam.Violation;
import io.xaccount.operator.reconciler.Reason;
import io.xaccount.operator.reconciler.ReconcileFailure;
import java.time.Duration;
import java.util.List;

/** The guardrails an AwsAccount declares, as the domain evaluates them. */
public final class AccountGuardrails {
  private AccountGuardrails() {}

  /** The account's guardrails; an account without any still rejects '*' and iam:* inline. */
  public static Guardrails of(AwsAccount account) {
    var g = account.getSpec().getGuardrails();
    if (g == null) {
      return Guardrails.of(GuardrailRules.NONE);
    }
    return Guardrails.of(
        new GuardrailRules(
            g.getAllowedTrustedAccountIds(),
            g.getAllowedManagedPolicyArns(),
            g.getDeniedManagedPolicyArns(),
            g.getRequiredPermissionsBoundaryArn(),
            g.getRolePathPrefix(),
            Boolean.TRUE.equals(g.getRequireMfa()),
            g.getMaxRolesPerNamespace(),
            g.getAllowedInlineActions(),
            g.getMaxSessionDuration(),
            g.getDeniedInlineActions(),
            g.getAllowedTargetRoleArns(),
            g.getAllowedTargetAccountIds(),
            g.getAllowedGrantPrincipals(),
            maxGrantDuration(g.getMaxGrantDuration()),
            Boolean.TRUE.equals(g.getRequireGrantExpiry()),
            Boolean.TRUE.equals(g.getAllowRetain())));
  }

  /**
   * The maxGrantDuration guardrail; a value that is not a duration (the CRD's pattern normally
   * stops it) allows no window at all rather than any: a guardrail fails closed.
   */
  private static Duration maxGrantDuration(String value) {
    return value == null ? null : GrantWindow.parseDuration(value).orElse(Duration.ZERO);
  }

  /** Refuses with {@code Forbidden}, naming every rule broken, before any IAM write. */
  public static void enforce(AwsAccount account, List<Violation> violations) {
    if (!violations.isEmpty()) {
      throw refusal(account.getMetadata().getName(), violations);
    }
  }

  /** The {@code Forbidden} failure naming every rule of the account {@code name} broken. */
  public static ReconcileFailure refusal(String name, List<Violation> violations) {
    return new ReconcileFailure(
        Reason.Forbidden,
        "AwsAccount %s refuses this: %s".formatted(name, Guardrails.summary(violations)));
  }

  /** The account's maxGrantSlotsPerPrincipal, {@link SlotBudget#DEFAULT_MAX} when unset. */
  public static int maxGrantSlotsPerPrincipal(AwsAccount account) {
    var g = account.getSpec().getGuardrails();
    return g == null || g.getMaxGrantSlotsPerPrincipal() == null
        ? SlotBudget.DEFAULT_MAX
        : g.getMaxGrantSlotsPerPrincipal();
  }
}
