package io.xaccount.emulator.model;

import java.util.Map;

/** Customer managed policies: create (size and count quotas), look up for change, delete. */
public final class ManagedPolicies {
  /** IAM's quota on one managed policy document (whitespace not counted). */
  static final int POLICY_SIZE_QUOTA = 6144;

  private ManagedPolicies() {}

  public static PolicyEntity create(
      AccountState a,
      String name,
      String path,
      String document,
      String description,
      Map<String, String> tags) {
    Validation.name("policyName", name, 128);
    String p = Validation.policyPath(path);
    if (description != null) {
      Validation.length("description", description, 0, 1000);
    }
    Validation.tags(tags, tags);
    String stored = checkedDocument(document);
    if (a.customerPolicies.containsKey(name)) {
      throw IamError.exists(
          "A policy called " + name + " already exists. Duplicate names are not allowed.");
    }
    if (a.customerPolicies.size() >= a.customerPoliciesPerAccount) {
      throw IamError.limit(
          "Cannot exceed quota for PoliciesPerAccount: " + a.customerPoliciesPerAccount);
    }
    String arn = "arn:aws:iam::" + a.accountId + ":policy" + p + name;
    PolicyEntity policy =
        new PolicyEntity(
            arn, name, p, a.state.ids.uniqueId("ANPA"), a.state.now(), description, false);
    policy.defaultVersionId = policy.addVersion(stored, policy.created).id();
    policy.tags.putAll(tags);
    a.customerPolicies.put(name, policy);
    return policy;
  }

  /** Parses and size-checks a managed policy document; returns its stored (compact) form. */
  public static String checkedDocument(String document) {
    if (PolicyDocuments.size(document) > POLICY_SIZE_QUOTA) {
      throw IamError.limit("Cannot exceed quota for PolicySize: " + POLICY_SIZE_QUOTA);
    }
    return PolicyDocuments.compact(PolicyDocuments.parseIdentityPolicy(document));
  }

  /** A customer managed policy; AWS managed ones are read-only. */
  public static PolicyEntity customer(AccountState a, String arn) {
    PolicyEntity p = a.findPolicy(arn);
    if (p == null) {
      throw IamError.noSuchEntity("Policy " + arn + " was not found.");
    }
    if (p.awsManaged) {
      throw IamError.invalidInput("Cannot modify AWS managed policy " + arn + ".");
    }
    return p;
  }

  public static void delete(AccountState a, String arn) {
    PolicyEntity p = customer(a, arn);
    if (Attachments.count(a, arn) > 0 || Attachments.boundaryCount(a, arn) > 0) {
      throw IamError.conflict("Cannot delete a policy attached to entities.");
    }
    if (p.versions.size() > 1) {
      throw IamError.conflict(
          "This policy has more than one version. Before you delete a policy, you must delete"
              + " the policy's versions. The default version is deleted with the policy.");
    }
    a.customerPolicies.remove(p.name);
  }
}
