package io.xaccount.operator.iam;

/** A policy document that is not JSON or not shaped like an IAM policy. A spec error. */
public final class InvalidPolicyException extends IllegalArgumentException {

  /** Creates the exception with a message a user can act on. */
  public InvalidPolicyException(String message) {
    super(message);
  }

  /** Creates the exception with a message and the parse failure behind it. */
  public InvalidPolicyException(String message, Throwable cause) {
    super(message, cause);
  }
}
