package io.xaccount.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's quick-start command line, end to end in a separate JVM on the packaged jar: the
 * operator converges the seed (and every other example) against the embedded API and emulator.
 */
class SandboxCommandIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ROLE_ARN = "arn:aws:iam::111111111111:role/CrossAccountSignin";
  private static final String POLICY_ARN_PREFIX =
      "arn:aws:iam::123456789012:policy/xaccount/grants/";
  private static final String SWITCH_URL =
      "https://signin.aws.amazon.com/switchrole?account=111111111111&roleName=CrossAccountSignin"
          + "&displayName=Prod%20%28PowerUser%29&color=F2B0A9";

  @TempDir Path dir;

  @Test
  void quickStartConvergesTheSeedPrintsTheTableWritesReportAndSnapshotAndExitsZero()
      throws Exception {
    Path report = dir.resolve("out/report.json");
    Path snapshot = dir.resolve("out/iam");
    int exit;
    String stdout;
    try (SandboxProcess sandbox =
        SandboxProcess.start(
            dir.resolve("run"),
            "--apply",
            "examples/seed",
            "--once",
            "--timeout",
            "90",
            "--report",
            report.toString(),
            "--iam-snapshot",
            snapshot.toString())) {
      exit = sandbox.waitForExit(Duration.ofSeconds(150));
      stdout = sandbox.stdout();
      assertThat(sandbox.tmpDir()).as("nothing left in the temporary folder").isEmptyDirectory();
    }

    assertThat(exit).as(stdout).isZero();
    assertThat(stdout)
        .containsPattern("KIND +NAMESPACE/NAME +READY +REASON +PHASE +EXPIRES +ARN +SWITCH URL")
        .containsPattern("AwsAccount +prod +True +Verified")
        .containsPattern("AwsAccount +dev +True +Verified")
        .containsPattern(
            "CrossAccountRole +platform/prod-power-users +True +Converged +- +- +" + ROLE_ARN)
        .containsPattern(
            "AssumeRoleGrant +platform/dev-engineers-to-prod +True +Converged +Active +- +"
                + Pattern.quote(POLICY_ARN_PREFIX))
        .contains(SWITCH_URL);

    JsonNode resources = JSON.readTree(report.toFile()).path("resources");
    // The seed's Namespace first, then accounts, role and grant.
    assertThat(resources).hasSize(5);
    assertThat(resources.get(0).path("kind").asText()).isEqualTo("Namespace");
    JsonNode grant = resources.get(4);
    assertThat(grant.path("kind").asText()).isEqualTo("AssumeRoleGrant");
    assertThat(grant.path("status").path("policyArn").asText()).startsWith(POLICY_ARN_PREFIX);
    JsonNode role = resources.get(3);
    assertThat(role.path("kind").asText()).isEqualTo("CrossAccountRole");
    assertThat(role.path("namespace").asText()).isEqualTo("platform");
    assertThat(role.path("name").asText()).isEqualTo("prod-power-users");
    assertThat(role.path("generation").asLong()).isEqualTo(1);
    assertThat(role.path("status").path("roleArn").asText()).isEqualTo(ROLE_ARN);
    assertThat(role.path("status").path("switchRoleUrl").asText()).isEqualTo(SWITCH_URL);
    assertThat(role.path("status").path("conditions").get(0).path("status").asText())
        .isEqualTo("True");
    // Who can reach the role: the trust, and the seed's grant as it stands (Active).
    JsonNode access = role.path("status").path("access");
    assertThat(access.path("trust").path("accountIds").toString()).isEqualTo("[\"123456789012\"]");
    assertThat(access.path("grants")).hasSize(1);
    assertThat(access.path("grants").get(0).toString())
        .contains("\"namespace\":\"platform\"", "\"name\":\"dev-engineers-to-prod\"")
        .contains("\"accountId\":\"123456789012\"", "\"phase\":\"Active\"")
        .contains("\"principals\":[\"group/developers\"]");
    assertThat(access.path("warnings")).isEmpty();

    JsonNode prod = JSON.readTree(snapshot.resolve("111111111111.json").toFile());
    assertThat(prod.path("RoleDetailList").findValuesAsText("Arn")).contains(ROLE_ARN);
    assertThat(prod.path("RoleDetailList").toString()).contains("PowerUserAccess");
    JsonNode dev = JSON.readTree(snapshot.resolve("123456789012.json").toFile());
    assertThat(dev.path("UserDetailList").findValuesAsText("UserName")).contains("alice", "bob");
    assertThat(dev.path("GroupDetailList").findValuesAsText("GroupName")).contains("developers");
    assertThat(dev.path("GroupDetailList").toString()).contains(POLICY_ARN_PREFIX);
  }

  @Test
  void everyExampleConvergesInTheSandbox() throws Exception {
    int exit;
    String stdout;
    try (SandboxProcess sandbox =
        SandboxProcess.start(
            dir.resolve("run"),
            "--apply",
            "examples/seed/00-accounts.yaml",
            "--apply",
            "examples/mfa",
            "--apply",
            "examples/specific-principals",
            "--apply",
            "examples/identity-center",
            "--apply",
            "examples/retain",
            "--apply",
            "examples/temporary",
            "--once",
            "--timeout",
            "90")) {
      exit = sandbox.waitForExit(Duration.ofSeconds(150));
      stdout = sandbox.stdout();
    }

    assertThat(exit).as(stdout).isZero();
    assertThat(stdout)
        .containsPattern("CrossAccountRole +platform/prod-break-glass +True")
        .containsPattern("AssumeRoleGrant +platform/alice-break-glass +True")
        .containsPattern("CrossAccountRole +platform/prod-deployer +True")
        .containsPattern("CrossAccountRole +platform/prod-from-sso-developers +True")
        .containsPattern("CrossAccountRole +platform/prod-auditors +True")
        // The on-call grant of 8 hours: active, with its end resolved when it became active.
        .containsPattern(
            "AssumeRoleGrant +platform/alice-on-call +True +Converged +Active"
                + " +\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ +");
  }

  @Test
  void badDocumentsAreReportedPerDocumentTheRestConvergesAndTheExitCodeIsOne() throws Exception {
    Path manifests = dir.resolve("manifests");
    Files.createDirectories(manifests);
    Files.copy(Path.of("examples/seed/00-accounts.yaml"), manifests.resolve("00-accounts.yaml"));
    Path bad =
        Files.writeString(
            manifests.resolve("50-bad.yaml"),
            """
            kind: [unclosed
            ---
            apiVersion: xaccount.io/v1alpha1
            kind: Frobnicator
            metadata: {name: what}
            ---
            apiVersion: xaccount.io/v1alpha1
            kind: CrossAccountRole
            metadata: {name: bad-policy, namespace: platform}
            spec:
              accountRef: prod
              trust: {accountIds: ["123456789012"]}
              deletionPolicy: Forget
            """);
    Path report = dir.resolve("report.json");
    int exit;
    String stdout;
    String stderr;
    try (SandboxProcess sandbox =
        SandboxProcess.start(
            dir.resolve("run"),
            "--apply",
            manifests.toString(),
            "--once",
            "--timeout",
            "90",
            "--report",
            report.toString())) {
      exit = sandbox.waitForExit(Duration.ofSeconds(150));
      stdout = sandbox.stdout();
      stderr = sandbox.stderr();
    }

    assertThat(exit).as(stdout).isEqualTo(1);
    assertThat(stderr)
        .contains(bad + " (document 1): unparseable YAML")
        .contains(bad + " (document 2): unknown kind Frobnicator")
        .contains(bad + " (document 3): CrossAccountRole bad-policy rejected by the API (422)")
        .contains("spec.deletionPolicy");
    assertThat(stdout).containsPattern("AwsAccount +prod +True +Verified");
    JsonNode written = JSON.readTree(report.toFile());
    assertThat(written.path("rejected")).hasSize(3);
    assertThat(written.path("resources")).hasSize(2);
  }

  @Test
  void onceJudgesEveryResourceWithoutWaitingForWhatCanNeverCome() throws Exception {
    Path manifests = dir.resolve("mixed");
    Files.createDirectories(manifests);
    Files.copy(Path.of("examples/seed/00-accounts.yaml"), manifests.resolve("00-accounts.yaml"));
    Files.writeString(
        manifests.resolve("10-mixed.yaml"),
        """
        apiVersion: xaccount.io/v1alpha1
        kind: CrossAccountRole
        metadata: {name: good, namespace: platform}
        spec:
          accountRef: prod
          roleName: MixedGood
          trust: {accountIds: ["123456789012"]}
        ---
        apiVersion: xaccount.io/v1alpha1
        kind: CrossAccountRole
        metadata: {name: forbidden, namespace: elsewhere}
        spec:
          accountRef: prod
          roleName: MixedForbidden
          trust: {accountIds: ["123456789012"]}
        ---
        apiVersion: xaccount.io/v1alpha1
        kind: CrossAccountRole
        metadata: {name: no-account, namespace: platform}
        spec:
          accountRef: nowhere
          roleName: MixedNoAccount
          trust: {accountIds: ["123456789012"]}
        ---
        apiVersion: xaccount.io/v1alpha1
        kind: AssumeRoleGrant
        metadata: {name: no-role, namespace: platform}
        spec:
          accountRef: dev
          target: {roleRef: {name: not-applied}}
          principals: {users: [alice]}
        """);
    long started = System.nanoTime();
    int exit;
    String stdout;
    try (SandboxProcess sandbox =
        SandboxProcess.start(
            dir.resolve("run"), "--apply", manifests.toString(), "--once", "--timeout", "120")) {
      exit = sandbox.waitForExit(Duration.ofSeconds(150));
      stdout = sandbox.stdout();
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(exit).as(stdout).isEqualTo(1);
    assertThat(took)
        .as("judged without waiting out the 120 s timeout")
        .isLessThan(Duration.ofSeconds(100));
    assertThat(stdout)
        .doesNotContain("Timed out")
        .containsPattern("CrossAccountRole +platform/good +True +Converged")
        .containsPattern("CrossAccountRole +elsewhere/forbidden +False +Forbidden")
        .contains(
            "CrossAccountRole platform/no-account: blocked: spec.accountRef names AwsAccount"
                + " nowhere, which no applied document provides")
        .contains(
            "AssumeRoleGrant platform/no-role: blocked: spec.target.roleRef names"
                + " CrossAccountRole platform/not-applied, which no applied document provides");
  }
}
