package io.xaccount.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The AWS CLI as a second, independent client of the emulator (skipped without {@code aws}). */
class AwsCliTest extends EmulatorTestBase {

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

  private JsonNode aws(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("aws", "--endpoint-url", emu.endpoint().toString()));
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("--output", "json"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false);
    AwsKeys keys = emu.adminKeys(PROD);
    pb.environment().put("AWS_ACCESS_KEY_ID", keys.accessKeyId());
    pb.environment().put("AWS_SECRET_ACCESS_KEY", keys.secretAccessKey());
    pb.environment().put("AWS_DEFAULT_REGION", "us-east-1");
    pb.environment().remove("AWS_PROFILE");
    pb.environment().remove("AWS_SESSION_TOKEN");
    pb.environment().put("AWS_CONFIG_FILE", "/dev/null");
    pb.environment().put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(err).isZero();
    return new ObjectMapper().readTree(out);
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
