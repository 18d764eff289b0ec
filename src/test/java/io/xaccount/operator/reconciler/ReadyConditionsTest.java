package io.xaccount.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrantStatus;
import io.xaccount.operator.api.v1alpha1.AwsAccountStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadyConditionsTest {
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00.123Z");
  private static final Instant T1 = Instant.parse("2026-01-01T11:00:00Z");

  private static ReadyConditions at(Instant instant) {
    return new ReadyConditions(Clock.fixed(instant, ZoneOffset.UTC));
  }

  @Test
  void firstConditionCarriesEverythingAndTheTimeToTheSecond() {
    AwsAccountStatus status =
        at(T0).ready(new AwsAccountStatus(), null, 3, true, Reason.Verified, "ok");

    Condition ready = status.readyCondition().orElseThrow();
    assertThat(ready.getType()).isEqualTo("Ready");
    assertThat(ready.getStatus()).isEqualTo("True");
    assertThat(ready.getReason()).isEqualTo("Verified");
    assertThat(ready.getMessage()).isEqualTo("ok");
    assertThat(ready.getObservedGeneration()).isEqualTo(3);
    assertThat(ready.getLastTransitionTime()).isEqualTo("2026-01-01T10:00:00Z");
    assertThat(status.getObservedGeneration()).isEqualTo(3);
  }

  @Test
  void transitionTimeStaysWhenStatusIsUnchangedEvenIfReasonChanges() {
    AwsAccountStatus first =
        at(T0).ready(new AwsAccountStatus(), null, 1, false, Reason.Throttled, "slow");
    AwsAccountStatus second =
        at(T1).ready(new AwsAccountStatus(), first, 2, false, Reason.AccessDenied, "denied");

    Condition ready = second.readyCondition().orElseThrow();
    assertThat(ready.getLastTransitionTime()).isEqualTo("2026-01-01T10:00:00Z");
    assertThat(ready.getReason()).isEqualTo("AccessDenied");
    assertThat(ready.getObservedGeneration()).isEqualTo(2);
  }

  @Test
  void transitionTimeMovesWhenStatusFlips() {
    AwsAccountStatus first =
        at(T0).ready(new AwsAccountStatus(), null, 1, false, Reason.AccessDenied, "denied");
    AwsAccountStatus second =
        at(T1).ready(new AwsAccountStatus(), first, 1, true, Reason.Verified, "ok");

    assertThat(second.readyCondition().orElseThrow().getLastTransitionTime())
        .isEqualTo("2026-01-01T11:00:00Z");
  }

  @Test
  void otherConditionsAreKeptAndReadyIsNotDuplicated() {
    AwsAccountStatus previous = new AwsAccountStatus();
    List<Condition> conditions = new ArrayList<>();
    conditions.add(new ConditionBuilder().withType("Drifted").withStatus("False").build());
    previous.setConditions(conditions);
    previous = at(T0).ready(previous, previous, 1, true, Reason.Verified, "ok");

    AwsAccountStatus next =
        at(T1).ready(new AwsAccountStatus(), previous, 1, true, Reason.Verified, "ok");

    assertThat(next.getConditions())
        .extracting(Condition::getType)
        .containsExactly("Drifted", "Ready", "Reconciling", "Stalled");
    assertThat(ReadyConditions.sameReady(previous, next)).isTrue();
  }

  @Test
  void kstatusConditionsFollowReadyForFlux() {
    AwsAccountStatus recoverable =
        at(T0).ready(new AwsAccountStatus(), null, 1, false, Reason.Throttled, "slow");
    assertThat(recoverable.getConditions())
        .extracting(Condition::getType, Condition::getStatus)
        .containsExactly(
            tuple("Ready", "False"), tuple("Reconciling", "True"), tuple("Stalled", "False"));

    AwsAccountStatus terminal =
        at(T1).ready(new AwsAccountStatus(), recoverable, 2, false, Reason.InvalidSpec, "bad");
    assertThat(terminal.getConditions())
        .extracting(Condition::getType, Condition::getStatus)
        .containsExactly(
            tuple("Ready", "False"), tuple("Reconciling", "False"), tuple("Stalled", "True"));
    assertThat(terminal.getConditions().get(2).getMessage()).isEqualTo("bad");

    AwsAccountStatus ready =
        at(T1).ready(new AwsAccountStatus(), terminal, 3, true, Reason.Verified, "ok");
    assertThat(ready.getConditions())
        .extracting(Condition::getType, Condition::getStatus)
        .containsExactly(
            tuple("Ready", "True"), tuple("Reconciling", "False"), tuple("Stalled", "False"));
  }

  @Test
  void aGrantThatRanOutAsPlannedIsCurrentForKstatusNotFailed() {
    for (Reason settled : List.of(Reason.Scheduled, Reason.Expired)) {
      AssumeRoleGrantStatus status =
          at(T0).ready(new AssumeRoleGrantStatus(), null, 1, true, settled, "ran out");
      assertThat(status.getConditions())
          .extracting(Condition::getType, Condition::getStatus, Condition::getReason)
          .containsExactly(
              tuple("Ready", "True", settled.name()),
              tuple("Reconciling", "False", settled.name()),
              tuple("Stalled", "False", settled.name()));
      assertThat(settled.isTerminal()).isFalse();
    }
  }

  @Test
  void terminalReasonsAreTheOnesASpecChangeMustFix() {
    assertThat(Reason.InvalidSpec.isTerminal()).isTrue();
    assertThat(Reason.Forbidden.isTerminal()).isTrue();
    assertThat(Reason.NameConflict.isTerminal()).isTrue();
    assertThat(Reason.Throttled.isTerminal()).isFalse();
    assertThat(Reason.AccessDenied.isTerminal()).isFalse();
    assertThat(Reason.AccountNotReady.isTerminal()).isFalse();
  }
}
