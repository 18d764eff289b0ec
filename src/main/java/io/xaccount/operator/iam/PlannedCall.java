package io.xaccount.operator.iam;

import java.util.List;

/**
 * One IAM write call of a plan, as people review it: the API action, what it acts on, a one-line
 * summary and, for documents, tags and settings, only what differs ({@link PolicyDiff}).
 *
 * @param action the IAM API action, e.g. {@code PutRolePolicy}
 * @param target an ARN, or a name where the entity has no ARN
 * @param summary one line, never a secret
 * @param diff what differs, one line each; empty when the call carries no document or setting
 */
public record PlannedCall(String action, String target, String summary, List<String> diff) {

  /** Copies the list so a planned call never changes once made. */
  public PlannedCall {
    diff = List.copyOf(diff);
  }
}
