package io.xaccount.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Evaluates a caller's identity-based policies (inline and attached, plus its groups' for users)
 * for one action on one resource: an explicit Deny wins, otherwise some Allow must match. The root
 * user is always allowed. Statements with a Condition are not evaluated (skipped), and permissions
 * boundaries and session policies are not applied.
 */
final class IdentityPolicies {
  private IdentityPolicies() {}

  static boolean allows(EmulatorState state, Identity caller, String action, String resource) {
    if (caller.arn().equals("arn:aws:iam::" + caller.accountId() + ":root")) {
      return true;
    }
    Principal p = state.principalById(caller.principalId());
    if (p == null) {
      return false;
    }
    boolean allowed = false;
    for (String document : documents(state.accounts.get(p.accountId), p)) {
      for (JsonNode st : PolicyDocuments.statements(PolicyDocuments.parse(document))) {
        if (st.has("Condition") || !matches(st, action, resource)) {
          continue;
        }
        if (st.path("Effect").asText().equals("Deny")) {
          return false;
        }
        allowed = true;
      }
    }
    return allowed;
  }

  private static List<String> documents(AccountState a, Principal p) {
    List<String> docs = new ArrayList<>();
    add(a, p, docs);
    if (p instanceof UserEntity u) {
      u.groups.forEach(g -> add(a, a.groups.get(g), docs));
    }
    return docs;
  }

  private static void add(AccountState a, Principal p, List<String> docs) {
    docs.addAll(p.inlinePolicies.values());
    for (String arn : p.attachedPolicies) {
      PolicyEntity policy = a.findPolicy(arn);
      if (policy != null) {
        docs.add(policy.defaultVersion().document());
      }
    }
  }

  private static boolean matches(JsonNode st, String action, String resource) {
    String act = action.toLowerCase(Locale.ROOT);
    boolean actionOk =
        st.has("Action")
            ? anyGlob(st.get("Action"), act, true)
            : !anyGlob(st.get("NotAction"), act, true);
    boolean resourceOk =
        st.has("Resource")
            ? anyGlob(st.get("Resource"), resource, false)
            : !anyGlob(st.get("NotResource"), resource, false);
    return actionOk && resourceOk;
  }

  private static boolean anyGlob(JsonNode patterns, String value, boolean ignoreCase) {
    for (String pattern : PolicyDocuments.strings(patterns)) {
      String pat = ignoreCase ? pattern.toLowerCase(Locale.ROOT) : pattern;
      if (TrustEvaluator.glob(pat, value)) {
        return true;
      }
    }
    return false;
  }
}
