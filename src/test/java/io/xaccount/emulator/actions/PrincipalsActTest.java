package io.xaccount.emulator.actions;

import static org.assertj.core.api.Assertions.assertThat;

import io.xaccount.emulator.EmulatorTestBase;
import io.xaccount.emulator.model.AccountState;
import io.xaccount.emulator.model.AwsKeys;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Users act as themselves: they manage their own access keys (two at most), and GetSessionToken
 * with their MFA device gives credentials that carry MFA into later calls.
 */
class PrincipalsActTest extends EmulatorTestBase {
  private static final String SELF_SERVICE =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
          + "[\"iam:*AccessKey*\"],\"Resource\":\"arn:aws:iam::*:user/${aws:username}\"}]}";

  @Test
  void aUserManagesItsOwnAccessKeysWithinIamsQuota() {
    AccountState dev = emu.account(DEV);
    dev.createUser("alice");
    dev.createUser("bob");
    dev.attachUserPolicy("alice", dev.createPolicy("self-service", SELF_SERVICE));
    AwsKeys first = dev.createAccessKey("alice");
    IamClient alice = iam(credentials(first));

    var created = alice.createAccessKey().accessKey();
    assertThat(created.userName()).isEqualTo("alice");
    assertThat(alice.listAccessKeys().accessKeyMetadata())
        .extracting(k -> k.accessKeyId())
        .containsExactly(first.accessKeyId(), created.accessKeyId());
    assertAwsError(() -> alice.createAccessKey(), "LimitExceeded", 409);
    assertAwsError(() -> alice.createAccessKey(r -> r.userName("bob")), "AccessDenied", 403);

    StsClient second =
        sts(AwsBasicCredentials.create(created.accessKeyId(), created.secretAccessKey()));
    assertThat(second.getCallerIdentity().arn()).isEqualTo("arn:aws:iam::" + DEV + ":user/alice");
    alice.deleteAccessKey(r -> r.accessKeyId(created.accessKeyId()));
    assertAwsError(() -> second.getCallerIdentity(), "InvalidClientTokenId", 403);
    assertAwsError(() -> iam(DEV).deleteUser(r -> r.userName("alice")), "DeleteConflict", 409);
  }

  @Test
  void getSessionTokenWithMfaCarriesMfaIntoAssumeRole() {
    AccountState dev = emu.account(DEV);
    dev.createUser("alice");
    String serial = dev.createVirtualMfaDevice("alice");
    String mfaTrust =
        ("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                + "\"arn:aws:iam::%s:user/alice\"},\"Action\":\"sts:AssumeRole\",\"Condition\":"
                + "{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}}]}")
            .formatted(DEV);
    String roleArn = dev.createRole("NeedsMfa", mfaTrust);
    AwsKeys keys = dev.createAccessKey("alice");
    StsClient alice = sts(credentials(keys));

    StsClient plain = sts(session(alice.getSessionToken().credentials()));
    assertAwsError(
        () -> plain.assumeRole(b -> b.roleArn(roleArn).roleSessionName("plain")),
        "AccessDenied",
        403);
    StsClient withMfa =
        sts(
            session(
                alice
                    .getSessionToken(b -> b.serialNumber(serial).tokenCode("000000"))
                    .credentials()));
    assertThat(withMfa.getCallerIdentity().arn()).isEqualTo("arn:aws:iam::" + DEV + ":user/alice");
    assertThat(
            withMfa
                .assumeRole(b -> b.roleArn(roleArn).roleSessionName("mfa"))
                .assumedRoleUser()
                .arn())
        .endsWith(":assumed-role/NeedsMfa/mfa");
  }

  @Test
  void sourceIdentityAndSessionTagsNeedTheirOwnPermissionAndFlowIntoTheSession() {
    AccountState dev = emu.account(DEV);
    String trust =
        ("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                + "\"arn:aws:iam::%s:root\"},\"Action\":[\"sts:AssumeRole\",\"sts:SetSourceIdentity\"]}]}")
            .formatted(DEV);
    String roleArn = dev.createRole("Attributed", trust);
    dev.attachRolePolicy(
        "Attributed",
        dev.createPolicy(
            "only-as-alice",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
                + "\"iam:GetRole\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":"
                + "{\"aws:SourceIdentity\":\"alice@example.com\"}}}]}"));
    StsClient root = caller(DEV);

    // The trust allows sts:SetSourceIdentity but not sts:TagSession.
    assertAwsError(
        () ->
            root.assumeRole(
                b ->
                    b.roleArn(roleArn)
                        .roleSessionName("tagged")
                        .tags(t -> t.key("team").value("a"))),
        "AccessDenied",
        403);
    var attributed =
        iam(
            session(
                root.assumeRole(
                        b ->
                            b.roleArn(roleArn)
                                .roleSessionName("alice")
                                .sourceIdentity("alice@example.com"))
                    .credentials()));
    attributed.getRole(r -> r.roleName("Attributed"));
    var anonymous =
        iam(
            session(
                root.assumeRole(b -> b.roleArn(roleArn).roleSessionName("anon")).credentials()));
    assertAwsError(() -> anonymous.getRole(r -> r.roleName("Attributed")), "AccessDenied", 403);
  }
}
