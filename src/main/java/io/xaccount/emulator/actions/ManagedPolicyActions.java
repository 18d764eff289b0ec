package io.xaccount.emulator.actions;

import io.xaccount.emulator.model.Attachments;
import io.xaccount.emulator.model.AwsManagedPolicies;
import io.xaccount.emulator.model.IamError;
import io.xaccount.emulator.model.ManagedPolicies;
import io.xaccount.emulator.model.PolicyEntity;
import io.xaccount.emulator.model.Tags;
import io.xaccount.emulator.model.Validation;
import io.xaccount.emulator.wire.ActionRegistry;
import io.xaccount.emulator.wire.IamXml;
import io.xaccount.emulator.wire.Pages;
import io.xaccount.emulator.wire.QueryRequest;
import io.xaccount.emulator.wire.Xml;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The customer managed policy actions: create, read, list, tag, delete. */
public final class ManagedPolicyActions {
  private ManagedPolicyActions() {}

  public static void register(ActionRegistry reg) {
    reg.result(
        "CreatePolicy",
        (r, x) -> {
          PolicyEntity p =
              ManagedPolicies.create(
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
    reg.noResult("DeletePolicy", r -> ManagedPolicies.delete(r.account, r.required("PolicyArn")));
    reg.result("ListPolicies", ManagedPolicyActions::list);
    reg.noResult(
        "TagPolicy",
        r -> {
          PolicyEntity p = ManagedPolicies.customer(r.account, r.required("PolicyArn"));
          Map<String, String> merged = Tags.copy(p.tags);
          Tags.merge(merged, r.tags());
          Validation.tags(merged, r.tags());
          Tags.merge(p.tags, r.tags());
        });
    reg.noResult(
        "UntagPolicy",
        r -> {
          // One by one: keys compare without regard to case, which removeAll may not honour.
          PolicyEntity policy = ManagedPolicies.customer(r.account, r.required("PolicyArn"));
          r.members("TagKeys").forEach(policy.tags::remove);
        });
    reg.result(
        "ListPolicyTags",
        (r, x) -> {
          PolicyEntity p = ManagedPolicies.customer(r.account, r.required("PolicyArn"));
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
