package io.xaccount.emulator.actions;

import io.xaccount.emulator.model.IamError;
import io.xaccount.emulator.model.ManagedPolicies;
import io.xaccount.emulator.model.PolicyEntity;
import io.xaccount.emulator.model.Validation;
import io.xaccount.emulator.wire.ActionRegistry;
import io.xaccount.emulator.wire.IamXml;
import io.xaccount.emulator.wire.Pages;
import java.util.ArrayList;
import java.util.regex.Pattern;

/** Versions of customer managed policies (at most five stored). */
public final class PolicyVersionActions {
  static final int MAX_VERSIONS = 5;

  private PolicyVersionActions() {}

  private static final Pattern VERSION_ID = Pattern.compile("v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?");

  static PolicyEntity.Version version(PolicyEntity p, String versionId) {
    // As IAM does: an id no version can have is a ValidationError, not NoSuchEntity.
    Validation.pattern("versionId", versionId, VERSION_ID, "v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?");
    PolicyEntity.Version v = p.versions.get(versionId);
    if (v == null) {
      throw IamError.noSuchEntity(
          "Policy " + p.arn + " version " + versionId + " does not exist or is not attachable.");
    }
    return v;
  }

  public static void register(ActionRegistry reg) {
    reg.result(
        "CreatePolicyVersion",
        (r, x) -> {
          PolicyEntity p = ManagedPolicies.customer(r.account, r.required("PolicyArn"));
          String stored = ManagedPolicies.checkedDocument(r.required("PolicyDocument"));
          if (p.versions.size() >= MAX_VERSIONS) {
            throw IamError.limit(
                "A managed policy can have up to "
                    + MAX_VERSIONS
                    + " versions. Before you create a new version, you must delete an existing"
                    + " version.");
          }
          PolicyEntity.Version v = p.addVersion(stored, r.state.now());
          if (r.bool("SetAsDefault")) {
            p.defaultVersionId = v.id();
          }
          IamXml.version(x, "PolicyVersion", p, v, false);
        });
    reg.result(
        "GetPolicyVersion",
        (r, x) -> {
          PolicyEntity p = r.account.policy(r.required("PolicyArn"));
          IamXml.version(x, "PolicyVersion", p, version(p, r.required("VersionId")), true);
        });
    reg.result(
        "ListPolicyVersions",
        (r, x) -> {
          PolicyEntity p = r.account.policy(r.required("PolicyArn"));
          // IAM lists the newest version first.
          var versions = new ArrayList<>(p.versions.values());
          java.util.Collections.reverse(versions);
          Pages.Page<PolicyEntity.Version> page = Pages.of(versions, r);
          x.open("Versions");
          page.items().forEach(v -> IamXml.version(x, "member", p, v, false));
          x.close("Versions");
          page.writeTail(x);
        });
    reg.noResult(
        "DeletePolicyVersion",
        r -> {
          PolicyEntity p = ManagedPolicies.customer(r.account, r.required("PolicyArn"));
          PolicyEntity.Version v = version(p, r.required("VersionId"));
          if (v.id().equals(p.defaultVersionId)) {
            throw IamError.conflict("Cannot delete the default version of a policy.");
          }
          p.versions.remove(v.id());
        });
    reg.noResult(
        "SetDefaultPolicyVersion",
        r -> {
          PolicyEntity p = ManagedPolicies.customer(r.account, r.required("PolicyArn"));
          p.defaultVersionId = version(p, r.required("VersionId")).id();
        });
  }
}
