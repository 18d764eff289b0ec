package io.xaccount.operator.reconciler;

/**
 * A reconcile step that could not go on, with the {@link Reason} and message for the Ready
 * condition. Terminal reasons end the reconcile with a status; recoverable ones are retried by the
 * SDK's backoff.
 */
public final class ReconcileFailure extends RuntimeException {
  private final Reason reason;

  public ReconcileFailure(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public ReconcileFailure(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
