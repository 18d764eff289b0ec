package io.xaccount.emulator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xaccount.emulator.EmulatorTestBase;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.Policy;
import software.amazon.awssdk.services.iam.model.PolicyScopeType;

/**
 * AWS managed policies come from AWS's own data (META-INF/xaccount/iam-data), so evaluating one
 * gives AWS's answer: over the real SDK, with paths, the full ReadOnlyAccess and what users holding
 * them may do.
 */
class AwsManagedPolicyDataTest extends EmulatorTestBase {
  private static final String VIEW_ONLY = "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess";
  private static final String READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";
  private static final String POWER_USER = "arn:aws:iam::aws:policy/PowerUserAccess";

  @Test
  void aPolicyWithAPathResolvesAndCanBeAttached() {
    IamClient iam = iam(DEV);
    Policy p = iam.getPolicy(b -> b.policyArn(VIEW_ONLY)).policy();
    assertThat(p.policyName()).isEqualTo("ViewOnlyAccess");
    assertThat(p.path()).isEqualTo("/job-function/");
    assertThat(p.policyId()).matches("ANPA[A-Z2-7]{17}");
    iam.createUser(b -> b.userName("viewer"));

    iam.attachUserPolicy(b -> b.userName("viewer").policyArn(VIEW_ONLY));

    assertThat(iam.listAttachedUserPolicies(b -> b.userName("viewer")).attachedPolicies())
        .extracting(AttachedPolicy::policyName, AttachedPolicy::policyArn)
        .containsExactly(tuple("ViewOnlyAccess", VIEW_ONLY));
    assertThat(iam.getPolicy(b -> b.policyArn(VIEW_ONLY)).policy().attachmentCount()).isEqualTo(1);
    assertThat(iam(PROD).getPolicy(b -> b.policyArn(VIEW_ONLY)).policy().attachmentCount())
        .as("attachment counts are per account")
        .isZero();
    assertThat(
            iam.listPolicies(b -> b.scope(PolicyScopeType.AWS).pathPrefix("/job-function/"))
                .policies())
        .extracting(Policy::policyName)
        .contains("ViewOnlyAccess", "Billing")
        .doesNotContain("ReadOnlyAccess");
    assertThat(iam.listEntitiesForPolicy(b -> b.policyArn(VIEW_ONLY)).policyUsers())
        .extracting(u -> u.userName())
        .containsExactly("viewer");
    JsonNode details = emu.authorizationDetails(DEV);
    assertThat(details.at("/UserDetailList/0/AttachedManagedPolicies/0/PolicyName").asText())
        .isEqualTo("ViewOnlyAccess");
    assertThat(details.at("/Policies/0/Path").asText()).isEqualTo("/job-function/");

    iam.detachUserPolicy(b -> b.userName("viewer").policyArn(VIEW_ONLY));
    assertThat(iam.getPolicy(b -> b.policyArn(VIEW_ONLY)).policy().attachmentCount()).isZero();
  }

  @Test
  void readOnlyAccessIsTheRealDocument() throws Exception {
    IamClient iam = iam(PROD);
    Policy p = iam.getPolicy(b -> b.policyArn(READ_ONLY)).policy();
    String document =
        iam.getPolicyVersion(b -> b.policyArn(READ_ONLY).versionId(p.defaultVersionId()))
            .policyVersion()
            .document();

    JsonNode doc = new ObjectMapper().readTree(decode(document));
    // The old hand-written excerpt had ~45 actions and neither of these services.
    assertThat(doc.toString()).contains("\"dynamodb:", "\"route53:");
    assertThat(doc.toString().length()).isGreaterThan(20_000);
    assertThat(p.defaultVersionId()).isNotEqualTo("v1");
  }

  @Test
  void aUserWithReadOnlyAccessReadsRolesButCannotCreateOne() {
    IamClient carol = userWith("carol", READ_ONLY);
    iam(DEV).createRole(r -> r.roleName("Existing").assumeRolePolicyDocument(trustAccount(PROD)));

    assertThat(carol.getRole(r -> r.roleName("Existing")).role().roleName()).isEqualTo("Existing");
    assertThat(
            assertAwsError(
                () ->
                    carol.createRole(
                        r -> r.roleName("New").assumeRolePolicyDocument(trustAccount(PROD))),
                "AccessDenied",
                403))
        .contains("iam:CreateRole", "because no identity-based policy allows");
  }

  @Test
  void powerUserAccessListsRolesButCannotCreateOne() {
    IamClient dave = userWith("dave", POWER_USER);

    assertThat(dave.listRoles().roles()).isEmpty();
    assertAwsError(
        () -> dave.createRole(r -> r.roleName("New").assumeRolePolicyDocument(trustAccount(PROD))),
        "AccessDenied",
        403);
    assertAwsError(() -> dave.getRole(r -> r.roleName("Any")), "AccessDenied", 403);
  }

  @Test
  void everyAwsManagedDocumentParsesAndIsServedUnchanged() {
    assertThat(AwsManagedPolicies.all()).hasSizeGreaterThan(1000);
    for (PolicyEntity p : AwsManagedPolicies.all()) {
      assertThat(p.arn).isEqualTo("arn:aws:iam::aws:policy" + p.path + p.name);
      // The evaluator reads stored documents with the emulator's own parser: none may trip it.
      PolicyDocuments.parse(p.defaultVersion().document());
    }
    assertThat(AwsManagedPolicies.find(POWER_USER).defaultVersion().document())
        .contains("\"NotAction\":[\"iam:*\",\"organizations:*\",\"account:*\"]");
  }

  private IamClient userWith(String name, String policyArn) {
    AccountState dev = emu.account(DEV);
    dev.createUser(name);
    dev.attachUserPolicy(name, policyArn);
    AwsKeys k = dev.createAccessKey(name);
    return iam(credentials(k));
  }
}
