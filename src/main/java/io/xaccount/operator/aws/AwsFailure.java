package io.xaccount.operator.aws;

/**
 * An AWS call that failed, classified so that callers can tell spec errors from transient ones
 * without looking at SDK types.
 */
public final class AwsFailure extends RuntimeException {
  /** What kind of failure this is; decides terminal vs recoverable upstream. */
  public enum Kind {
    THROTTLED,
    TRANSIENT,
    ACCESS_DENIED,
    INVALID_CREDENTIALS,
    NOT_FOUND,
    ALREADY_EXISTS,
    DELETE_CONFLICT,
    LIMIT_EXCEEDED,
    INVALID_INPUT,
    /** IAM cannot see a principal yet ("Invalid principal in policy"): eventual consistency. */
    PRINCIPAL_NOT_YET_VISIBLE,
    OTHER
  }

  private final Kind kind;
  private final String action;
  private final String errorCode;

  public AwsFailure(Kind kind, String action, String errorCode, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.action = action;
    this.errorCode = errorCode;
  }

  public Kind kind() {
    return kind;
  }

  /** The AWS API action that failed, e.g. {@code iam:CreateRole}. */
  public String action() {
    return action;
  }

  /** The AWS error code, e.g. {@code NoSuchEntity}; null for client-side failures. */
  public String errorCode() {
    return errorCode;
  }

  public boolean is(Kind k) {
    return kind == k;
  }
}
