package io.xaccount.operator.reconciler;

import io.xaccount.operator.aws.AwsFailure;
import java.util.function.IntConsumer;

/** Maps AWS failures onto the Ready vocabulary, with messages a person can act on. */
public final class AwsFailures {
  private static final String CREATE_POLICY_VERSION = "iam:CreatePolicyVersion";

  private AwsFailures() {}

  public static ReconcileFailure toReconcileFailure(AwsFailure f) {
    return switch (f.kind()) {
      case THROTTLED ->
          new ReconcileFailure(
              Reason.Throttled, f.action() + " was throttled by AWS; backing off and retrying", f);
      case ACCESS_DENIED, INVALID_CREDENTIALS ->
          new ReconcileFailure(
              Reason.AccessDenied,
              "AWS denied "
                  + f.action()
                  + ": grant the operator's role this action ("
                  + f.errorCode()
                  + ": "
                  + f.getMessage()
                  + ")",
              f);
      case INVALID_INPUT ->
          new ReconcileFailure(
              Reason.InvalidSpec, f.action() + " rejected the spec: " + f.getMessage(), f);
      case LIMIT_EXCEEDED ->
          // A policy's five versions are a limit we plan around (an older version is deleted
          // first): meeting it means the policy gained a version after our read, e.g. a request
          // whose answer was lost created one and its retry met the limit. A fresh read plans
          // again, so it is retried, not terminal (found by the chaos run).
          CREATE_POLICY_VERSION.equals(f.action())
              ? new ReconcileFailure(
                  Reason.AwsError,
                  f.action()
                      + " met the five-versions limit: the policy gained a version since it was"
                      + " read; reading it again ("
                      + f.getMessage()
                      + ")",
                  f)
              : new ReconcileFailure(
                  Reason.LimitExceeded, f.action() + " hit an IAM quota: " + f.getMessage(), f);
      default ->
          new ReconcileFailure(
              Reason.AwsError,
              f.action()
                  + " failed"
                  + (f.errorCode() == null ? "" : " (" + f.errorCode() + ")")
                  + ": "
                  + f.getMessage(),
              f);
    };
  }

  /**
   * Runs a removal step; something already gone is what the step wanted, so only other failures
   * count.
   */
  public static void ignoringMissing(Runnable step) {
    try {
      step.run();
    } catch (AwsFailure f) {
      if (!f.is(AwsFailure.Kind.NOT_FOUND)) {
        throw f;
      }
    }
  }

  /**
   * IAM's deletion order: clear what blocks the delete, then delete. DeleteConflict (something was
   * attached meanwhile) clears and tries again, at most {@code retries} more times; an entity
   * already gone is success.
   *
   * @param clear removes what blocks the delete; gets the attempt number (0 first)
   * @return true when this call deleted the entity, false when it was already gone
   */
  public static boolean deleteClearingConflicts(int retries, IntConsumer clear, Runnable delete) {
    for (int attempt = 0; ; attempt++) {
      clear.accept(attempt);
      try {
        delete.run();
        return true;
      } catch (AwsFailure f) {
        if (f.is(AwsFailure.Kind.NOT_FOUND)) {
          return false;
        }
        if (!f.is(AwsFailure.Kind.DELETE_CONFLICT) || attempt >= retries) {
          throw f;
        }
      }
    }
  }
}
