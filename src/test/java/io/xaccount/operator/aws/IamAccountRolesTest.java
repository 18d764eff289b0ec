package io.xaccount.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.xaccount.emulator.IamEmulator;
import io.xaccount.operator.iam.AccountRoles;
import io.xaccount.operator.iam.ObservedRole;
import io.xaccount.operator.iam.PolicyDocument;
import io.xaccount.operator.testsupport.EmulatorResource;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;

/** The bulk read of an account's roles, against the emulator over the real SDK. */
class IamAccountRolesTest {
  private static final String PROD = "111111111111";
  private static final String TRUST =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
          + "\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":\"sts:AssumeRole\"}]}";
  private static final String DENY =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"s3:*\","
          + "\"Resource\":\"*\"}]}";
  private static final String BOUNDARY = "arn:aws:iam::aws:policy/PowerUserAccess";
  private static final String READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";

  private final IamEmulator emulator = IamEmulator.builder().accounts(PROD).build().start();
  private final IamClient iam = EmulatorResource.iam(emulator, emulator.adminKeys(PROD));

  @AfterEach
  void stop() {
    iam.close();
    emulator.close();
  }

  @Test
  void readsEveryKeptRoleWholeInTwoCalls() {
    iam.createRole(
        r ->
            r.roleName("Ours")
                .path("/team/")
                .description("kept")
                .maxSessionDuration(7200)
                .assumeRolePolicyDocument(TRUST)
                .permissionsBoundary(BOUNDARY)
                .tags(t -> t.key("owner").value("us")));
    iam.putRolePolicy(r -> r.roleName("Ours").policyName("deny-s3").policyDocument(DENY));
    iam.attachRolePolicy(r -> r.roleName("Ours").policyArn(READ_ONLY));
    iam.createRole(
        r ->
            r.roleName("Theirs")
                .assumeRolePolicyDocument(TRUST)
                .tags(t -> t.key("owner").value("them")));
    Instant readAt = Instant.parse("2026-01-01T00:00:00Z");
    long mark = emulator.mark();

    AccountRoles read =
        new IamAccountRoles()
            .read(
                new AccountClients(null, iam, null, null),
                readAt,
                tags -> "us".equals(tags.get("owner")));

    assertThat(emulator.callsSince(mark))
        .extracting(c -> c.action())
        .containsExactly("GetAccountAuthorizationDetails", "ListRoles");
    assertThat(read.calls()).isEqualTo(2);
    assertThat(read.readAt()).isEqualTo(readAt);
    assertThat(read.roles()).containsOnlyKeys("Ours");
    ObservedRole ours = read.find("OURS").orElseThrow();
    assertThat(ours.path()).isEqualTo("/team/");
    assertThat(ours.description()).isEqualTo("kept");
    assertThat(ours.maxSessionDuration()).isEqualTo(7200);
    assertThat(ours.trust().semanticallyEquals(PolicyDocument.parse(TRUST))).isTrue();
    assertThat(ours.inlinePolicies()).containsOnlyKeys("deny-s3");
    assertThat(ours.inlinePolicies().get("deny-s3").semanticallyEquals(PolicyDocument.parse(DENY)))
        .isTrue();
    assertThat(ours.managedPolicyArns()).containsExactly(READ_ONLY);
    assertThat(ours.permissionsBoundaryArn()).isEqualTo(BOUNDARY);
    assertThat(ours.tags()).isEqualTo(Map.of("owner", "us"));
    assertThat(ours.arn()).isEqualTo("arn:aws:iam::" + PROD + ":role/team/Ours");
    assertThat(ours.roleId()).startsWith("AROA");
  }
}
