package io.xaccount.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.xaccount.operator.aws.AwsFailure.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AwsErrorsTest {
  @ParameterizedTest(name = "{0} ({1}) -> {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Throttling|400|Rate exceeded|THROTTLED",
        "ServiceFailure|500|oops|TRANSIENT",
        "|503|no code|TRANSIENT",
        "AccessDenied|403|User is not authorized|ACCESS_DENIED",
        "InvalidClientTokenId|403|bad key|INVALID_CREDENTIALS",
        "ExpiredToken|400|expired|INVALID_CREDENTIALS",
        "NoSuchEntity|404|missing|NOT_FOUND",
        "EntityAlreadyExists|409|taken|ALREADY_EXISTS",
        "DeleteConflict|409|attached|DELETE_CONFLICT",
        "LimitExceeded|409|Cannot exceed quota for ACLSizePerRole: 2048|LIMIT_EXCEEDED",
        "MalformedPolicyDocument|400|Invalid principal in policy: \"AWS\":\"arn\"|"
            + "PRINCIPAL_NOT_YET_VISIBLE",
        "MalformedPolicyDocument|400|Syntax errors in policy.|INVALID_INPUT",
        "ValidationError|400|bad name|INVALID_INPUT",
        "InvalidInput|400|bad arn|INVALID_INPUT",
        "ConcurrentModification|409|busy|TRANSIENT",
        "SomethingNew|400|?|OTHER",
      })
  void classifiesIamErrors(String code, int status, String message, Kind expected) {
    assertThat(AwsErrors.classify(code, status, message)).isEqualTo(expected);
  }
}
