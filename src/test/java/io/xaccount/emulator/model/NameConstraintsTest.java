package io.xaccount.emulator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.xaccount.emulator.EmulatorTestBase;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every IAM action the emulator serves that takes an entity name checks it as the IAM API reference
 * constrains it (botocore's model of the API: roleNameType 1–64, userNameType 1–64,
 * existingUserNameType / groupNameType / policyNameType / instanceProfileNameType 1–128, all {@code
 * [\w+=,.@-]+}): one character too many, or a character outside the pattern, answers
 * ValidationError although no entity of that name exists. Raw Query requests, so each row is one
 * action and one member.
 */
class NameConstraintsTest extends EmulatorTestBase {
  private static final String POWER_USER = "arn:aws:iam::aws:policy/PowerUserAccess";

  private final HttpClient http = HttpClient.newHttpClient();
  private String admin;

  static Stream<Arguments> names() {
    return Stream.of(
        Arguments.of("GetRole", "RoleName", 64, ""),
        Arguments.of("DeleteRole", "RoleName", 64, ""),
        Arguments.of("UpdateRole", "RoleName", 64, ""),
        Arguments.of("TagRole", "RoleName", 64, ""),
        Arguments.of("ListRoleTags", "RoleName", 64, ""),
        Arguments.of("ListRolePolicies", "RoleName", 64, ""),
        Arguments.of("GetRolePolicy", "RoleName", 64, "&PolicyName=p"),
        Arguments.of("GetRolePolicy", "PolicyName", 128, "&RoleName=r"),
        Arguments.of("AttachRolePolicy", "RoleName", 64, "&PolicyArn=" + POWER_USER),
        Arguments.of("ListInstanceProfilesForRole", "RoleName", 64, ""),
        Arguments.of("GetUser", "UserName", 128, ""),
        Arguments.of("DeleteUser", "UserName", 128, ""),
        Arguments.of("CreateUser", "UserName", 64, ""),
        Arguments.of("AttachUserPolicy", "UserName", 64, "&PolicyArn=" + POWER_USER),
        Arguments.of("ListAttachedUserPolicies", "UserName", 64, ""),
        Arguments.of("ListGroupsForUser", "UserName", 128, ""),
        Arguments.of("ListAccessKeys", "UserName", 128, ""),
        Arguments.of("ListUserPolicies", "UserName", 128, ""),
        Arguments.of("GetUserPolicy", "PolicyName", 128, "&UserName=u"),
        Arguments.of("AddUserToGroup", "UserName", 128, "&GroupName=g"),
        Arguments.of("GetGroup", "GroupName", 128, ""),
        Arguments.of("DeleteGroup", "GroupName", 128, ""),
        Arguments.of("ListGroupPolicies", "GroupName", 128, ""),
        Arguments.of("DeleteGroupPolicy", "PolicyName", 128, "&GroupName=g"),
        Arguments.of("CreatePolicy", "PolicyName", 128, "&PolicyDocument=%7B%7D"),
        Arguments.of("DeleteInstanceProfile", "InstanceProfileName", 128, ""),
        Arguments.of("AddRoleToInstanceProfile", "InstanceProfileName", 128, "&RoleName=r"));
  }

  @BeforeEach
  void keys() {
    admin = emu.adminKeys(PROD).accessKeyId();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("names")
  void tooLongOrOutsideThePatternIsAValidationError(
      String action, String member, int max, String others) throws Exception {
    String field = Character.toLowerCase(member.charAt(0)) + member.substring(1);

    assertThat(post(action, member, "n".repeat(max + 1) + others))
        .contains("<Code>ValidationError</Code>")
        .contains("at '" + field + "' failed to satisfy constraint: Member must have length less")
        .contains("than or equal to " + max);
    assertThat(post(action, member, "no/slash" + others))
        .contains("<Code>ValidationError</Code>")
        .contains("Member must satisfy regular expression pattern: [\\w+=,.@-]+");
    assertThat(post(action, member, "n".repeat(max) + others))
        .doesNotContain("<Code>ValidationError</Code>");
  }

  private String post(String action, String member, String valueAndOthers) throws Exception {
    int amp = valueAndOthers.indexOf('&');
    String value = amp < 0 ? valueAndOthers : valueAndOthers.substring(0, amp);
    String others = amp < 0 ? "" : valueAndOthers.substring(amp);
    String form =
        "Action=%s&Version=2010-05-08&%s=%s%s"
            .formatted(action, member, URLEncoder.encode(value, StandardCharsets.UTF_8), others);
    HttpRequest req =
        HttpRequest.newBuilder(emu.endpoint())
            .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
            .header(
                "Authorization",
                "AWS4-HMAC-SHA256 Credential="
                    + admin
                    + "/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=00")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    return http.send(req, HttpResponse.BodyHandlers.ofString()).body().replace("&apos;", "'");
  }
}
