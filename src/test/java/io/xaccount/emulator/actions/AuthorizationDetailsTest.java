package io.xaccount.emulator.actions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.xaccount.emulator.EmulatorTestBase;
import io.xaccount.emulator.model.AccountState;
import java.util.List;
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

  @Test
  void rolesPageByMarkerWithTheirPoliciesTagsBoundaryPathAndLastUse() {
    IamClient iam = iam(PROD);
    for (int i = 0; i < 5; i++) {
      int n = i;
      iam.createRole(
          r ->
              r.roleName("R" + n)
                  .path("/team/")
                  .description("role " + n)
                  .assumeRolePolicyDocument(trustAccount(PROD))
                  .permissionsBoundary("arn:aws:iam::aws:policy/PowerUserAccess")
                  .tags(t -> t.key("owner").value("o" + n)));
      iam.putRolePolicy(
          r ->
              r.roleName("R" + n)
                  .policyName("deny")
                  .policyDocument(
                      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\","
                          + "\"Action\":\"s3:*\",\"Resource\":\"*\"}]}"));
    }
    caller(PROD)
        .assumeRole(
            r -> r.roleArn("arn:aws:iam::" + PROD + ":role/team/R3").roleSessionName("alice"));

    var first = iam.getAccountAuthorizationDetails(b -> b.filter(EntityType.ROLE).maxItems(2));
    assertThat(first.isTruncated()).isTrue();
    assertThat(first.marker()).isNotBlank();
    assertThat(first.roleDetailList()).hasSize(2);
    List<RoleDetail> roles =
        iam
            .getAccountAuthorizationDetailsPaginator(b -> b.filter(EntityType.ROLE).maxItems(2))
            .roleDetailList()
            .stream()
            .toList();
    assertThat(roles)
        .extracting(RoleDetail::roleName)
        .containsExactly("R0", "R1", "R2", "R3", "R4");
    RoleDetail r3 = roles.get(3);
    assertThat(r3.path()).isEqualTo("/team/");
    assertThat(r3.arn()).isEqualTo("arn:aws:iam::" + PROD + ":role/team/R3");
    assertThat(r3.tags()).singleElement().satisfies(t -> assertThat(t.value()).isEqualTo("o3"));
    assertThat(r3.permissionsBoundary().permissionsBoundaryArn())
        .isEqualTo("arn:aws:iam::aws:policy/PowerUserAccess");
    assertThat(r3.rolePolicyList())
        .singleElement()
        .satisfies(p -> assertThat(decode(p.policyDocument())).contains("s3:*"));
    // Assuming a role is using it: when, and where STS was called.
    assertThat(r3.roleLastUsed().lastUsedDate()).isNotNull();
    assertThat(r3.roleLastUsed().region()).isEqualTo("us-east-1");
    assertThat(roles.get(0).roleLastUsed().lastUsedDate()).isNull();
    assertThat(iam.getRole(r -> r.roleName("R3")).role().roleLastUsed().region())
        .isEqualTo("us-east-1");
    // The details of a role have no description or maximum session duration: ListRoles has them.
    assertThat(iam.listRoles(r -> r.pathPrefix("/team/")).roles())
        .extracting(r -> r.description())
        .containsExactly("role 0", "role 1", "role 2", "role 3", "role 4");
  }
}
