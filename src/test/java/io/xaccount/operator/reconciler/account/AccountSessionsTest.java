package io.xaccount.operator.reconciler.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.xaccount.operator.aws.AwsFailure;
import io.xaccount.operator.reconciler.Reason;
import org.junit.jupiter.api.Test;

/** How a failed verification reads in the AwsAccount's status. */
class AccountSessionsTest {
  @Test
  void roleChainingPastAnHourIsASpecErrorNamingTheField() {
    AwsFailure chained =
        new AwsFailure(
            AwsFailure.Kind.INVALID_INPUT,
            "sts:GetCallerIdentity",
            "ValidationError",
            "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by"
                + " role chaining.",
            null);

    var failure = AccountSessions.explain(chained);

    assertThat(failure.reason()).isEqualTo(Reason.InvalidSpec);
    assertThat(failure.reason().isTerminal()).isTrue();
    assertThat(failure.getMessage())
        .contains("spec.credentials.assumeRole.durationSeconds")
        .contains("3600");
  }

  @Test
  void otherFailuresKeepTheirReason() {
    AwsFailure throttled =
        new AwsFailure(
            AwsFailure.Kind.THROTTLED,
            "sts:GetCallerIdentity",
            "Throttling",
            "Rate exceeded",
            null);

    assertThat(AccountSessions.explain(throttled).reason()).isEqualTo(Reason.Throttled);
  }
}
