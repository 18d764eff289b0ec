package io.xaccount.emulator.actions;

import static org.assertj.core.api.Assertions.assertThat;

import io.xaccount.emulator.EmulatorTestBase;
import io.xaccount.emulator.model.AccountState;
import io.xaccount.emulator.model.AwsKeys;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

class StsTest extends EmulatorTestBase {

  @Test
  void getCallerIdentityOfAdminIsTheAccountRoot() {
    GetCallerIdentityResponse id = sts(DEV).getCallerIdentity();
    assertThat(id.account()).isEqualTo(DEV);
    assertThat(id.arn()).isEqualTo("arn:aws:iam::" + DEV + ":root");
    assertThat(id.userId()).isEqualTo(DEV);
  }

  @Test
  void assumeRoleAcrossAccountsYieldsSessionIdentityInTheRoleAccount() {
    String roleArn = emu.account(PROD).createRole("CrossAccountSignin", trustAccount(DEV));

    AssumeRoleResponse r =
        caller(DEV)
            .assumeRole(b -> b.roleArn(roleArn).roleSessionName("alice").durationSeconds(900));

    assertThat(r.credentials().accessKeyId()).startsWith("ASIA").hasSize(20);
    assertThat(r.credentials().sessionToken()).isNotBlank();
    assertThat(r.credentials().expiration()).isEqualTo(clock.instant().plusSeconds(900));
    String sessionArn = "arn:aws:sts::" + PROD + ":assumed-role/CrossAccountSignin/alice";
    assertThat(r.assumedRoleUser().arn()).isEqualTo(sessionArn);
    assertThat(r.assumedRoleUser().assumedRoleId()).matches("AROA[A-Z0-9]{17}:alice");

    GetCallerIdentityResponse id = sts(session(r.credentials())).getCallerIdentity();
    assertThat(id.account()).isEqualTo(PROD);
    assertThat(id.arn()).isEqualTo(sessionArn);
    assertThat(id.userId()).isEqualTo(r.assumedRoleUser().assumedRoleId());
  }

  @Test
  void assumeRoleIsDeniedWhenTrustDoesNotNameTheCaller() {
    String roleArn = emu.account(PROD).createRole("Other", trustAccount("999999999999"));

    String message =
        assertAwsError(
            () -> caller(DEV).assumeRole(b -> b.roleArn(roleArn).roleSessionName("s1")),
            "AccessDenied",
            403);

    assertThat(message)
        .isEqualTo(
            "User: arn:aws:iam::"
                + DEV
                + ":user/caller is not authorized to perform: sts:AssumeRole on resource: "
                + roleArn);
  }

  @Test
  void rootCredentialsCannotAssumeRoles() {
    String roleArn = emu.account(PROD).createRole("ForRoot", trustAccount(DEV));
    assertThat(
            assertAwsError(
                () -> sts(DEV).assumeRole(b -> b.roleArn(roleArn).roleSessionName("root")),
                "AccessDenied",
                403))
        .isEqualTo("Roles may not be assumed by root accounts.");
  }

  @Test
  void assumeRoleOfMissingRoleIsAccessDenied() {
    assertAwsError(
        () ->
            caller(DEV)
                .assumeRole(
                    b -> b.roleArn("arn:aws:iam::" + PROD + ":role/Nope").roleSessionName("s1")),
        "AccessDenied",
        403);
  }

  @Test
  void externalIdConditionIsEnforced() {
    String trust =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
            + "{\"AWS\":\"arn:aws:iam::"
            + DEV
            + ":root\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":"
            + "{\"sts:ExternalId\":\"s3cr3t-id\"}}}]}";
    String roleArn = emu.account(PROD).createRole("ThirdParty", trust);

    assertAwsError(
        () -> caller(DEV).assumeRole(b -> b.roleArn(roleArn).roleSessionName("s1")),
        "AccessDenied",
        403);
    assertAwsError(
        () ->
            caller(DEV)
                .assumeRole(b -> b.roleArn(roleArn).roleSessionName("s1").externalId("wrong")),
        "AccessDenied",
        403);
    assertThat(
            caller(DEV)
                .assumeRole(b -> b.roleArn(roleArn).roleSessionName("s1").externalId("s3cr3t-id"))
                .credentials())
        .isNotNull();
  }

  @Test
  void crossAccountUserNeedsBothTrustAndAnIdentityGrant() {
    AccountState dev = emu.account(DEV);
    String aliceArn = dev.createUser("alice");
    dev.createUser("bob");
    dev.createUser("carol");
    String roleArn = emu.account(PROD).createRole("CrossAccountSignin", trustAccount(DEV));
    String forAlice = emu.account(PROD).createRole("ForAlice", trustAccount(aliceArn));
    String grant =
        dev.createPolicy(
            "AssumeCrossAccountSignin",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":\"sts:AssumeRole\",\"Resource\":[\""
                + roleArn
                + "\",\""
                + forAlice
                + "\"]}]}");
    dev.createGroup("developers");
    dev.addUserToGroup("developers", "alice");
    dev.addUserToGroup("developers", "bob");
    dev.attachGroupPolicy("developers", grant);
    var alice = sts(basic(dev.createAccessKey("alice")));
    var bob = sts(basic(dev.createAccessKey("bob")));
    var carol = sts(basic(dev.createAccessKey("carol")));

    assertThat(
            alice
                .assumeRole(b -> b.roleArn(roleArn).roleSessionName("alice"))
                .assumedRoleUser()
                .arn())
        .endsWith(":assumed-role/CrossAccountSignin/alice");
    assertThat(alice.assumeRole(b -> b.roleArn(forAlice).roleSessionName("alice")).credentials())
        .isNotNull();
    // The trust names only alice, although bob holds the grant too.
    assertAwsError(
        () -> bob.assumeRole(b -> b.roleArn(forAlice).roleSessionName("bob")), "AccessDenied", 403);
    // The trust names carol's account, but carol holds no grant.
    String msg =
        assertAwsError(
            () -> carol.assumeRole(b -> b.roleArn(roleArn).roleSessionName("carol")),
            "AccessDenied",
            403);
    assertThat(msg)
        .isEqualTo(
            "User: arn:aws:iam::"
                + DEV
                + ":user/carol is not authorized to perform: sts:AssumeRole on resource: "
                + roleArn);
    emu.setAuthorization(false);
    carol.assumeRole(b -> b.roleArn(roleArn).roleSessionName("carol"));
  }

  @Test
  void roleSessionsCanChainWithinOneHour() {
    AccountState prod = emu.account(PROD);
    String first = prod.createRole("First", trustAccount(DEV));
    prod.attachRolePolicy("First", "arn:aws:iam::aws:policy/PowerUserAccess");
    String second = prod.createRole("Second", trustAccount(first));
    var creds = caller(DEV).assumeRole(b -> b.roleArn(first).roleSessionName("one")).credentials();
    var chained = sts(session(creds));

    assertAwsError(
        () ->
            chained.assumeRole(b -> b.roleArn(second).roleSessionName("two").durationSeconds(7200)),
        "ValidationError",
        400);
    assertThat(
            chained
                .assumeRole(b -> b.roleArn(second).roleSessionName("two"))
                .assumedRoleUser()
                .arn())
        .isEqualTo("arn:aws:sts::" + PROD + ":assumed-role/Second/two");
  }

  private static AwsBasicCredentials basic(AwsKeys k) {
    return AwsBasicCredentials.create(k.accessKeyId(), k.secretAccessKey());
  }

  @Test
  void durationBeyondRoleMaximumIsValidationError() {
    String roleArn = emu.account(PROD).createRole("Short", trustAccount(DEV));
    assertAwsError(
        () ->
            caller(DEV)
                .assumeRole(b -> b.roleArn(roleArn).roleSessionName("s1").durationSeconds(7200)),
        "ValidationError",
        400);
  }

  @Test
  void unknownKeyIsInvalidClientTokenId() {
    assertAwsError(
        () -> sts(AwsBasicCredentials.create("AKIAUNKNOWN000000000", "x")).getCallerIdentity(),
        "InvalidClientTokenId",
        403);
  }

  @Test
  void expiredSessionCredentialsAreRejected() {
    String roleArn = emu.account(PROD).createRole("R", trustAccount(DEV));
    var creds = caller(DEV).assumeRole(b -> b.roleArn(roleArn).roleSessionName("s1")).credentials();
    clock.advance(Duration.ofSeconds(3601));

    assertAwsError(() -> sts(session(creds)).getCallerIdentity(), "ExpiredToken", 400);
  }
}
