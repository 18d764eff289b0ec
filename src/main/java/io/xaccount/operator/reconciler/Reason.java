package io.xaccount.operator.reconciler;

/**
 * The closed vocabulary of {@code Ready} reasons, documented in the README. Terminal reasons mean
 * the spec (or something outside the operator) must change; the operator does not retry them hot.
 * Recoverable ones are retried with backoff. {@code Verified}, {@code Converged}, {@code
 * Scheduled}, {@code Expired}, {@code Planned}, {@code InSync} and {@code Drifted} go with {@code
 * Ready=True}: settled states, not failures.
 */
public enum Reason {
  Verified(false),
  Converged(false),
  /** AssumeRoleGrant: its statement is in IAM, which denies it until spec.notBefore. */
  Scheduled(false),
  /** AssumeRoleGrant: its window ran out (or it was revoked) and its statement was removed. */
  Expired(false),
  /** managementPolicy Plan: status.plannedChanges lists the writes Manage would make. */
  Planned(false),
  /** managementPolicy Plan or Observe: IAM matches the spec, Manage would write nothing. */
  InSync(false),
  /** managementPolicy Observe: IAM differs from the spec, as status.plannedChanges says. */
  Drifted(false),
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
