package io.xaccount.emulator.actions;

import static org.assertj.core.api.Assertions.assertThat;

import io.xaccount.emulator.EmulatorTestBase;
import io.xaccount.emulator.model.AccountState;
import io.xaccount.emulator.model.IamError;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.GetGroupResponse;
import software.amazon.awssdk.services.iam.model.User;

class UsersAndGroupsTest extends EmulatorTestBase {
  static final String POLICY = "arn:aws:iam::aws:policy/ReadOnlyAccess";

  @Test
  void usersAndGroupsLifecycle() {
    IamClient iam = iam(DEV);
    User alice = iam.createUser(b -> b.userName("alice").path("/people/")).user();
    assertThat(alice.arn()).isEqualTo("arn:aws:iam::" + DEV + ":user/people/alice");
    assertThat(alice.userId()).matches("AIDA[A-Z0-9]{17}");
    iam.createUser(b -> b.userName("bob"));
    assertThat(iam.getUser(b -> b.userName("ALICE")).user().userId()).isEqualTo(alice.userId());
    assertThat(iam.listUsers().users()).extracting(User::userName).containsExactly("alice", "bob");
    assertThat(iam.listUsers(b -> b.pathPrefix("/people/")).users()).hasSize(1);
    assertAwsError(() -> iam.createUser(b -> b.userName("Bob")), "EntityAlreadyExists", 409);

    var group = iam.createGroup(b -> b.groupName("developers")).group();
    assertThat(group.groupId()).matches("AGPA[A-Z0-9]{17}");
    iam.addUserToGroup(b -> b.groupName("developers").userName("alice"));
    GetGroupResponse g = iam.getGroup(b -> b.groupName("developers"));
    assertThat(g.users()).extracting(User::userName).containsExactly("alice");

    String msg =
        assertAwsError(() -> iam.deleteUser(b -> b.userName("alice")), "DeleteConflict", 409);
    assertThat(msg).contains("must remove users from group first");
    assertAwsError(() -> iam.deleteGroup(b -> b.groupName("developers")), "DeleteConflict", 409);
    iam.removeUserFromGroup(b -> b.groupName("developers").userName("alice"));

    iam.attachUserPolicy(b -> b.userName("alice").policyArn(POLICY));
    assertAwsError(() -> iam.deleteUser(b -> b.userName("alice")), "DeleteConflict", 409);
    iam.detachUserPolicy(b -> b.userName("alice").policyArn(POLICY));
    iam.attachGroupPolicy(b -> b.groupName("developers").policyArn(POLICY));
    assertAwsError(() -> iam.deleteGroup(b -> b.groupName("developers")), "DeleteConflict", 409);
    iam.detachGroupPolicy(b -> b.groupName("developers").policyArn(POLICY));

    iam.deleteUser(b -> b.userName("alice"));
    iam.deleteGroup(b -> b.groupName("developers"));
    assertAwsError(() -> iam.getUser(b -> b.userName("alice")), "NoSuchEntity", 404);
    assertAwsError(() -> iam.getGroup(b -> b.groupName("developers")), "NoSuchEntity", 404);
  }

  @Test
  void seedingHelpersShareTheApiState() {
    AccountState dev = emu.account(DEV);
    dev.createUser("alice");
    dev.createGroup("developers");
    dev.addUserToGroup("developers", "alice");
    assertThat(iam(DEV).getGroup(b -> b.groupName("developers")).users())
        .extracting(User::userName)
        .containsExactly("alice");
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> dev.createUser("bad name")))
        .isInstanceOf(IamError.class)
        .hasMessageContaining("userName");
  }

  @Test
  void userManagedPolicyQuotaIsConfigurable() {
    emu.account(DEV).createUser("alice");
    emu.account(DEV).managedPoliciesPerUserQuota(1);
    IamClient iam = iam(DEV);
    iam.attachUserPolicy(b -> b.userName("alice").policyArn(POLICY));
    String msg =
        assertAwsError(
            () ->
                iam.attachUserPolicy(
                    b -> b.userName("alice").policyArn("arn:aws:iam::aws:policy/PowerUserAccess")),
            "LimitExceeded",
            409);
    assertThat(msg).isEqualTo("Cannot exceed quota for PoliciesPerUser: 1");
  }
}
