package io.xaccount.emulator.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import io.xaccount.emulator.evaluation.PolicyEngine.Reach;
import io.xaccount.emulator.model.Identity;
import io.xaccount.emulator.model.PolicyDocuments;

/**
 * The Principal (or NotPrincipal) element of a resource-based policy statement: whether it names
 * the caller, and how ({@link Reach}). Values are as IAM stores them: account roots as ARNs, users
 * and roles as their unique IDs while they exist (or ARNs), role sessions as session ARNs.
 */
final class ResourcePrincipals {
  private ResourcePrincipals() {}

  /** The statement's Principal lists the caller, or its NotPrincipal does not. */
  static boolean matches(JsonNode st, Identity caller) {
    if (st.has("NotPrincipal")) {
      return listed(st.get("NotPrincipal"), caller) == Reach.NONE;
    }
    return listed(st.get("Principal"), caller) != Reach.NONE;
  }

  /** How an applying Allow statement names the caller: the widest of its values. */
  static Reach reach(JsonNode st, Identity caller) {
    // A NotPrincipal that does not list the caller grants, like "*", to everyone it leaves.
    return st.has("NotPrincipal") ? Reach.DIRECT : listed(st.get("Principal"), caller);
  }

  private static Reach listed(JsonNode principal, Identity caller) {
    if (principal == null) {
      return Reach.NONE;
    }
    if (principal.isTextual()) {
      return principal.asText().equals("*") ? Reach.DIRECT : Reach.NONE;
    }
    Reach widest = Reach.NONE;
    for (String value : PolicyDocuments.strings(principal.get("AWS"))) {
      Reach r = reachOf(value, caller);
      if (r.compareTo(widest) > 0) {
        widest = r;
      }
    }
    return widest;
  }

  private static Reach reachOf(String value, Identity caller) {
    if (value.equals("*") || value.equals(caller.arn())) {
      return Reach.DIRECT;
    }
    // A user's unique ID is the user; a session's is its role's (sessions are stored as ARNs).
    if (value.equals(caller.principalId()) || value.equals(caller.principalArn())) {
      return caller.isRoleSession() ? Reach.ROLE : Reach.DIRECT;
    }
    if (value.equals(caller.accountId())
        || value.equals("arn:aws:iam::" + caller.accountId() + ":root")) {
      return Reach.ACCOUNT;
    }
    return Reach.NONE;
  }
}
