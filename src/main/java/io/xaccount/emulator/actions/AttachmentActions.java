package io.xaccount.emulator.actions;

import io.xaccount.emulator.model.AccountState;
import io.xaccount.emulator.model.Attachments;
import io.xaccount.emulator.model.PolicyEntity;
import io.xaccount.emulator.model.Principal;
import io.xaccount.emulator.model.RoleEntity;
import io.xaccount.emulator.model.UserEntity;
import io.xaccount.emulator.wire.ActionRegistry;
import io.xaccount.emulator.wire.IamXml;
import io.xaccount.emulator.wire.Pages;
import io.xaccount.emulator.wire.QueryRequest;
import io.xaccount.emulator.wire.Xml;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The actions attaching managed policies to roles, users and groups, listing them, and
 * ListEntitiesForPolicy.
 */
public final class AttachmentActions {
  private AttachmentActions() {}

  public static void register(ActionRegistry reg) {
    kind(
        reg,
        "Role",
        "RoleName",
        AccountState::role,
        a -> a.managedPoliciesPerRole,
        "PoliciesPerRole");
    kind(
        reg,
        "User",
        "UserName",
        AccountState::user,
        a -> a.managedPoliciesPerUser,
        "PoliciesPerUser");
    // The group quota is fixed at 10 in IAM, not adjustable.
    kind(reg, "Group", "GroupName", AccountState::group, a -> 10, "PoliciesPerGroup");
    reg.result("ListEntitiesForPolicy", AttachmentActions::listEntities);
  }

  private static void kind(
      ActionRegistry reg,
      String kind,
      String nameParam,
      BiFunction<AccountState, String, Principal> lookup,
      java.util.function.ToIntFunction<AccountState> quota,
      String quotaName) {
    reg.noResult(
        "Attach" + kind + "Policy",
        r -> {
          // IAM validates the policy ARN before looking up the principal.
          PolicyEntity policy = r.account.policy(r.required("PolicyArn"));
          Principal p = lookup.apply(r.account, r.required(nameParam));
          Attachments.attach(p, policy, quota.applyAsInt(r.account), quotaName);
        });
    reg.noResult(
        "Detach" + kind + "Policy",
        r ->
            Attachments.detach(
                r.account,
                lookup.apply(r.account, r.required(nameParam)),
                r.required("PolicyArn")));
    reg.result(
        "ListAttached" + kind + "Policies",
        (r, x) -> {
          Principal p = lookup.apply(r.account, r.required(nameParam));
          String prefix = r.get("PathPrefix") == null ? "/" : r.get("PathPrefix");
          List<String> arns = new ArrayList<>();
          p.attachedPolicies.stream()
              .filter(
                  arn ->
                      a(r).findPolicy(arn) == null || a(r).findPolicy(arn).path.startsWith(prefix))
              .forEach(arns::add);
          Pages.Page<String> page = Pages.of(arns, r);
          IamXml.attached(x, "AttachedPolicies", page.items());
          page.writeTail(x);
        });
  }

  private static AccountState a(QueryRequest r) {
    return r.account;
  }

  private static void listEntities(QueryRequest r, Xml x) {
    PolicyEntity policy = r.account.policy(r.required("PolicyArn"));
    String filter = r.get("EntityFilter");
    String usage = r.get("PolicyUsageFilter");
    String prefix = r.get("PathPrefix") == null ? "/" : r.get("PathPrefix");
    List<Principal> matches = new ArrayList<>();
    for (Principal p : r.account.principals()) {
      boolean asPolicy = p.attachedPolicies.contains(policy.arn);
      boolean asBoundary = policy.arn.equals(p.boundaryArn);
      boolean used =
          "PermissionsPolicy".equals(usage)
              ? asPolicy
              : "PermissionsBoundary".equals(usage) ? asBoundary : asPolicy || asBoundary;
      if (used && p.path.startsWith(prefix) && (filter == null || filter.equals(kindOf(p)))) {
        matches.add(p);
      }
    }
    Pages.Page<Principal> page = Pages.of(matches, r);
    section(x, page.items(), "Group", "PolicyGroups");
    section(x, page.items(), "User", "PolicyUsers");
    section(x, page.items(), "Role", "PolicyRoles");
    page.writeTail(x);
  }

  private static void section(Xml x, List<Principal> items, String kind, String element) {
    x.open(element);
    for (Principal p : items) {
      if (kindOf(p).equals(kind)) {
        x.open("member").el(kind + "Name", p.name).el(kind + "Id", p.id).close("member");
      }
    }
    x.close(element);
  }

  private static String kindOf(Principal p) {
    return p instanceof RoleEntity ? "Role" : p instanceof UserEntity ? "User" : "Group";
  }
}
