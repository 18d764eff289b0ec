package io.xaccount.emulator.evaluation;

import io.xaccount.emulator.EmulatorTestBase;
import io.xaccount.emulator.model.AccountState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Within one account, what a trust policy grants on its own depends on the principal it names (IAM
 * User Guide, "How AWS enforcement code logic evaluates requests", "Resource-based policies"): a
 * role ARN is still limited by the session's permissions boundary and session policy, the session
 * ARN and a user ARN are not. Over the real SDK; {@link ResourcePolicyReachTest} has the table.
 */
class TrustNamingTest extends EmulatorTestBase {
  private static final String ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";
  private static final String S3_ONLY =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\","
          + "\"Resource\":\"*\"}]}";
  private static final String GET_OBJECT =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
          + "\"Resource\":\"*\"}]}";

  private AccountState prod;
  private IamClient admin;

  @BeforeEach
  void accounts() {
    prod = emu.account(PROD);
    admin = iam(PROD);
  }

  @Test
  void aTrustNamingTheRoleIsLimitedByTheSessionsPermissionsBoundary() {
    String bounded = role("Bounded", trustAccount(PROD));
    String s3Only = prod.createPolicy("s3-only", S3_ONLY);
    admin.putRolePermissionsBoundary(b -> b.roleName("Bounded").permissionsBoundary(s3Only));
    String byRole = role("TargetForBounded", trustAccount(bounded));
    String bySession =
        role("TargetForSession", trustAccount("arn:aws:sts::" + PROD + ":assumed-role/Bounded/s1"));
    StsClient session = assume(bounded, "s1", null);

    assertAwsError(
        () -> session.assumeRole(b -> b.roleArn(byRole).roleSessionName("next")),
        "AccessDenied",
        403);
    session.assumeRole(b -> b.roleArn(bySession).roleSessionName("next"));
  }

  @Test
  void aTrustNamingTheRoleIsLimitedByTheSessionPolicy() {
    String plain = role("Plain", trustAccount(PROD));
    String byRole = role("TargetForPlain", trustAccount(plain));
    String bySession =
        role(
            "TargetForSession",
            trustAccount("arn:aws:sts::" + PROD + ":assumed-role/Plain/narrow"));

    StsClient narrow = assume(plain, "narrow", GET_OBJECT);
    assertAwsError(
        () -> narrow.assumeRole(b -> b.roleArn(byRole).roleSessionName("next")),
        "AccessDenied",
        403);
    narrow.assumeRole(b -> b.roleArn(bySession).roleSessionName("next"));
    assume(plain, "wide", null).assumeRole(b -> b.roleArn(byRole).roleSessionName("next"));
  }

  @Test
  void aTrustNamingTheUserIsNotLimitedByItsPermissionsBoundary() {
    String s3Only = prod.createPolicy("s3-only", S3_ONLY);
    admin.createUser(b -> b.userName("bob").permissionsBoundary(s3Only));
    StsClient bob = sts(credentials(prod.createAccessKey("bob")));
    String byUser = role("TargetForBob", trustAccount("arn:aws:iam::" + PROD + ":user/bob"));
    String byAccount = role("TargetForAccount", trustAccount(PROD));

    bob.assumeRole(b -> b.roleArn(byUser).roleSessionName("bob"));
    assertAwsError(
        () -> bob.assumeRole(b -> b.roleArn(byAccount).roleSessionName("bob")),
        "AccessDenied",
        403);
  }

  private String role(String name, String trust) {
    String arn = prod.createRole(name, trust);
    prod.attachRolePolicy(name, ADMIN);
    return arn;
  }

  private StsClient assume(String roleArn, String sessionName, String sessionPolicy) {
    return sts(
        session(
            caller(PROD)
                .assumeRole(
                    b -> b.roleArn(roleArn).roleSessionName(sessionName).policy(sessionPolicy))
                .credentials()));
  }
}
