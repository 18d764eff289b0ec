package io.xaccount.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Customer managed policies: create, read, list, tag, delete. */
final class ManagedPolicies {
  /** IAM's quota on one managed policy document (whitespace not counted). */
  static final int POLICY_SIZE_QUOTA = 6144;

  private ManagedPolicies() {}

  static PolicyEntity create(
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
  static String checkedDocument(String document) {
    if (PolicyDocuments.size(document) > POLICY_SIZE_QUOTA) {
      throw IamError.limit("Cannot exceed quota for PolicySize: " + POLICY_SIZE_QUOTA);
    }
    return PolicyDocuments.compact(PolicyDocuments.parseIdentityPolicy(document));
  }

  /** A customer managed policy; AWS managed ones are read-only. */
  static PolicyEntity customer(AccountState a, String arn) {
    PolicyEntity p = a.findPolicy(arn);
    if (p == null) {
      throw IamError.noSuchEntity("Policy " + arn + " was not found.");
    }
    if (p.awsManaged) {
      throw IamError.invalidInput("Cannot modify AWS managed policy " + arn + ".");
    }
    return p;
  }

  static void register(ActionRegistry reg) {
    reg.result(
        "CreatePolicy",
        (r, x) -> {
          PolicyEntity p =
              create(
                  r.account,
                  r.required("PolicyName"),
                  r.get("Path"),
                  r.required("PolicyDocument"),
                  r.get("Description"),
                  r.tags());
          IamXml.policy(x, "Policy", p, r.account, true);
        });
    reg.result(
        "GetPolicy",
        (r, x) -> {
          PolicyEntity p = r.account.findPolicy(r.required("PolicyArn"));
          // Inside the read-after-create delay a new policy is not found yet, as a new role.
          if (p == null
              || (!p.awsManaged
                  && !r.account.state.elapsed(p.created, r.account.state.readAfterCreateDelay))) {
            throw IamError.noSuchEntity("Policy " + r.get("PolicyArn") + " was not found.");
          }
          IamXml.policy(x, "Policy", p, r.account, true);
        });
    reg.noResult("DeletePolicy", r -> delete(r.account, r.required("PolicyArn")));
    reg.result("ListPolicies", ManagedPolicies::list);
    reg.noResult(
        "TagPolicy",
        r -> {
          PolicyEntity p = customer(r.account, r.required("PolicyArn"));
          Map<String, String> merged = Tags.copy(p.tags);
          Tags.merge(merged, r.tags());
          Validation.tags(merged, r.tags());
          Tags.merge(p.tags, r.tags());
        });
    reg.noResult(
        "UntagPolicy",
        r -> {
          // One by one: keys compare without regard to case, which removeAll may not honour.
          PolicyEntity policy = customer(r.account, r.required("PolicyArn"));
          r.members("TagKeys").forEach(policy.tags::remove);
        });
    reg.result(
        "ListPolicyTags",
        (r, x) -> {
          PolicyEntity p = customer(r.account, r.required("PolicyArn"));
          Pages.Page<Map.Entry<String, String>> page =
              Pages.of(new ArrayList<>(p.tags.entrySet()), r);
          x.open("Tags");
          page.items()
              .forEach(
                  e ->
                      x.open("member")
                          .el("Key", e.getKey())
                          .el("Value", e.getValue())
                          .close("member"));
          x.close("Tags");
          page.writeTail(x);
        });
  }

  private static void delete(AccountState a, String arn) {
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

  private static void list(QueryRequest r, Xml x) {
    String scope = r.get("Scope") == null ? "All" : r.get("Scope");
    String prefix = r.get("PathPrefix") == null ? "/" : r.get("PathPrefix");
    String usage = r.get("PolicyUsageFilter");
    List<PolicyEntity> all = new ArrayList<>();
    if (!scope.equals("Local")) {
      all.addAll(AwsManagedPolicies.all());
    }
    if (!scope.equals("AWS")) {
      all.addAll(r.account.customerPolicies.values());
    }
    Map<String, Integer> attachedCounts = Attachments.counts(r.account);
    Map<String, Integer> boundaryCounts = Attachments.boundaryCounts(r.account);
    List<PolicyEntity> matches = new ArrayList<>();
    for (PolicyEntity p : all) {
      int attached = attachedCounts.getOrDefault(p.arn, 0);
      int boundary = boundaryCounts.getOrDefault(p.arn, 0);
      boolean used =
          "PermissionsPolicy".equals(usage)
              ? attached > 0
              : "PermissionsBoundary".equals(usage) ? boundary > 0 : attached + boundary > 0;
      boolean usageOk = usage == null || used;
      if (p.path.startsWith(prefix) && usageOk && (!r.bool("OnlyAttached") || attached > 0)) {
        matches.add(p);
      }
    }
    Pages.Page<PolicyEntity> page = Pages.of(matches, r);
    x.open("Policies");
    page.items().forEach(p -> IamXml.policy(x, "member", p, r.account, false));
    x.close("Policies");
    page.writeTail(x);
  }
}
