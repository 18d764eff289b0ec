package io.xaccount.operator.aws;

import io.xaccount.operator.aws.AwsFailure.Kind;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** Translates AWS SDK exceptions into {@link AwsFailure}s. */
final class AwsErrors {
  private static final Set<String> THROTTLING =
      Set.of(
          "Throttling",
          "ThrottlingException",
          "RequestLimitExceeded",
          "TooManyRequestsException",
          "RequestThrottled",
          "PriorRequestNotComplete");
  private static final Set<String> INVALID_CREDENTIALS =
      Set.of("InvalidClientTokenId", "ExpiredToken", "SignatureDoesNotMatch", "UnrecognizedClient");
  private static final Set<String> INVALID_INPUT =
      Set.of("MalformedPolicyDocument", "ValidationError", "InvalidInput", "UnmodifiableEntity");

  private AwsErrors() {}

  static AwsFailure translate(String action, SdkException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof AssumeRoleCredentials.SessionFailure session
          && session.getCause() instanceof SdkException cause) {
        return translate("sts:AssumeRole", cause);
      }
    }
    if (e instanceof AwsServiceException service) {
      String code =
          service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
      String message =
          service.awsErrorDetails() == null
              ? service.getMessage()
              : service.awsErrorDetails().errorMessage();
      return new AwsFailure(
          classify(code, service.statusCode(), message), action, code, message, e);
    }
    if (e instanceof SdkClientException) {
      return new AwsFailure(Kind.TRANSIENT, action, null, e.getMessage(), e);
    }
    return new AwsFailure(Kind.OTHER, action, null, e.getMessage(), e);
  }

  static Kind classify(String code, int status, String message) {
    if (code == null) {
      return status >= 500 ? Kind.TRANSIENT : Kind.OTHER;
    }
    if (THROTTLING.contains(code)) {
      return Kind.THROTTLED;
    }
    if (INVALID_CREDENTIALS.contains(code)) {
      return Kind.INVALID_CREDENTIALS;
    }
    if (code.equals("MalformedPolicyDocument")
        && message != null
        && message.contains("Invalid principal in policy")) {
      return Kind.PRINCIPAL_NOT_YET_VISIBLE;
    }
    if (INVALID_INPUT.contains(code)) {
      return Kind.INVALID_INPUT;
    }
    return switch (code) {
      case "AccessDenied", "AccessDeniedException" -> Kind.ACCESS_DENIED;
      case "NoSuchEntity" -> Kind.NOT_FOUND;
      case "EntityAlreadyExists" -> Kind.ALREADY_EXISTS;
      case "DeleteConflict" -> Kind.DELETE_CONFLICT;
      case "LimitExceeded" -> Kind.LIMIT_EXCEEDED;
      case "ServiceFailure", "ServiceUnavailable", "InternalFailure", "ConcurrentModification" ->
          Kind.TRANSIENT;
      default -> status >= 500 ? Kind.TRANSIENT : Kind.OTHER;
    };
  }
}
