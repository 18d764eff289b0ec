package io.xaccount.operator.iam;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The inline policy that ends every session of a role issued before an instant: a Deny of every
 * action to sessions whose {@code aws:TokenIssueTime} is earlier, as the IAM console's "Revoke
 * active sessions" writes it. STS cannot take back credentials it issued; only a deny on the role
 * stops them before they expire, and it stops every such session of the role, whoever holds it.
 */
public final class SessionRevocation {
  /** The inline policy's name (the console's own is AWSRevokeOlderSessions). */
  public static final String POLICY_NAME = "xaccount-revoke-older-sessions";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private SessionRevocation() {}

  /** True when {@code name} is this policy's, compared as IAM compares inline policy names. */
  public static boolean isReserved(String name) {
    return name != null
        && name.toLowerCase(Locale.ROOT).equals(POLICY_NAME.toLowerCase(Locale.ROOT));
  }

  /** The deny of every action to sessions issued before {@code issuedBefore}. */
  public static PolicyDocument policy(Instant issuedBefore) {
    ObjectNode statement = NODES.objectNode();
    statement.put("Sid", "RevokeSessionsIssuedBefore");
    statement.put("Effect", "Deny");
    statement.put("Action", "*");
    statement.put("Resource", "*");
    ObjectNode issued =
        NODES
            .objectNode()
            .put("aws:TokenIssueTime", issuedBefore.truncatedTo(ChronoUnit.SECONDS).toString());
    statement.set("Condition", NODES.objectNode().set("DateLessThan", issued));
    ObjectNode doc = NODES.objectNode().put("Version", "2012-10-17");
    doc.set("Statement", NODES.arrayNode().add(statement));
    return PolicyDocument.of(doc);
  }

  /** What the role's status says while the deny is in place (under 300 characters). */
  public static String warning(Instant issuedBefore) {
    return ("spec.revokeSessionsIssuedBefore: %s denies every action to every session of this"
            + " role issued before %s (sessions issued until then too), whoever holds it; remove"
            + " the field once they have expired")
        .formatted(POLICY_NAME, issuedBefore.truncatedTo(ChronoUnit.SECONDS));
  }
}
