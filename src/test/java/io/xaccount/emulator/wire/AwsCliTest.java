package io.xaccount.emulator.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xaccount.emulator.EmulatorTestBase;
import io.xaccount.emulator.model.AccountState;
import io.xaccount.emulator.model.AwsKeys;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The AWS CLI as a second, independent client of the emulator (skipped without {@code aws}). */
class AwsCliTest extends EmulatorTestBase {
  private static final String ALLOW =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"%s\","
          + "\"Resource\":\"*\"}]}";

  @Test
  void cliListsRolesAndReportsCallerIdentity() throws Exception {
    assumeTrue(onPath("aws"), "aws CLI not on PATH");
    emu.account(PROD).createRole("CrossAccountSignin", trustAccount(DEV));

    JsonNode roles = aws("iam", "list-roles");
    assertThat(roles.at("/Roles/0/RoleName").asText()).isEqualTo("CrossAccountSignin");
    // botocore decodes the URL-encoded document into JSON.
    assertThat(roles.at("/Roles/0/AssumeRolePolicyDocument/Statement/0/Principal/AWS").asText())
        .isEqualTo("arn:aws:iam::" + DEV + ":root");

    JsonNode id = aws("sts", "get-caller-identity");
    assertThat(id.get("Account").asText()).isEqualTo(PROD);
    assertThat(id.get("Arn").asText()).isEqualTo("arn:aws:iam::" + PROD + ":root");
  }

  /**
   * Users' and groups' inline policies end to end with the CLI, the way an administrator writes
   * them and the way the user then meets them: written, read back, listed, in the account's
   * authorization details, evaluated for the user's own calls, deleted.
   */
  @Test
  void cliWritesUserAndGroupInlinePoliciesThatDecideTheUsersCalls() throws Exception {
    assumeTrue(onPath("aws"), "aws CLI not on PATH");
    AccountState prod = emu.account(PROD);
    prod.createRole("Target", trustAccount(DEV));
    AwsKeys admin = emu.adminKeys(PROD);
    aws(admin, "iam", "create-user", "--user-name", "carol");
    aws(admin, "iam", "create-group", "--group-name", "ops");
    aws(admin, "iam", "add-user-to-group", "--group-name", "ops", "--user-name", "carol");
    AwsKeys carol = prod.createAccessKey("carol");
    assertThat(fails(carol, "iam", "get-role", "--role-name", "Target")).contains("AccessDenied");

    aws(
        admin,
        "iam",
        "put-user-policy",
        "--user-name",
        "carol",
        "--policy-name",
        "read",
        "--policy-document",
        ALLOW.formatted("iam:GetRole"));
    aws(
        admin,
        "iam",
        "put-group-policy",
        "--group-name",
        "ops",
        "--policy-name",
        "list",
        "--policy-document",
        ALLOW.formatted("iam:ListRoles"));

    assertThat(
            aws(admin, "iam", "get-user-policy", "--user-name", "carol", "--policy-name", "read")
                .at("/PolicyDocument/Statement/0/Action")
                .asText())
        .isEqualTo("iam:GetRole");
    assertThat(
            aws(admin, "iam", "list-user-policies", "--user-name", "carol")
                .at("/PolicyNames/0")
                .asText())
        .isEqualTo("read");
    assertThat(
            aws(admin, "iam", "list-group-policies", "--group-name", "ops")
                .at("/PolicyNames/0")
                .asText())
        .isEqualTo("list");
    JsonNode details = aws(admin, "iam", "get-account-authorization-details");
    assertThat(details.at("/UserDetailList/0/UserPolicyList/0/PolicyName").asText())
        .isEqualTo("read");
    assertThat(
            details
                .at("/GroupDetailList/0/GroupPolicyList/0/PolicyDocument/Statement/0/Action")
                .asText())
        .isEqualTo("iam:ListRoles");
    assertThat(aws(carol, "iam", "get-role", "--role-name", "Target").at("/Role/RoleName").asText())
        .isEqualTo("Target");
    assertThat(aws(carol, "iam", "list-roles").at("/Roles/0/RoleName").asText())
        .isEqualTo("Target");

    aws(admin, "iam", "delete-user-policy", "--user-name", "carol", "--policy-name", "read");
    assertThat(fails(carol, "iam", "get-role", "--role-name", "Target")).contains("AccessDenied");
    assertThat(fails(admin, "iam", "get-group-policy", "--group-name", "ops", "--policy-name", "x"))
        .contains("NoSuchEntity");
  }

  private JsonNode aws(String... args) throws Exception {
    return aws(emu.adminKeys(PROD), args);
  }

  private JsonNode aws(AwsKeys keys, String... args) throws Exception {
    Process p = start(keys, args);
    byte[] out = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(err).isZero();
    // Commands without output (put-user-policy, ...) print nothing.
    return out.length == 0
        ? new ObjectMapper().createObjectNode()
        : new ObjectMapper().readTree(out);
  }

  /** Runs a command that must fail; returns what the CLI printed on stderr. */
  private String fails(AwsKeys keys, String... args) throws Exception {
    Process p = start(keys, args);
    p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(err).isNotZero();
    return err;
  }

  private Process start(AwsKeys keys, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("aws", "--endpoint-url", emu.endpoint().toString()));
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("--output", "json"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false);
    pb.environment().put("AWS_ACCESS_KEY_ID", keys.accessKeyId());
    pb.environment().put("AWS_SECRET_ACCESS_KEY", keys.secretAccessKey());
    pb.environment().put("AWS_DEFAULT_REGION", "us-east-1");
    pb.environment().remove("AWS_PROFILE");
    pb.environment().remove("AWS_SESSION_TOKEN");
    pb.environment().put("AWS_CONFIG_FILE", "/dev/null");
    pb.environment().put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    // No retries: an AccessDenied must come back at once, not after the CLI's backoff.
    pb.environment().put("AWS_MAX_ATTEMPTS", "1");
    return pb.start();
  }

  private static boolean onPath(String exe) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (new File(dir, exe).canExecute()) {
        return true;
      }
    }
    return false;
  }
}
