package io.xaccount.emulator.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Role lifecycle as IAM enforces it: create (names, quota, the stored trust policy), reads inside
 * the read-after-create delay, delete, and the permissions boundary check. The actions that call
 * these are in {@code RoleActions}.
 */
public final class Roles {
  private Roles() {}

  public static RoleEntity create(
      AccountState a,
      String name,
      String path,
      String trust,
      String description,
      Integer maxSession,
      Map<String, String> tags) {
    Validation.name("roleName", name, 64);
    String p = Validation.path(path);
    Validation.roleDescription(description);
    Validation.maxSessionDuration(maxSession);
    Validation.tags(tags, tags);
    ObjectNode stored = storedTrust(a, trust);
    if (a.roles.containsKey(name)) {
      throw IamError.exists("Role with name " + name + " already exists.");
    }
    if (a.roles.size() >= a.rolesPerAccount) {
      throw IamError.limit("Cannot exceed quota for RolesPerAccount: " + a.rolesPerAccount);
    }
    RoleEntity r =
        new RoleEntity(a.accountId, name, p, a.state.ids.uniqueId("AROA"), a.state.now());
    r.trustPolicy = stored;
    r.description = description;
    r.maxSessionDuration = maxSession == null ? 3600 : maxSession;
    r.tags.putAll(tags);
    a.roles.put(name, r);
    a.state.principalCreated(r);
    return r;
  }

  /** Parses, size-checks and principal-rewrites a trust policy as IAM stores it. */
  public static ObjectNode storedTrust(AccountState a, String trust) {
    ObjectNode doc = PolicyDocuments.parseTrustPolicy(trust);
    if (PolicyDocuments.size(trust) > a.trustPolicySize) {
      throw IamError.limit("Cannot exceed quota for ACLSizePerRole: " + a.trustPolicySize);
    }
    TrustPrincipals.toStored(doc, a.state);
    return doc;
  }

  /** A role as reads see it: inside the read-after-create delay a new role is not found yet. */
  public static RoleEntity read(AccountState a, String name) {
    RoleEntity r = a.role(name);
    if (!visible(a, r)) {
      throw IamError.noSuchEntity("The role with name " + name + " cannot be found.");
    }
    return r;
  }

  /** Whether reads, listings included, show the role yet (the read-after-create delay). */
  public static boolean visible(AccountState a, RoleEntity r) {
    return a.state.elapsed(r.created, a.state.readAfterCreateDelay);
  }

  public static void delete(AccountState a, String name) {
    RoleEntity r = a.role(name);
    if (!r.inlinePolicies.isEmpty()) {
      throw IamError.conflict("Cannot delete entity, must delete policies first.");
    }
    if (!r.attachedPolicies.isEmpty()) {
      throw IamError.conflict("Cannot delete entity, must detach all policies first.");
    }
    if (a.instanceProfiles.values().stream().anyMatch(ip -> ip.roleNames.contains(r.name))) {
      throw IamError.conflict(
          "Cannot delete entity, must remove roles from instance profile first.");
    }
    a.roles.remove(name);
    a.state.principalDeleted(r);
  }

  /** A permissions boundary must name an existing managed policy. */
  public static String boundary(AccountState a, String arn) {
    if (a.findPolicy(arn) == null) {
      throw IamError.noSuchEntity("Scope ARN: " + arn + " does not exist or is not attachable.");
    }
    return arn;
  }
}
