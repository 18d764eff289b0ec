package io.xaccount.emulator.actions;

import static org.assertj.core.api.Assertions.assertThat;

import io.xaccount.emulator.EmulatorTestBase;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * Where the emulator answered differently from IAM (issue 13's "divergences already known"), each
 * now as the IAM API Reference says, over the real SDK.
 */
class KnownDivergencesTest extends EmulatorTestBase {
  private static final String TRUST =
      """
      {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
      "Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}""";

  @Test
  void tagKeysAreCaseInsensitiveAndTheSecondReplacesTheFirst() {
    IamClient iam = iam(PROD);
    iam.createRole(
        r -> r.roleName("Tagged").assumeRolePolicyDocument(TRUST).tags(tag("Team", "a")));

    iam.tagRole(r -> r.roleName("Tagged").tags(tag("team", "b")));

    assertThat(iam.listRoleTags(r -> r.roleName("Tagged")).tags())
        .containsExactly(tag("team", "b"));
    iam.untagRole(r -> r.roleName("Tagged").tagKeys("TEAM"));
    assertThat(iam.listRoleTags(r -> r.roleName("Tagged")).tags()).isEmpty();
    assertAwsError(
        () -> iam.tagRole(r -> r.roleName("Tagged").tags(tag("env", "x"), tag("ENV", "y"))),
        "InvalidInput",
        400);
  }

  @Test
  void tagKeysStartingWithAwsAreRefused() {
    IamClient iam = iam(PROD);
    iam.createRole(r -> r.roleName("Reserved").assumeRolePolicyDocument(TRUST));

    assertAwsError(
        () -> iam.tagRole(r -> r.roleName("Reserved").tags(tag("aws:owner", "me"))),
        "InvalidInput",
        400);
    assertAwsError(
        () -> iam.tagRole(r -> r.roleName("Reserved").tags(tag("AWS:owner", "me"))),
        "InvalidInput",
        400);
  }

  @Test
  void fiftyOneTagsInOneRequestIsAValidationErrorNotAQuota() {
    IamClient iam = iam(PROD);
    iam.createRole(r -> r.roleName("Many").assumeRolePolicyDocument(TRUST));
    Tag[] tags = IntStream.range(0, 51).mapToObj(i -> tag("k" + i, "v")).toArray(Tag[]::new);

    assertAwsError(() -> iam.tagRole(r -> r.roleName("Many").tags(tags)), "ValidationError", 400);
  }

  @Test
  void aRoleNameNoRoleCanHaveIsAValidationError() {
    IamClient iam = iam(PROD);

    assertAwsError(() -> iam.getRole(r -> r.roleName("r".repeat(65))), "ValidationError", 400);
    assertAwsError(() -> iam.getRole(r -> r.roleName("NoSuchRole")), "NoSuchEntity", 404);
  }

  @Test
  void thePermissionsBoundaryTypeIsPermissionsBoundaryPolicy() {
    IamClient iam = iam(PROD);
    iam.createRole(
        r ->
            r.roleName("Bounded")
                .assumeRolePolicyDocument(TRUST)
                .permissionsBoundary("arn:aws:iam::aws:policy/PowerUserAccess"));

    assertThat(
            iam.getRole(r -> r.roleName("Bounded"))
                .role()
                .permissionsBoundary()
                .permissionsBoundaryTypeAsString())
        .isEqualTo("PermissionsBoundaryPolicy");
  }

  @Test
  void identityPoliciesAreParsedAsIamParsesThem() {
    IamClient iam = iam(PROD);
    iam.createRole(r -> r.roleName("Inline").assumeRolePolicyDocument(TRUST));

    for (String statement :
        new String[] {
          "{\"Effect\":\"Allow\",\"Action\":\"s3GetObject\",\"Resource\":\"*\"}",
          "{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"bucket\"}",
          "{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\",\"Resourse\":\"*\"}",
          "{\"Sid\":\"no-dashes\",\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}",
          "{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\","
              + "\"Condition\":{\"StringEqual\":{\"aws:username\":\"a\"}}}",
          "{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\","
              + "\"Condition\":{\"NullIfExists\":{\"aws:username\":\"true\"}}}",
        }) {
      assertAwsError(
          () ->
              iam.putRolePolicy(
                  r ->
                      r.roleName("Inline")
                          .policyName("p")
                          .policyDocument(
                              "{\"Version\":\"2012-10-17\",\"Statement\":[" + statement + "]}")),
          "MalformedPolicyDocument",
          400);
    }
    assertAwsError(
        () ->
            iam.putRolePolicy(
                r ->
                    r.roleName("Inline")
                        .policyName("p")
                        .policyDocument(
                            "{\"Version\":\"2012-10-17\",\"Statement\":["
                                + "{\"Sid\":\"A\",\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"},"
                                + "{\"Sid\":\"A\",\"Effect\":\"Deny\",\"Action\":\"ec2:*\",\"Resource\":\"*\"}]}")),
        "MalformedPolicyDocument",
        400);
    iam.putRolePolicy(
        r ->
            r.roleName("Inline")
                .policyName("fine")
                .policyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Read1\","
                        + "\"Effect\":\"Allow\",\"Action\":[\"s3:Get*\",\"*\"],"
                        + "\"Resource\":[\"arn:aws:s3:::b/*\",\"*\"],\"Condition\":{"
                        + "\"ForAllValues:StringLikeIfExists\":{\"aws:TagKeys\":\"a*\"},"
                        + "\"Null\":{\"aws:username\":\"false\"}}}]}"));
  }

  @Test
  void principalsOfOtherPartitionsAreInvalidInThisOne() {
    IamClient iam = iam(PROD);
    for (String partition : new String[] {"aws-cn", "aws-us-gov"}) {
      String message =
          assertAwsError(
              () ->
                  iam.createRole(
                      r ->
                          r.roleName("Foreign")
                              .assumeRolePolicyDocument(
                                  trustAccount("arn:" + partition + ":iam::" + DEV + ":root"))),
              "MalformedPolicyDocument",
              400);
      assertThat(message).contains("Invalid principal in policy");
    }
  }

  @Test
  void listGroupsForUserAnswers() {
    IamClient iam = iam(DEV);
    iam.createUser(r -> r.userName("carol"));
    iam.createGroup(r -> r.groupName("ops"));
    iam.createGroup(r -> r.groupName("devs"));
    iam.addUserToGroup(r -> r.groupName("ops").userName("carol"));
    iam.addUserToGroup(r -> r.groupName("devs").userName("carol"));

    assertThat(
            iam.listGroupsForUser(r -> r.userName("carol")).groups().stream()
                .map(g -> g.groupName()))
        .containsExactlyInAnyOrder("ops", "devs");
    assertAwsError(() -> iam.listGroupsForUser(r -> r.userName("nobody")), "NoSuchEntity", 404);
  }

  @Test
  void aMalformedVersionIdIsAValidationError() {
    IamClient iam = iam(PROD);
    String arn =
        iam.createPolicy(
                r ->
                    r.policyName("versioned")
                        .policyDocument(
                            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                                + "\"Action\":\"s3:ListAllMyBuckets\",\"Resource\":\"*\"}]}"))
            .policy()
            .arn();

    assertAwsError(
        () -> iam.getPolicyVersion(r -> r.policyArn(arn).versionId("version-1")),
        "ValidationError",
        400);
    assertAwsError(
        () -> iam.getPolicyVersion(r -> r.policyArn(arn).versionId("v9")), "NoSuchEntity", 404);
  }

  @Test
  void authorizationDetailsShowTheRoleInsideEachInstanceProfile() {
    IamClient iam = iam(PROD);
    iam.createRole(r -> r.roleName("Ec2").path("/apps/").assumeRolePolicyDocument(TRUST));
    iam.createInstanceProfile(r -> r.instanceProfileName("ec2-profile"));
    iam.addRoleToInstanceProfile(r -> r.instanceProfileName("ec2-profile").roleName("Ec2"));

    var profile =
        iam.getAccountAuthorizationDetails().roleDetailList().get(0).instanceProfileList().get(0);
    assertThat(profile.roles())
        .singleElement()
        .satisfies(
            role -> {
              assertThat(role.roleName()).isEqualTo("Ec2");
              assertThat(role.path()).isEqualTo("/apps/");
              assertThat(role.arn()).isEqualTo("arn:aws:iam::" + PROD + ":role/apps/Ec2");
              assertThat(role.roleId()).startsWith("AROA");
              assertThat(role.createDate()).isNotNull();
              assertThat(decode(role.assumeRolePolicyDocument())).contains(DEV);
            });
    var json = emu.authorizationDetails(PROD).at("/RoleDetailList/0/InstanceProfileList/0/Roles/0");
    assertThat(json.path("RoleName").asText()).isEqualTo("Ec2");
    assertThat(json.at("/AssumeRolePolicyDocument/Statement/0/Principal/AWS").asText())
        .isEqualTo("arn:aws:iam::" + DEV + ":root");
  }

  private static Tag tag(String key, String value) {
    return Tag.builder().key(key).value(value).build();
  }
}
