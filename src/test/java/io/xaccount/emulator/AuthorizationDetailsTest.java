package io.xaccount.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityType;
import software.amazon.awssdk.services.iam.model.GetAccountAuthorizationDetailsResponse;
import software.amazon.awssdk.services.iam.model.RoleDetail;

class AuthorizationDetailsTest extends EmulatorTestBase {

  @Test
  void detailsListEntitiesWithPoliciesOverTheApiAndAsCliJson() {
    AccountState prod = emu.account(PROD);
    prod.createUser("alice");
    prod.createGroup("ops");
    prod.addUserToGroup("ops", "alice");
    prod.createRole("CrossAccountSignin", trustAccount(DEV));
    prod.attachRolePolicy("CrossAccountSignin", "arn:aws:iam::aws:policy/PowerUserAccess");
    IamClient iam = iam(PROD);

    GetAccountAuthorizationDetailsResponse all = iam.getAccountAuthorizationDetails();
    assertThat(all.userDetailList())
        .singleElement()
        .satisfies(u -> assertThat(u.groupList()).containsExactly("ops"));
    assertThat(all.groupDetailList()).hasSize(1);
    RoleDetail role = all.roleDetailList().get(0);
    assertThat(role.attachedManagedPolicies())
        .extracting(p -> p.policyName())
        .containsExactly("PowerUserAccess");
    assertThat(decode(role.assumeRolePolicyDocument())).contains("arn:aws:iam::" + DEV + ":root");
    // Only AWS managed policies in use are listed.
    assertThat(all.policies()).extracting(p -> p.policyName()).containsExactly("PowerUserAccess");
    assertThat(all.policies().get(0).policyVersionList()).hasSize(1);

    var roles = iam.getAccountAuthorizationDetails(b -> b.filter(EntityType.ROLE));
    assertThat(roles.userDetailList()).isEmpty();
    assertThat(roles.roleDetailList()).hasSize(1);
    var page = iam.getAccountAuthorizationDetails(b -> b.maxItems(2));
    assertThat(page.isTruncated()).isTrue();
    assertThat(iam.getAccountAuthorizationDetailsPaginator(b -> b.maxItems(1)).stream().count())
        .isEqualTo(4);

    JsonNode json = emu.authorizationDetails(PROD);
    assertThat(
            json.at("/RoleDetailList/0/AssumeRolePolicyDocument/Statement/0/Principal/AWS")
                .asText())
        .isEqualTo("arn:aws:iam::" + DEV + ":root");
    assertThat(json.at("/RoleDetailList/0/CreateDate").asText())
        .isEqualTo("2026-01-01T00:00:00+00:00");
    assertThat(json.at("/Policies/0/PolicyVersionList/0/Document/Statement/0/NotAction/0").asText())
        .isEqualTo("iam:*");
    assertThat(json.at("/UserDetailList/0/GroupList/0").asText()).isEqualTo("ops");
  }
}
