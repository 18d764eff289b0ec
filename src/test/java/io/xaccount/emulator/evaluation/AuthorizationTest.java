package io.xaccount.emulator.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.xaccount.emulator.EmulatorTestBase;
import io.xaccount.emulator.model.AccountState;
import io.xaccount.emulator.model.AwsKeys;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Every call is authorized for its caller over the real SDK, with AWS's AccessDenied messages:
 * identity policies of users, groups and role sessions, explicit denies, permissions boundaries,
 * session policies, tag-on-create, the shipped deploy/iam ownership conditions, and the two halves
 * of a cross-account AssumeRole with and without MFA.
 */
class AuthorizationTest extends EmulatorTestBase {
  private static final String ALLOW_ROLES =
      policy(
          "{\"Effect\":\"Allow\",\"Action\":\"iam:*Role*\",\"Resource\":\"arn:aws:iam::*:role/*\"}");

  @Test
  void noIdentityPolicyMeansAccessDeniedInAwsWords() {
    IamClient carol = user(DEV, "carol");
    String message =
        assertAwsError(
            () ->
                carol.createRole(r -> r.roleName("X").assumeRolePolicyDocument(trustAccount(PROD))),
            "AccessDenied",
            403);
    assertThat(message)
        .isEqualTo(
            "User: arn:aws:iam::%s:user/carol is not authorized to perform: iam:CreateRole on"
                    .formatted(DEV)
                + " resource: arn:aws:iam::%s:role/X because no identity-based policy allows the"
                    .formatted(DEV)
                + " iam:CreateRole action");
    assertThat(emu.account(DEV).roleNames()).doesNotContain("X");
  }

  @Test
  void anAllowInTheUsersOrAGroupsPolicyIsEnoughAndAnExplicitDenyWins() {
    AccountState dev = emu.account(DEV);
    dev.createGroup("builders");
    IamClient carol = user(DEV, "carol");
    dev.addUserToGroup("builders", "carol");
    dev.attachGroupPolicy("builders", dev.createPolicy("roles", ALLOW_ROLES));

    carol.createRole(r -> r.roleName("Built").assumeRolePolicyDocument(trustAccount(PROD)));

    dev.attachUserPolicy(
        "carol",
        dev.createPolicy(
            "no-delete",
            policy("{\"Effect\":\"Deny\",\"Action\":\"iam:DeleteRole\",\"Resource\":\"*\"}")));
    assertThat(
            assertAwsError(() -> carol.deleteRole(r -> r.roleName("Built")), "AccessDenied", 403))
        .endsWith(
            "on resource: arn:aws:iam::%s:role/Built with an explicit deny in an identity-based policy"
                .formatted(DEV));
    assertThat(dev.roleNames()).contains("Built");
  }

  @Test
  void aPermissionsBoundaryLimitsAndNeverGrants() {
    AccountState dev = emu.account(DEV);
    String boundary =
        dev.createPolicy(
            "read-only",
            policy("{\"Effect\":\"Allow\",\"Action\":\"iam:Get*\",\"Resource\":\"*\"}"));
    iam(DEV).createUser(r -> r.userName("carol").permissionsBoundary(boundary));
    dev.attachUserPolicy("carol", "arn:aws:iam::aws:policy/AdministratorAccess");
    AwsKeys k = dev.createAccessKey("carol");
    IamClient carol = iam(credentials(k));

    carol.getUser(r -> r.userName("carol"));
    assertThat(
            assertAwsError(
                () ->
                    carol.createRole(
                        r -> r.roleName("Y").assumeRolePolicyDocument(trustAccount(PROD))),
                "AccessDenied",
                403))
        .endsWith("because no permissions boundary allows the iam:CreateRole action");
  }

  @Test
  void tagsOnCreateNeedTheTagActionToo() {
    AccountState dev = emu.account(DEV);
    IamClient carol = user(DEV, "carol");
    dev.attachUserPolicy(
        "carol",
        dev.createPolicy(
            "create-only",
            policy("{\"Effect\":\"Allow\",\"Action\":\"iam:CreateRole\",\"Resource\":\"*\"}")));

    carol.createRole(r -> r.roleName("Plain").assumeRolePolicyDocument(trustAccount(PROD)));
    assertThat(
            assertAwsError(
                () ->
                    carol.createRole(
                        r ->
                            r.roleName("Tagged")
                                .assumeRolePolicyDocument(trustAccount(PROD))
                                .tags(Tag.builder().key("team").value("a").build())),
                "AccessDenied",
                403))
        .contains("perform: iam:TagRole on resource: arn:aws:iam::%s:role/Tagged".formatted(DEV));
    assertThat(dev.roleNames()).containsExactly("Plain");
  }

  @Test
  void aSessionPolicyNarrowsTheRoleSession() {
    AccountState prod = emu.account(PROD);
    String roleArn = prod.createRole("Narrowed", trustAccount(DEV));
    prod.attachRolePolicy("Narrowed", "arn:aws:iam::aws:policy/AdministratorAccess");
    var creds =
        caller(DEV)
            .assumeRole(
                b ->
                    b.roleArn(roleArn)
                        .roleSessionName("narrow")
                        .policy(
                            policy(
                                "{\"Effect\":\"Allow\",\"Action\":\"iam:GetRole\",\"Resource\":\"*\"}")))
            .credentials();
    IamClient session = iam(session(creds));

    session.getRole(r -> r.roleName("Narrowed"));
    assertThat(assertAwsError(() -> session.listRoles(), "AccessDenied", 403))
        .isEqualTo(
            ("User: arn:aws:sts::%s:assumed-role/Narrowed/narrow is not authorized to perform:"
                    + " iam:ListRoles on resource: arn:aws:iam::%s:role/ because no session policy"
                    + " allows the iam:ListRoles action")
                .formatted(PROD, PROD));
  }

  @Test
  void aMalformedSessionPolicyIsRefusedWhenTheSessionIsAskedFor() {
    String roleArn = emu.account(PROD).createRole("Sessions", trustAccount(DEV));
    assertAwsError(
        () ->
            caller(DEV)
                .assumeRole(
                    b ->
                        b.roleArn(roleArn)
                            .roleSessionName("bad")
                            .policy(
                                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
                                    + "\"Allow\",\"Action\":\"GetRole\",\"Resource\":\"*\"}]}")),
        "MalformedPolicyDocument",
        400);
  }

  @Test
  void policyVariablesScopeSelfService() {
    AccountState dev = emu.account(DEV);
    IamClient carol = user(DEV, "carol");
    user(DEV, "dave");
    dev.attachUserPolicy(
        "carol",
        dev.createPolicy(
            "self",
            policy(
                "{\"Effect\":\"Allow\",\"Action\":\"iam:GetUser\","
                    + "\"Resource\":\"arn:aws:iam::*:user/${aws:username}\"}")));

    carol.getUser(r -> r.userName("carol"));
    assertAwsError(() -> carol.getUser(r -> r.userName("dave")), "AccessDenied", 403);
  }

  @Test
  void theShippedTrustingPolicyOnlyTouchesRolesTaggedAsOurs() {
    AccountState prod = emu.account(PROD);
    String operatorRole = prod.createRole("xaccount-operator", trustAccount(DEV));
    prod.attachRolePolicy(
        "xaccount-operator", prod.createPolicy("trusting", deployIam("trusting-account-policy")));
    prod.createRole("Foreign", trustAccount(DEV));
    IamClient operator =
        iam(
            session(
                caller(DEV)
                    .assumeRole(b -> b.roleArn(operatorRole).roleSessionName("op"))
                    .credentials()));
    Tag ours = Tag.builder().key("xaccount.io/managed-by").value("xaccount-operator").build();

    assertThat(
            assertAwsError(
                () -> operator.deleteRole(r -> r.roleName("Foreign")), "AccessDenied", 403))
        .endsWith("with an explicit deny in an identity-based policy");
    assertAwsError(
        () ->
            operator.createRole(
                r -> r.roleName("Untagged").assumeRolePolicyDocument(trustAccount(DEV))),
        "AccessDenied",
        403);
    operator.createRole(
        r -> r.roleName("Ours").assumeRolePolicyDocument(trustAccount(DEV)).tags(ours));
    assertAwsError(
        () -> operator.untagRole(r -> r.roleName("Ours").tagKeys("xaccount.io/managed-by")),
        "AccessDenied",
        403);
    assertAwsError(
        () -> operator.deleteRole(r -> r.roleName("xaccount-operator")), "AccessDenied", 403);
    operator.deleteRole(r -> r.roleName("Ours"));
    assertThat(prod.roleNames()).containsExactlyInAnyOrder("xaccount-operator", "Foreign");
  }

  @Test
  void crossAccountNeedsTheTrustAndTheCallersGrantAndMfaWhenTheTrustSaysSo() {
    String mfaTrust =
        ("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                + "\"arn:aws:iam::%s:root\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"Bool\":"
                + "{\"aws:MultiFactorAuthPresent\":\"true\"}}}]}")
            .formatted(DEV);
    String roleArn = emu.account(PROD).createRole("Switch", mfaTrust);
    AccountState dev = emu.account(DEV);
    StsClient alice = stsUser(DEV, "alice");
    stsUser(DEV, "bob");
    String serial = dev.createVirtualMfaDevice("alice");
    String bobSerial = dev.createVirtualMfaDevice("bob");

    // No grant: the trust alone is not enough across accounts.
    assertAwsError(
        () ->
            alice.assumeRole(
                b ->
                    b.roleArn(roleArn)
                        .roleSessionName("alice")
                        .serialNumber(serial)
                        .tokenCode("123456")),
        "AccessDenied",
        403);
    dev.attachUserPolicy(
        "alice",
        dev.createPolicy(
            "grant",
            policy(
                "{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\""
                    + roleArn
                    + "\"}")));
    // The grant without MFA: the trust's condition refuses.
    assertAwsError(
        () -> alice.assumeRole(b -> b.roleArn(roleArn).roleSessionName("alice")),
        "AccessDenied",
        403);
    // Someone else's device is not MFA; a code that is not six digits is not even a request.
    assertAwsError(
        () ->
            alice.assumeRole(
                b ->
                    b.roleArn(roleArn)
                        .roleSessionName("alice")
                        .serialNumber(bobSerial)
                        .tokenCode("123456")),
        "AccessDenied",
        403);
    assertAwsError(
        () ->
            alice.assumeRole(
                b ->
                    b.roleArn(roleArn)
                        .roleSessionName("alice")
                        .serialNumber(serial)
                        .tokenCode("12345")),
        "ValidationError",
        400);

    var creds =
        alice
            .assumeRole(
                b ->
                    b.roleArn(roleArn)
                        .roleSessionName("alice")
                        .serialNumber(serial)
                        .tokenCode("654321"))
            .credentials();
    assertThat(sts(session(creds)).getCallerIdentity().arn())
        .isEqualTo("arn:aws:sts::%s:assumed-role/Switch/alice".formatted(PROD));
  }

  @Test
  void theRootUserIsNotLimitedByIdentityPolicies() {
    iam(DEV).createRole(r -> r.roleName("ByRoot").assumeRolePolicyDocument(trustAccount(PROD)));
    assertThat(emu.account(DEV).roleNames()).contains("ByRoot");
  }

  @Test
  void getCallerIdentityNeedsNoPermission() {
    StsClient nobody = stsUser(DEV, "nobody");
    assertThat(nobody.getCallerIdentity().arn())
        .isEqualTo("arn:aws:iam::%s:user/nobody".formatted(DEV));
  }

  private IamClient user(String account, String name) {
    return iam(newUser(account, name));
  }

  private StsClient stsUser(String account, String name) {
    return sts(newUser(account, name));
  }

  private static String policy(String... statements) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":["
        + String.join(",", List.of(statements))
        + "]}";
  }

  private static String deployIam(String name) {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("deploy", "iam", name + ".json"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
