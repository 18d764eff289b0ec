package io.xaccount.operator.iam;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Renders the customer managed policy of an AssumeRoleGrant: it allows {@code sts:AssumeRole} on
 * exactly one role ARN (never a wildcard), with requireMfa only for MFA-authenticated callers, and
 * for a temporary grant only inside its window: {@code DateGreaterThan} / {@code DateLessThan} on
 * {@code aws:CurrentTime} with the literal instants (IAM allows no variables there), so IAM itself
 * ends the grant on time, whether the operator runs or not.
 */
public final class GrantPolicy {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private GrantPolicy() {}

  /** The grant document of a grant without a window, or why {@code roleArn} cannot be granted. */
  public static Validated<PolicyDocument> render(String roleArn, boolean requireMfa) {
    return render(roleArn, requireMfa, null, null);
  }

  /**
   * The grant document, or why {@code roleArn} cannot be granted.
   *
   * @param after the instant after which the grant is in effect, or null
   * @param before the instant from which it no longer is, or null
   */
  public static Validated<PolicyDocument> render(
      String roleArn, boolean requireMfa, Instant after, Instant before) {
    if (Arns.parseRole(roleArn).isEmpty()) {
      return Validated.invalid(
          List.of(
              "spec.target: \""
                  + roleArn
                  + "\" is not an IAM role ARN (arn:<partition>:iam::<account>:role/<path/><name>)"));
    }
    ObjectNode statement = NODES.objectNode();
    statement.put("Sid", "AssumeCrossAccountRole");
    statement.put("Effect", "Allow");
    statement.put("Action", "sts:AssumeRole");
    statement.put("Resource", roleArn);
    ObjectNode condition = NODES.objectNode();
    if (requireMfa) {
      condition.set("Bool", NODES.objectNode().put("aws:MultiFactorAuthPresent", "true"));
    }
    if (after != null) {
      condition.set("DateGreaterThan", currentTime(after));
    }
    if (before != null) {
      condition.set("DateLessThan", currentTime(before));
    }
    if (!condition.isEmpty()) {
      statement.set("Condition", condition);
    }
    ObjectNode doc = NODES.objectNode().put("Version", "2012-10-17");
    doc.set("Statement", NODES.arrayNode().add(statement));
    return Validated.valid(PolicyDocument.of(doc));
  }

  private static ObjectNode currentTime(Instant instant) {
    return NODES
        .objectNode()
        .put("aws:CurrentTime", instant.truncatedTo(ChronoUnit.SECONDS).toString());
  }
}
