package io.xaccount.operator.reconciler;

/**
 * The closed vocabulary of {@code Ready} reasons, documented in the README. Terminal reasons mean
 * the spec (or something outside the operator) must change; the operator does not retry them hot.
 * Recoverable ones are retried with backoff.
 */
public enum Reason {
  Verified(false),
  Converged(false),
  Creating(false),
  Deleting(false),
  InvalidSpec(true),
  Forbidden(true),
  NameConflict(true),
  AccountMismatch(true),
  AccountNotReady(false),
  AccessDenied(false),
  SecretNotFound(false),
  Throttled(false),
  AwsError(false),
  TargetNotReady(false),
  PrincipalNotFound(false),
  LimitExceeded(true);

  private final boolean terminal;

  Reason(boolean terminal) {
    this.terminal = terminal;
  }

  /** True when retrying without a spec change cannot help. */
  public boolean isTerminal() {
    return terminal;
  }
}
