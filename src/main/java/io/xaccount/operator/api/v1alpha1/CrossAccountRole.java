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

/** An IAM role in the trusting account that principals of trusted accounts may assume. */
@Group(ApiConstants.GROUP)
@Version(ApiConstants.VERSION)
@ShortNames("xar")
// Named, not derived: Fabric8 derives the plural with regular expressions in every constructor,
// and an informer builds one object per resource listed (10,000 at start-up at N=5,000).
@Plural("crossaccountroles")
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
    name = "Account",
    jsonPath = ".spec.accountRef",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "ARN",
    jsonPath = ".status.roleArn",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class CrossAccountRole extends CustomResource<CrossAccountRoleSpec, CrossAccountRoleStatus>
    implements Namespaced {
  /**
   * No status until the operator writes one: the API server ignores a status sent on create, and a
   * client-side empty status would make the operator's first status patch not apply.
   */
  @Override
  protected CrossAccountRoleStatus initStatus() {
    return null;
  }

  // Overridden for their descriptions only: `kubectl explain crossaccountrole.spec` reads them.
  @Override
  @JsonPropertyDescription(
      "The IAM role in the trusting account (accountRef) and who may assume it: its trust,"
          + " the policies it carries, its console settings and what happens to it when this"
          + " resource is deleted.")
  public CrossAccountRoleSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "Written by the operator only: the role's ARN and ID as IAM reports them, the"
          + " console's Switch Role link, the rendered trust policy, who can reach the role,"
          + " warnings, and Ready.")
  public CrossAccountRoleStatus getStatus() {
    return super.getStatus();
  }
}
