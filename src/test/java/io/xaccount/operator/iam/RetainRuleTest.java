package io.xaccount.operator.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.xaccount.operator.iam.RetainRule.AtDeletion;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 24, finding 6: what an account lets Retain do, and what a namespace's quota counts. Retain
 * is refused unless the account allows it, honoured at deletion only as the operator last accepted
 * it, and never turned into a deletion of a role that was promised to stay.
 */
class RetainRuleTest {
  private static final GuardrailRules NO_RETAIN = rules(false, null);
  private static final GuardrailRules RETAIN = rules(true, null);

  @Test
  void retainIsRefusedUnlessTheAccountAllowsIt() {
    assertThat(Guardrails.of(GuardrailRules.NONE).checkDeletionPolicy(true))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.rule()).isEqualTo("allowRetain");
              assertThat(v.field()).isEqualTo("spec.deletionPolicy");
              assertThat(v.value()).isEqualTo("Retain");
              assertThat(v.message()).startsWith("guardrail allowRetain: ");
            });
    assertThat(Guardrails.of(NO_RETAIN).checkDeletionPolicy(false)).isEmpty();
    assertThat(Guardrails.of(RETAIN).checkDeletionPolicy(true)).isEmpty();
  }

  static Stream<Arguments> deletions() {
    return Stream.of(
        // spec, accepted (null: none recorded), account allows -> what deletion does
        arguments(false, null, true, AtDeletion.DELETE),
        arguments(false, true, true, AtDeletion.DELETE),
        arguments(true, true, true, AtDeletion.RETAIN),
        // Converged with Delete, switched to Retain, deleted before a reconcile accepted it.
        arguments(true, false, true, AtDeletion.DELETE),
        arguments(true, false, false, AtDeletion.DELETE),
        // A resource from before the record: its spec decides, if the account allows.
        arguments(true, null, true, AtDeletion.RETAIN),
        // Upgraded, or allowRetain withdrawn since: neither deleted nor released; it waits.
        arguments(true, null, false, AtDeletion.WAIT),
        arguments(true, true, false, AtDeletion.WAIT),
        // The spec narrowed to Delete: always allowed.
        arguments(false, true, false, AtDeletion.DELETE));
  }

  @ParameterizedTest(name = "spec Retain {0}, accepted Retain {1}, allowed {2} -> {3}")
  @MethodSource("deletions")
  void retainIsHonouredOnlyAsAccepted(
      boolean spec, Boolean accepted, boolean allowed, AtDeletion expected) {
    assertThat(Guardrails.of(rules(allowed, null)).atDeletion(spec, accepted)).isEqualTo(expected);
  }

  static Stream<Arguments> quotas() {
    return Stream.of(
        // resources, released roles, new -> refused
        arguments(0, 0, true, false),
        arguments(0, 1, true, true),
        arguments(1, 0, true, true),
        arguments(0, 5, false, false));
  }

  @ParameterizedTest(name = "{0} roles + {1} released, new {2} -> refused {3}")
  @MethodSource("quotas")
  void releasedRolesCountAgainstTheQuota(
      int resources, int released, boolean isNew, boolean refused) {
    assertThat(Guardrails.of(rules(true, 1)).checkQuota(resources, released, isNew))
        .hasSize(refused ? 1 : 0);
  }

  @Test
  void theQuotaMessageSaysHowManyWereReleased() {
    assertThat(Guardrails.of(rules(true, 2)).checkQuota(1, 2, true))
        .singleElement()
        .extracting(Violation::message)
        .isEqualTo(
            "guardrail maxRolesPerNamespace: the namespace already has 3 roles in this account"
                + " (2 of them released by Retain deletions), the maximum is 2");
    assertThat(Guardrails.of(GuardrailRules.NONE).hasRoleQuota()).isFalse();
    assertThat(Guardrails.of(rules(false, 0)).hasRoleQuota()).isTrue();
  }

  private static GuardrailRules rules(boolean allowRetain, Integer maxRoles) {
    return new GuardrailRules(
        null,
        null,
        null,
        null,
        null,
        false,
        maxRoles,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        false,
        allowRetain);
  }
}
