package io.xaccount.emulator.knobs;

import java.time.Instant;

/**
 * One request the emulator answered.
 *
 * @param sequence position in the log, increasing from 1 (marks refer to it)
 * @param service "iam" or "sts"
 * @param action the API action, e.g. "CreateRole"
 * @param accountId the caller's account, or null when the caller could not be identified
 * @param callerArn the caller's ARN, or null when the caller could not be identified
 * @param time when the call arrived, on the emulator's clock
 * @param errorCode the error code answered, or null on success
 * @param entity the entity the request names ({@code RoleName}, {@code UserName}, {@code
 *     GroupName}, {@code PolicyArn}, {@code PolicyName} or {@code InstanceProfileName}, the first
 *     given), or null
 */
public record Call(
    long sequence,
    String service,
    String action,
    String accountId,
    String callerArn,
    Instant time,
    String errorCode,
    String entity) {

  /** A call is a write unless its action starts with {@code Get} or {@code List}. */
  public boolean isWrite() {
    return !action.startsWith("Get") && !action.startsWith("List");
  }

  public boolean succeeded() {
    return errorCode == null;
  }
}
