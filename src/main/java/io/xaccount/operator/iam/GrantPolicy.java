package io.xaccount.operator.iam;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Renders the customer managed policy of an AssumeRoleGrant: it allows {@code sts:AssumeRole} on
 * exactly one role ARN (never a wildcard), and with requireMfa only for MFA-authenticated callers.
 */
public final class GrantPolicy {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private GrantPolicy() {}

  /** The grant document, or why {@code roleArn} cannot be granted. */
  public static Validated<PolicyDocument> render(String roleArn, boolean requireMfa) {
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
    if (requireMfa) {
      ObjectNode bool = NODES.objectNode().put("aws:MultiFactorAuthPresent", "true");
      statement.set("Condition", NODES.objectNode().set("Bool", bool));
    }
    ObjectNode doc = NODES.objectNode().put("Version", "2012-10-17");
    doc.set("Statement", NODES.arrayNode().add(statement));
    return Validated.valid(PolicyDocument.of(doc));
  }
}
