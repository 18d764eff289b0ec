package io.xaccount.emulator.actions;

import io.xaccount.emulator.model.IamError;
import io.xaccount.emulator.model.InlinePolicies;
import io.xaccount.emulator.model.InlinePolicies.Kind;
import io.xaccount.emulator.model.Principal;
import io.xaccount.emulator.model.Validation;
import io.xaccount.emulator.wire.ActionRegistry;
import io.xaccount.emulator.wire.IamXml;
import io.xaccount.emulator.wire.Pages;
import io.xaccount.emulator.wire.QueryRequest;
import java.util.ArrayList;

/** The inline policy actions: Put, Get, List and Delete{Kind}Policy for roles, users and groups. */
public final class InlinePolicyActions {
  private InlinePolicyActions() {}

  public static void register(ActionRegistry reg) {
    for (Kind kind : InlinePolicies.KINDS) {
      register(reg, kind);
    }
  }

  private static void register(ActionRegistry reg, Kind kind) {
    String member = kind.name() + "Name";
    reg.noResult(
        "Put" + kind.name() + "Policy",
        r ->
            InlinePolicies.put(
                kind,
                kind.find().apply(r.account, r.required(member)),
                r.required("PolicyName"),
                r.required("PolicyDocument")));
    reg.result(
        "Get" + kind.name() + "Policy",
        (r, x) -> {
          Principal p = kind.find().apply(r.account, r.required(member));
          String name = policyName(r);
          x.el(member, p.name)
              .el("PolicyName", name)
              .el("PolicyDocument", IamXml.encode(document(kind, p, name)));
        });
    reg.noResult(
        "Delete" + kind.name() + "Policy",
        r -> {
          Principal p = kind.find().apply(r.account, r.required(member));
          String name = policyName(r);
          document(kind, p, name);
          p.inlinePolicies.remove(name);
        });
    reg.result(
        "List" + kind.name() + "Policies",
        (r, x) -> {
          Principal p = kind.find().apply(r.account, r.required(member));
          Pages.Page<String> page = Pages.of(new ArrayList<>(p.inlinePolicies.keySet()), r);
          IamXml.names(x, "PolicyNames", page.items());
          page.writeTail(x);
        });
  }

  private static String policyName(QueryRequest r) {
    String name = r.required("PolicyName");
    Validation.name("policyName", name, 128);
    return name;
  }

  private static String document(Kind kind, Principal p, String name) {
    String doc = p.inlinePolicies.get(name);
    if (doc == null) {
      throw IamError.noSuchEntity(
          "The " + kind.word() + " policy with name " + name + " cannot be found.");
    }
    return doc;
  }
}
