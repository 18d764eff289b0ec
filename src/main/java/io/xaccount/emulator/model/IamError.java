package io.xaccount.emulator.model;

import java.util.Map;

/**
 * An AWS Query-protocol error: code, message, HTTP status and fault type, rendered as the real
 * {@code <ErrorResponse>}.
 */
public final class IamError extends RuntimeException {

  /** HTTP status of the error codes IAM and STS answer with; anything else is a 400. */
  private static final Map<String, Integer> STATUS =
      Map.ofEntries(
          Map.entry("NoSuchEntity", 404),
          Map.entry("EntityAlreadyExists", 409),
          Map.entry("DeleteConflict", 409),
          Map.entry("LimitExceeded", 409),
          Map.entry("ConcurrentModification", 409),
          Map.entry("AccessDenied", 403),
          Map.entry("InvalidClientTokenId", 403),
          Map.entry("MissingAuthenticationToken", 403),
          Map.entry("ServiceFailure", 500),
          Map.entry("ServiceUnavailable", 503));

  /** Messages used when a test injects a code without saying what it should read. */
  private static final Map<String, String> DEFAULT_MESSAGE =
      Map.of(
          "Throttling", "Rate exceeded",
          "ServiceFailure", "An internal error occurred. Retry your request.",
          "ServiceUnavailable", "Service Unavailable",
          "AccessDenied", "Access denied");

  private final String code;
  private final int status;

  IamError(String code, String message) {
    super(message, null, false, false);
    this.code = code;
    this.status = STATUS.getOrDefault(code, 400);
  }

  /** An error with the given code and message. */
  public static IamError of(String code, String message) {
    return new IamError(code, message);
  }

  /** An error with the given code and its usual message (used for injected faults). */
  public static IamError injected(String code) {
    return new IamError(code, DEFAULT_MESSAGE.getOrDefault(code, "Injected fault: " + code));
  }

  public static IamError noSuchEntity(String message) {
    return new IamError("NoSuchEntity", message);
  }

  public static IamError validation(String message) {
    return new IamError("ValidationError", message);
  }

  static IamError invalidInput(String message) {
    return new IamError("InvalidInput", message);
  }

  static IamError malformed(String message) {
    return new IamError("MalformedPolicyDocument", message);
  }

  public static IamError limit(String message) {
    return new IamError("LimitExceeded", message);
  }

  public static IamError conflict(String message) {
    return new IamError("DeleteConflict", message);
  }

  public static IamError exists(String message) {
    return new IamError("EntityAlreadyExists", message);
  }

  public String code() {
    return code;
  }

  public int status() {
    return status;
  }

  /** "Receiver" for server-side faults (5xx), "Sender" otherwise, as AWS reports it. */
  public String type() {
    return status >= 500 ? "Receiver" : "Sender";
  }
}
