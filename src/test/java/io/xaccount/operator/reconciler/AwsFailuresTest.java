package io.xaccount.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xaccount.operator.aws.AwsFailure;
import io.xaccount.operator.aws.AwsFailure.Kind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AwsFailuresTest {
  private static AwsFailure failure(Kind kind) {
    return new AwsFailure(kind, "iam:DeleteRole", kind.name(), "message", null);
  }

  @Test
  void aDeleteConflictClearsAgainAndRetriesWithinTheBound() {
    List<Integer> clears = new ArrayList<>();
    int[] deletes = {0};

    boolean deleted =
        AwsFailures.deleteClearingConflicts(
            3,
            clears::add,
            () -> {
              if (deletes[0]++ < 2) {
                throw failure(Kind.DELETE_CONFLICT);
              }
            });

    assertThat(deleted).isTrue();
    assertThat(clears).containsExactly(0, 1, 2);
  }

  @Test
  void theBoundIsKeptAndOtherFailuresAreNotRetried() {
    List<Integer> clears = new ArrayList<>();
    assertThatThrownBy(
            () ->
                AwsFailures.deleteClearingConflicts(
                    2,
                    clears::add,
                    () -> {
                      throw failure(Kind.DELETE_CONFLICT);
                    }))
        .isInstanceOf(AwsFailure.class);
    assertThat(clears).containsExactly(0, 1, 2);

    clears.clear();
    assertThatThrownBy(
            () ->
                AwsFailures.deleteClearingConflicts(
                    2,
                    clears::add,
                    () -> {
                      throw failure(Kind.ACCESS_DENIED);
                    }))
        .satisfies(e -> assertThat(((AwsFailure) e).kind()).isEqualTo(Kind.ACCESS_DENIED));
    assertThat(clears).containsExactly(0);
  }

  @Test
  void anEntityAlreadyGoneIsSuccessButNotADeletion() {
    assertThat(
            AwsFailures.deleteClearingConflicts(
                3,
                attempt -> {},
                () -> {
                  throw failure(Kind.NOT_FOUND);
                }))
        .isFalse();
  }

  @Test
  void ignoringMissingSwallowsOnlyNotFound() {
    AwsFailures.ignoringMissing(
        () -> {
          throw failure(Kind.NOT_FOUND);
        });
    assertThatThrownBy(
            () ->
                AwsFailures.ignoringMissing(
                    () -> {
                      throw failure(Kind.THROTTLED);
                    }))
        .isInstanceOf(AwsFailure.class);
  }

  @Test
  void aPolicyVersionLimitIsReadAgainWhileOtherQuotasAreTerminal() {
    ReconcileFailure versions =
        AwsFailures.toReconcileFailure(
            new AwsFailure(
                Kind.LIMIT_EXCEEDED,
                "iam:CreatePolicyVersion",
                "LimitExceeded",
                "A managed policy can have up to 5 versions.",
                null));
    ReconcileFailure roles =
        AwsFailures.toReconcileFailure(
            new AwsFailure(
                Kind.LIMIT_EXCEEDED,
                "iam:CreateRole",
                "LimitExceeded",
                "Cannot exceed quota for RolesPerAccount: 1000",
                null));

    assertThat(versions.reason()).isEqualTo(Reason.AwsError);
    assertThat(versions.reason().isTerminal()).isFalse();
    assertThat(versions.getMessage()).contains("five-versions limit").contains("reading it again");
    assertThat(roles.reason()).isEqualTo(Reason.LimitExceeded);
    assertThat(roles.reason().isTerminal()).isTrue();
  }
}
