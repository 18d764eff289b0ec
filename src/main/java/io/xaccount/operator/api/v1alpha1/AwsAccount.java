package io.xaccount.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** An AWS account the operator may act in (cluster-scoped). */
@Group(ApiConstants.GROUP)
@Version(ApiConstants.VERSION)
@ShortNames("awsacct")
// Named, not derived: Fabric8 derives the plural with regular expressions in every constructor,
// and an informer builds one object per resource listed (10,000 at start-up at N=5,000).
@Plural("awsaccounts")
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
    jsonPath = ".spec.accountId",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "ARN",
    jsonPath = ".status.callerArn",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class AwsAccount extends CustomResource<AwsAccountSpec, AwsAccountStatus> {
  /**
   * No status until the operator writes one: the API server ignores a status sent on create, and a
   * client-side empty status would make the operator's first status patch not apply.
   */
  @Override
  protected AwsAccountStatus initStatus() {
    return null;
  }

  // Overridden for their descriptions only: `kubectl explain awsaccount.spec` reads them.
  @Override
  @JsonPropertyDescription(
      "Where the operator acts and who may ask it to: the account ID, how the operator"
          + " obtains credentials in it, which namespaces may target it, the guardrails every role"
          + " and grant there must satisfy, and which existing IAM entities may be adopted.")
  public AwsAccountSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "Written by the operator only: whether the credentials act in the declared account"
          + " (Ready, reason Verified), the caller's ARN, and what the account's roles and grants"
          + " use.")
  public AwsAccountStatus getStatus() {
    return super.getStatus();
  }
}
