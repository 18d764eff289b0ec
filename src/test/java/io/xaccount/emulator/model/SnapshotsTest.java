package io.xaccount.emulator.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xaccount.emulator.EmulatorTestBase;
import io.xaccount.emulator.IamEmulator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What GetAccountAuthorizationDetails writes, loadAuthorizationDetails reads back. */
class SnapshotsTest extends EmulatorTestBase {

  @Test
  void anAccountLoadedFromItsDetailsHasTheSameDetails() {
    AccountState prod = emu.account(PROD);
    prod.createUser("alice");
    prod.createGroup("ops");
    prod.addUserToGroup("ops", "alice");
    String policy = prod.createPolicy("deny-billing", allow("aws-portal:*"));
    prod.attachGroupPolicy("ops", policy);
    prod.createRole("Signin", trustAccount(DEV));
    prod.attachRolePolicy("Signin", "arn:aws:iam::aws:policy/ReadOnlyAccess");
    prod.attachRolePolicy("Signin", policy);
    iam(PROD).tagRole(r -> r.roleName("Signin").tags(t -> t.key("team").value("a")));
    iam(PROD)
        .putRolePolicy(
            r -> r.roleName("Signin").policyName("inline").policyDocument(allow("s3:*")));
    iam(PROD)
        .putUserPolicy(r -> r.userName("alice").policyName("own").policyDocument(allow("ec2:*")));
    iam(PROD)
        .putGroupPolicy(r -> r.groupName("ops").policyName("ops").policyDocument(allow("sqs:*")));
    JsonNode details = emu.authorizationDetails(PROD);

    try (IamEmulator other = IamEmulator.builder().accounts(DEV).build().start()) {
      List<String> skipped = other.loadAuthorizationDetails(PROD, details);

      assertThat(skipped).isEmpty();
      assertThat(withoutIdsAndDates(other.authorizationDetails(PROD)))
          .isEqualTo(withoutIdsAndDates(details));
      // Loading again changes nothing and says what it left out.
      assertThat(other.loadAuthorizationDetails(PROD, details))
          .contains(
              "role Signin: already in the emulator, kept as it is",
              "policy " + policy + ": already in the emulator, kept as it is");
    }
  }

  @Test
  void whatIamWouldRefuseIsLeftOutAndSaid() throws Exception {
    ObjectNode details =
        (ObjectNode)
            new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(
                    """
                    {"RoleDetailList":[{"RoleName":"bad name!","Path":"/",
                    "AssumeRolePolicyDocument":{"Version":"2012-10-17","Statement":[]}}]}""");

    assertThat(emu.loadAuthorizationDetails(PROD, details))
        .singleElement()
        .asString()
        .startsWith("role bad name!: ");
    assertThat(emu.account(PROD).roleNames()).doesNotContain("bad name!");
  }

  private static String allow(String action) {
    return """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"%s","Resource":"*"}]}"""
        .formatted(action);
  }

  /** The details without what differs between any two accounts: unique IDs and times. */
  private static String withoutIdsAndDates(JsonNode details) {
    return details
        .toString()
        .replaceAll("\"(RoleId|UserId|GroupId|PolicyId)\":\"[A-Z0-9]+\"", "")
        .replaceAll("\"(CreateDate|UpdateDate)\":\"[^\"]+\"", "")
        .replaceAll("(AROA|AIDA|AGPA|ANPA)[A-Z0-9]+", "ID");
  }
}
