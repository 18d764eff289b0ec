package io.xaccount.emulator.actions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.xaccount.emulator.EmulatorTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.InstanceProfile;

class RolePermissionsTest extends EmulatorTestBase {
  static final String INLINE =
      "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\"],"
          + "\"Resource\":\"*\"}}";
  IamClient iam;

  @BeforeEach
  void role() {
    iam = iam(PROD);
    iam.createRole(b -> b.roleName("R").assumeRolePolicyDocument(trustAccount(DEV)));
  }

  @Test
  void inlinePoliciesPutGetListDelete() throws Exception {
    iam.putRolePolicy(b -> b.roleName("R").policyName("s3").policyDocument(INLINE));
    var got = iam.getRolePolicy(b -> b.roleName("R").policyName("s3"));
    assertThat(got.policyDocument()).startsWith("%7B");
    assertThat(new ObjectMapper().readTree(decode(got.policyDocument())))
        .isEqualTo(new ObjectMapper().readTree(INLINE));
    assertThat(iam.listRolePolicies(b -> b.roleName("R")).policyNames()).containsExactly("s3");
    String msg = assertAwsError(() -> iam.deleteRole(b -> b.roleName("R")), "DeleteConflict", 409);
    assertThat(msg).isEqualTo("Cannot delete entity, must delete policies first.");
    iam.deleteRolePolicy(b -> b.roleName("R").policyName("s3"));
    assertAwsError(
        () -> iam.getRolePolicy(b -> b.roleName("R").policyName("s3")), "NoSuchEntity", 404);
    iam.deleteRole(b -> b.roleName("R"));
  }

  @Test
  void inlineTotalIsLimitedTo10240() {
    String big = INLINE.replace("s3:GetObject", "s3:" + "G".repeat(6000));
    iam.putRolePolicy(b -> b.roleName("R").policyName("one").policyDocument(big));
    String msg =
        assertAwsError(
            () -> iam.putRolePolicy(b -> b.roleName("R").policyName("two").policyDocument(big)),
            "LimitExceeded",
            409);
    assertThat(msg).isEqualTo("Maximum policy size of 10240 bytes exceeded for role R");
    // Replacing the same policy does not count it twice.
    iam.putRolePolicy(b -> b.roleName("R").policyName("one").policyDocument(big));
  }

  @Test
  void attachedManagedPoliciesBlockDeletionAndAreLimitedPerRole() {
    String powerUser = "arn:aws:iam::aws:policy/PowerUserAccess";
    iam.attachRolePolicy(b -> b.roleName("R").policyArn(powerUser));
    assertThat(iam.listAttachedRolePolicies(b -> b.roleName("R")).attachedPolicies())
        .extracting(p -> p.policyArn())
        .containsExactly(powerUser);
    String msg = assertAwsError(() -> iam.deleteRole(b -> b.roleName("R")), "DeleteConflict", 409);
    assertThat(msg).isEqualTo("Cannot delete entity, must detach all policies first.");

    emu.account(PROD).managedPoliciesPerRoleQuota(2);
    iam.attachRolePolicy(b -> b.roleName("R").policyArn("arn:aws:iam::aws:policy/ReadOnlyAccess"));
    msg =
        assertAwsError(
            () ->
                iam.attachRolePolicy(
                    b -> b.roleName("R").policyArn("arn:aws:iam::aws:policy/AdministratorAccess")),
            "LimitExceeded",
            409);
    assertThat(msg).isEqualTo("Cannot exceed quota for PoliciesPerRole: 2");
  }

  @Test
  void permissionsBoundaryPutShownDeleted() {
    String boundary = "arn:aws:iam::aws:policy/PowerUserAccess";
    iam.putRolePermissionsBoundary(b -> b.roleName("R").permissionsBoundary(boundary));
    assertThat(
            iam.getRole(b -> b.roleName("R")).role().permissionsBoundary().permissionsBoundaryArn())
        .isEqualTo(boundary);
    assertThat(iam.getPolicy(b -> b.policyArn(boundary)).policy().permissionsBoundaryUsageCount())
        .isEqualTo(1);
    iam.deleteRolePermissionsBoundary(b -> b.roleName("R"));
    assertThat(iam.getRole(b -> b.roleName("R")).role().permissionsBoundary()).isNull();
    assertAwsError(
        () ->
            iam.putRolePermissionsBoundary(
                b -> b.roleName("R").permissionsBoundary("arn:aws:iam::" + PROD + ":policy/None")),
        "NoSuchEntity",
        404);
  }

  @Test
  void instanceProfilesHoldOneRoleAndBlockRoleDeletion() {
    InstanceProfile ip =
        iam.createInstanceProfile(b -> b.instanceProfileName("ip").path("/x/")).instanceProfile();
    assertThat(ip.instanceProfileId()).matches("AIPA[A-Z0-9]{17}");
    assertThat(ip.arn()).isEqualTo("arn:aws:iam::" + PROD + ":instance-profile/x/ip");
    iam.addRoleToInstanceProfile(b -> b.instanceProfileName("ip").roleName("R"));
    iam.createRole(b -> b.roleName("R2").assumeRolePolicyDocument(trustAccount(DEV)));
    assertAwsError(
        () -> iam.addRoleToInstanceProfile(b -> b.instanceProfileName("ip").roleName("R2")),
        "LimitExceeded",
        409);
    assertThat(iam.listInstanceProfilesForRole(b -> b.roleName("R")).instanceProfiles())
        .singleElement()
        .satisfies(p -> assertThat(p.roles()).extracting(r -> r.roleName()).containsExactly("R"));
    assertAwsError(() -> iam.deleteRole(b -> b.roleName("R")), "DeleteConflict", 409);
    assertAwsError(
        () -> iam.deleteInstanceProfile(b -> b.instanceProfileName("ip")), "DeleteConflict", 409);
    iam.removeRoleFromInstanceProfile(b -> b.instanceProfileName("ip").roleName("R"));
    iam.deleteInstanceProfile(b -> b.instanceProfileName("ip"));
    iam.deleteRole(b -> b.roleName("R"));
    assertAwsError(
        () -> iam.deleteInstanceProfile(b -> b.instanceProfileName("ip")), "NoSuchEntity", 404);
  }

  @Test
  void unknownRoleIsNoSuchEntityEverywhere() {
    String msg = assertAwsError(() -> iam.getRole(b -> b.roleName("Nope")), "NoSuchEntity", 404);
    assertThat(msg).isEqualTo("The role with name Nope cannot be found.");
    assertAwsError(() -> iam.deleteRole(b -> b.roleName("Nope")), "NoSuchEntity", 404);
    assertAwsError(() -> iam.listRoleTags(b -> b.roleName("Nope")), "NoSuchEntity", 404);
    assertAwsError(
        () -> iam.updateAssumeRolePolicy(b -> b.roleName("Nope").policyDocument(trustAccount(DEV))),
        "NoSuchEntity",
        404);
  }
}
