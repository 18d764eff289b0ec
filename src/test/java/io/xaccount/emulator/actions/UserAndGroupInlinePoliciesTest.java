package io.xaccount.emulator.actions;

import static org.assertj.core.api.Assertions.assertThat;

import io.xaccount.emulator.EmulatorTestBase;
import io.xaccount.emulator.model.AccountState;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.GetAccountAuthorizationDetailsResponse;

/**
 * Inline policies of users and groups over the real SDK: written, read back URL-encoded, listed,
 * deleted, counted against IAM's quotas, evaluated with the user's other policies, and reported by
 * GetAccountAuthorizationDetails.
 */
class UserAndGroupInlinePoliciesTest extends EmulatorTestBase {
  private static final String GET_ROLE =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:GetRole\","
          + "\"Resource\":\"*\"}]}";
  private static final String LIST_ROLES =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:ListRoles\","
          + "\"Resource\":\"*\"}]}";
  private static final String DENY_GET_ROLE = GET_ROLE.replace("Allow", "Deny");

  @Test
  void userPoliciesArePutReadListedAndDeleted() {
    IamClient iam = iam(DEV);
    iam.createUser(b -> b.userName("carol"));

    iam.putUserPolicy(b -> b.userName("carol").policyName("read").policyDocument(GET_ROLE));
    iam.putUserPolicy(b -> b.userName("carol").policyName("list").policyDocument(LIST_ROLES));

    var got = iam.getUserPolicy(b -> b.userName("CAROL").policyName("read"));
    assertThat(got.userName()).isEqualTo("carol");
    assertThat(decode(got.policyDocument())).isEqualTo(GET_ROLE);
    assertThat(iam.listUserPolicies(b -> b.userName("carol")).policyNames())
        .containsExactly("read", "list");
    assertAwsError(() -> iam.deleteUser(b -> b.userName("carol")), "DeleteConflict", 409);
    iam.deleteUserPolicy(b -> b.userName("carol").policyName("read"));
    assertThat(
            assertAwsError(
                () -> iam.getUserPolicy(b -> b.userName("carol").policyName("read")),
                "NoSuchEntity",
                404))
        .isEqualTo("The user policy with name read cannot be found.");
    assertAwsError(() -> iam.listUserPolicies(b -> b.userName("nobody")), "NoSuchEntity", 404);
  }

  @Test
  void groupPoliciesArePutReadListedAndDeleted() {
    IamClient iam = iam(DEV);
    iam.createGroup(b -> b.groupName("ops"));

    iam.putGroupPolicy(b -> b.groupName("ops").policyName("read").policyDocument(GET_ROLE));

    var got = iam.getGroupPolicy(b -> b.groupName("ops").policyName("read"));
    assertThat(got.groupName()).isEqualTo("ops");
    assertThat(decode(got.policyDocument())).isEqualTo(GET_ROLE);
    assertThat(iam.listGroupPolicies(b -> b.groupName("ops")).policyNames())
        .containsExactly("read");
    assertAwsError(() -> iam.deleteGroup(b -> b.groupName("ops")), "DeleteConflict", 409);
    iam.deleteGroupPolicy(b -> b.groupName("ops").policyName("read"));
    assertThat(
            assertAwsError(
                () -> iam.deleteGroupPolicy(b -> b.groupName("ops").policyName("read")),
                "NoSuchEntity",
                404))
        .isEqualTo("The group policy with name read cannot be found.");
    iam.deleteGroup(b -> b.groupName("ops"));
  }

  @Test
  void inlineDocumentsCountAgainstTheUserAndGroupQuotas() {
    IamClient iam = iam(DEV);
    iam.createUser(b -> b.userName("carol"));
    iam.createGroup(b -> b.groupName("ops"));
    String big = GET_ROLE.replace("iam:GetRole", "iam:" + "G".repeat(2100));

    assertThat(
            assertAwsError(
                () ->
                    iam.putUserPolicy(b -> b.userName("carol").policyName("p").policyDocument(big)),
                "LimitExceeded",
                409))
        .isEqualTo("Maximum policy size of 2048 bytes exceeded for user carol");
    iam.putGroupPolicy(b -> b.groupName("ops").policyName("p").policyDocument(big));
    iam.putGroupPolicy(b -> b.groupName("ops").policyName("q").policyDocument(big));
    assertAwsError(
        () -> iam.putGroupPolicy(b -> b.groupName("ops").policyName("r").policyDocument(big)),
        "LimitExceeded",
        409);
  }

  @Test
  void inlinePoliciesOfTheUserAndItsGroupsAreEvaluated() {
    AccountState dev = emu.account(DEV);
    dev.createRole("Target", trustAccount(PROD));
    IamClient admin = iam(DEV);
    IamClient carol = iam(newUser(DEV, "carol"));
    assertAwsError(() -> carol.getRole(b -> b.roleName("Target")), "AccessDenied", 403);

    admin.putUserPolicy(b -> b.userName("carol").policyName("read").policyDocument(GET_ROLE));
    carol.getRole(b -> b.roleName("Target"));

    dev.createGroup("ops");
    dev.addUserToGroup("ops", "carol");
    admin.putGroupPolicy(b -> b.groupName("ops").policyName("list").policyDocument(LIST_ROLES));
    carol.listRoles();
    admin.putGroupPolicy(b -> b.groupName("ops").policyName("no").policyDocument(DENY_GET_ROLE));
    assertThat(assertAwsError(() -> carol.getRole(b -> b.roleName("Target")), "AccessDenied", 403))
        .endsWith("with an explicit deny in an identity-based policy");
  }

  @Test
  void authorizationDetailsListUserAndGroupPolicies() {
    IamClient iam = iam(DEV);
    iam.createUser(b -> b.userName("carol"));
    iam.createGroup(b -> b.groupName("ops"));
    iam.putUserPolicy(b -> b.userName("carol").policyName("read").policyDocument(GET_ROLE));
    iam.putGroupPolicy(b -> b.groupName("ops").policyName("list").policyDocument(LIST_ROLES));

    GetAccountAuthorizationDetailsResponse details = iam.getAccountAuthorizationDetails();

    var user = details.userDetailList().get(0).userPolicyList().get(0);
    assertThat(user.policyName()).isEqualTo("read");
    assertThat(decode(user.policyDocument())).isEqualTo(GET_ROLE);
    var group = details.groupDetailList().get(0).groupPolicyList().get(0);
    assertThat(group.policyName()).isEqualTo("list");
    assertThat(decode(group.policyDocument())).isEqualTo(LIST_ROLES);
    assertThat(emu.authorizationDetails(DEV).at("/UserDetailList/0/UserPolicyList/0/PolicyName"))
        .hasToString("\"read\"");
  }
}
