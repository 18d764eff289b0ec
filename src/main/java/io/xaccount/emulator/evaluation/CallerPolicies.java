package io.xaccount.emulator.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import io.xaccount.emulator.model.AccountState;
import io.xaccount.emulator.model.EmulatorState;
import io.xaccount.emulator.model.Identity;
import io.xaccount.emulator.model.PolicyDocuments;
import io.xaccount.emulator.model.PolicyEntity;
import io.xaccount.emulator.model.Principal;
import io.xaccount.emulator.model.UserEntity;
import java.util.ArrayList;
import java.util.List;

/**
 * The caller's own policies, grouped as IAM's evaluation logic needs them: identity-based (inline
 * and managed, of the user, its groups, or the session's role), the permissions boundary, and the
 * session policies a session was given (empty when none were).
 *
 * @param root the account's root user, whom identity-based policies do not limit
 * @param boundary the permissions boundary document, or null when the principal has none
 */
public record CallerPolicies(
    boolean root, List<JsonNode> identity, JsonNode boundary, List<JsonNode> session) {

  static final CallerPolicies ROOT = new CallerPolicies(true, List.of(), null, List.of());

  /** What the caller's entity and session carry in the emulated state right now. */
  static CallerPolicies of(EmulatorState state, Identity caller) {
    if (caller.isRoot()) {
      return ROOT;
    }
    Principal principal = state.principalById(caller.principalId());
    List<JsonNode> identity = new ArrayList<>();
    JsonNode boundary = null;
    if (principal != null) {
      AccountState account = state.accounts.get(principal.accountId);
      addPolicies(account, principal, identity);
      if (principal instanceof UserEntity user) {
        for (String g : user.groups) {
          addPolicies(account, account.groups.get(g), identity);
        }
      }
      boundary = managed(account, principal.boundaryArn);
    }
    return new CallerPolicies(false, identity, boundary, sessionPolicies(state, caller));
  }

  private static List<JsonNode> sessionPolicies(EmulatorState state, Identity caller) {
    List<JsonNode> session = new ArrayList<>();
    Identity.Session s = caller.session();
    if (s == null || (s.policy() == null && s.policyArns().isEmpty())) {
      return session;
    }
    AccountState account = state.accounts.get(caller.accountId());
    if (s.policy() != null) {
      session.add(PolicyDocuments.stored(s.policy()));
    }
    for (String arn : s.policyArns()) {
      JsonNode doc = managed(account, arn);
      if (doc != null) {
        session.add(doc);
      }
    }
    if (session.isEmpty()) {
      // Session policies were given but none could be read: they allow nothing.
      session.add(PolicyDocuments.stored("{\"Version\":\"2012-10-17\",\"Statement\":[]}"));
    }
    return session;
  }

  private static void addPolicies(AccountState account, Principal p, List<JsonNode> out) {
    if (p == null) {
      return;
    }
    p.inlinePolicies.values().forEach(doc -> out.add(PolicyDocuments.stored(doc)));
    for (String arn : p.attachedPolicies) {
      JsonNode doc = managed(account, arn);
      if (doc != null) {
        out.add(doc);
      }
    }
  }

  private static JsonNode managed(AccountState account, String arn) {
    if (arn == null || account == null) {
      return null;
    }
    PolicyEntity policy = account.findPolicy(arn);
    return policy == null ? null : PolicyDocuments.stored(policy.defaultVersion().document());
  }
}
