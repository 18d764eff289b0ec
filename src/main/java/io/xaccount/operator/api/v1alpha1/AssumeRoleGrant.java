package io.xaccount.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Lets named users, groups or roles of the trusted account assume a role, for good or inside a time
 * window.
 */
@Group(ApiConstants.GROUP)
@Version(ApiConstants.VERSION)
@ShortNames("arg")
// Named, not derived: Fabric8 derives the plural with regular expressions in every constructor,
// and an informer builds one object per resource listed (10,000 at start-up at N=5,000).
@Plural("assumerolegrants")
@Categories(ApiConstants.CATEGORY)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Reason",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Expires",
    jsonPath = ".status.expiresAt",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Account",
    jsonPath = ".spec.accountRef",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "ARN",
    jsonPath = ".status.policyArn",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class AssumeRoleGrant extends CustomResource<AssumeRoleGrantSpec, AssumeRoleGrantStatus>
    implements Namespaced {
  /**
   * No status until the operator writes one: the API server ignores a status sent on create, and a
   * client-side empty status would make the operator's first status patch not apply.
   */
  @Override
  protected AssumeRoleGrantStatus initStatus() {
    return null;
  }

  // Overridden for their descriptions only: `kubectl explain assumerolegrant.spec` reads them.
  @Override
  @JsonPropertyDescription(
      "Which users, groups or roles of the trusted account (accountRef) may call"
          + " sts:AssumeRole on which role (target), optionally only with MFA and inside a time"
          + " window.")
  public AssumeRoleGrantSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "Written by the operator only: the target role's ARN, the managed policy that carries"
          + " the grant, the Switch Role link, the phase of its window, and Ready.")
  public AssumeRoleGrantStatus getStatus() {
    return super.getStatus();
  }
}
