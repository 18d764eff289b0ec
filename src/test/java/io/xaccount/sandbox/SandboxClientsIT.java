package io.xaccount.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Real clients against a running sandbox (no {@code --once}): the AWS CLI against the emulator with
 * the printed endpoint and keys, kubectl against the printed kubeconfig. Each skips when its binary
 * is absent.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxClientsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ROLE_ARN = "arn:aws:iam::111111111111:role/CrossAccountSignin";
  private static Path dir;
  private static SandboxProcess sandbox;
  private static String kubeconfig;
  private static String endpoint;

  @BeforeAll
  static void startSandbox() throws Exception {
    dir = Files.createTempDirectory("sandbox-clients-it");
    sandbox =
        SandboxProcess.start(
            dir.resolve("run"),
            "--apply",
            "examples/seed/00-accounts.yaml",
            "--apply",
            "examples/seed/10-role.yaml",
            "--timeout",
            "90",
            "--report",
            dir.resolve("report.json").toString(),
            "--iam-snapshot",
            dir.resolve("iam").toString());
    kubeconfig = sandbox.awaitOutput("^  kubeconfig: +(\\S+)$", Duration.ofSeconds(90));
    endpoint = sandbox.awaitOutput("^  IAM/STS endpoint: +(\\S+)$", Duration.ofSeconds(5));
    sandbox.awaitOutput(
        "CrossAccountRole +platform/prod-power-users +True", Duration.ofSeconds(90));
  }

  @AfterAll
  static void stopSandbox() {
    sandbox.close();
  }

  @Test
  @Order(1)
  void awsCliSeesWhatTheOperatorDid() throws Exception {
    assumeTrue(Cli.onPath("aws"), "aws CLI not installed");

    JsonNode caller = aws("111111111111", "sts", "get-caller-identity");
    assertThat(caller.path("Account").asText()).isEqualTo("111111111111");

    JsonNode role = aws("111111111111", "iam", "get-role", "--role-name", "CrossAccountSignin");
    assertThat(role.path("Role").path("Arn").asText()).isEqualTo(ROLE_ARN);
    assertThat(role.path("Role").path("AssumeRolePolicyDocument").toString())
        .contains("arn:aws:iam::123456789012:root");

    JsonNode prod = aws("111111111111", "iam", "get-account-authorization-details");
    assertThat(prod.path("RoleDetailList").findValuesAsText("RoleName"))
        .contains("CrossAccountSignin", "xaccount-operator");
    JsonNode dev = aws("123456789012", "iam", "get-account-authorization-details");
    assertThat(dev.path("UserDetailList").findValuesAsText("UserName")).contains("alice", "bob");
  }

  @Test
  @Order(1)
  void awsCliWritesUserAndGroupInlinePoliciesThatDecideThePeoplesCalls() throws Exception {
    assumeTrue(Cli.onPath("aws"), "aws CLI not installed");
    String dev = "123456789012";
    String allow =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"%s\","
            + "\"Resource\":\"*\"}]}";
    assertThat(awsFails("user bob", "iam", "list-users")).contains("AccessDenied");

    aws(
        dev,
        "iam",
        "put-user-policy",
        "--user-name",
        "bob",
        "--policy-name",
        "list-users",
        "--policy-document",
        allow.formatted("iam:ListUsers"));
    aws(
        dev,
        "iam",
        "put-group-policy",
        "--group-name",
        "developers",
        "--policy-name",
        "see-group",
        "--policy-document",
        allow.formatted("iam:GetGroup"));

    assertThat(aws("user bob", "iam", "list-users").path("Users").findValuesAsText("UserName"))
        .contains("alice", "bob");
    assertThat(
            aws("user alice", "iam", "get-group", "--group-name", "developers")
                .path("Users")
                .findValuesAsText("UserName"))
        .containsExactly("alice");
    assertThat(
            aws(dev, "iam", "list-group-policies", "--group-name", "developers")
                .path("PolicyNames")
                .toString())
        .isEqualTo("[\"see-group\"]");
    JsonNode details = aws(dev, "iam", "get-account-authorization-details");
    assertThat(details.path("UserDetailList").findValuesAsText("PolicyName"))
        .containsExactly("list-users");
    assertThat(details.path("GroupDetailList").findValuesAsText("PolicyName"))
        .containsExactly("see-group");

    aws(dev, "iam", "delete-user-policy", "--user-name", "bob", "--policy-name", "list-users");
    aws(
        dev,
        "iam",
        "delete-group-policy",
        "--group-name",
        "developers",
        "--policy-name",
        "see-group");
    assertThat(awsFails("user bob", "iam", "list-users")).contains("AccessDenied");
  }

  @Test
  @Order(1)
  void thePrintedMetricsUrlAnswersWhichResourcesAreReadyAndWhy() throws Exception {
    String metrics = sandbox.awaitOutput("^  metrics: +(\\S+)", Duration.ofSeconds(5));
    String health = sandbox.awaitOutput("^  health: +(\\S+)", Duration.ofSeconds(5));
    HttpClient http = HttpClient.newHttpClient();
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        http.send(
                                HttpRequest.newBuilder(URI.create(metrics)).GET().build(),
                                HttpResponse.BodyHandlers.ofString())
                            .body())
                    .containsPattern(
                        "xaccount_resources\\{(?=[^}]*kind=\"CrossAccountRole\")"
                            + "(?=[^}]*ready=\"True\")(?=[^}]*reason=\"Converged\")[^}]*\\} 1\\.0"));
    assertThat(
            http.send(
                    HttpRequest.newBuilder(URI.create(health)).GET().build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  @Order(1)
  void theOperatorLogsToStderrAndStdoutCarriesWhatTheSandboxReports() {
    assertThat(sandbox.stderr()).contains("Installed features");
    assertThat(sandbox.stdout()).doesNotContain("Installed features", "INFO  [");
  }

  @Test
  @Order(1)
  void thePrintedAwsCliHintWorksWhenPasted() throws Exception {
    assumeTrue(Cli.onPath("aws"), "aws CLI not installed");
    Matcher hint =
        Pattern.compile("^ +(AWS_ACCESS_KEY_ID=.* iam list-roles)$", Pattern.MULTILINE)
            .matcher(sandbox.stdout());
    assertThat(hint.find()).as("the hint is printed").isTrue();

    // Pasted into a shell with no AWS configuration of its own.
    Cli.Result pasted =
        Cli.run(
            Map.of(
                "AWS_CONFIG_FILE", dir.resolve("no-aws-config").toString(),
                "AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-aws-credentials").toString(),
                "AWS_PAGER", ""),
            List.of("bash", "-c", hint.group(1) + " --output json"));

    assertThat(pasted.exitCode()).as(pasted.output()).isZero();
    assertThat(JSON.readTree(pasted.output()).path("Roles").findValuesAsText("RoleName"))
        .contains("xaccount-operator");
  }

  @Test
  @Order(2)
  void kubectlAppliesGetsWaitsAndDeletes() throws Exception {
    assumeTrue(Cli.onPath("kubectl"), "kubectl not installed");

    // As on a cluster: built-in kinds go as protobuf, and apply validates (OpenAPI v3, with
    // server-side field validation).
    assertThat(kubectl("create", "namespace", "clients-it").output())
        .contains("namespace/clients-it created");
    assertThat(
            kubectl(
                    "create",
                    "secret",
                    "generic",
                    "ext",
                    "-n",
                    "clients-it",
                    "--from-literal=externalId=abc123")
                .output())
        .contains("secret/ext created");
    assertThat(kubectl("get", "ns").output()).contains("clients-it");
    assertThat(kubectl("explain", "xar.spec.trust").output())
        .contains("KIND:       CrossAccountRole")
        .contains("accountIds");
    // A watch that stays open and shows the grant appear and converge.
    Path watched = dir.resolve("watch.txt");
    Process watch =
        new ProcessBuilder(kubectlCommand("get", "arg", "-n", "platform", "-w"))
            .redirectErrorStream(true)
            .redirectOutput(watched.toFile())
            .start();
    Cli.Result apply = kubectl("apply", "-f", "examples/seed");
    assertThat(apply.output())
        .contains("crossaccountrole.xaccount.io/prod-power-users")
        .contains("assumerolegrant.xaccount.io/dev-engineers-to-prod created");

    Cli.Result get = kubectl("get", "xar,arg,awsacct", "-A");
    assertThat(get.output())
        .containsPattern("NAMESPACE +NAME +AGE +ACCOUNT +READY +ARN")
        .containsPattern(
            "crossaccountrole.xaccount.io/prod-power-users +\\S+ +prod +True +" + ROLE_ARN)
        .containsPattern(
            "awsaccount.xaccount.io/prod +\\S+ +111111111111 +arn:aws:sts::111111111111:");

    Cli.Result yaml = kubectl("get", "xar", "prod-power-users", "-n", "platform", "-o", "yaml");
    assertThat(yaml.output())
        .contains("kind: CrossAccountRole")
        .contains("roleArn: " + ROLE_ARN)
        .contains("switchRoleUrl: https://signin.aws.amazon.com/switchrole?account=111111111111");

    Cli.Result wait =
        kubectl(
            "wait",
            "--for=condition=Ready",
            "xar/prod-power-users",
            "-n",
            "platform",
            "--timeout=60s");
    assertThat(wait.output()).contains("condition met");
    Cli.Result grant =
        kubectl(
            "wait",
            "--for=condition=Ready",
            "arg/dev-engineers-to-prod",
            "-n",
            "platform",
            "--timeout=60s");
    assertThat(grant.output()).contains("condition met");
    try {
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> Files.readString(watched),
              text -> text.matches("(?s).*dev-engineers-to-prod .* True .*"));
      assertThat(watch.isAlive()).as("the watch streams; it does not end").isTrue();
    } finally {
      watch.destroyForcibly();
    }

    Cli.Result describe = kubectl("describe", "xar", "prod-power-users", "-n", "platform");
    assertThat(describe.output())
        .contains("Events:")
        .doesNotContain("Events:  <none>")
        .contains("RoleCreated");

    Path invalid = dir.resolve("eleven-digits.yaml");
    Files.writeString(
        invalid,
        """
        apiVersion: xaccount.io/v1alpha1
        kind: AwsAccount
        metadata: {name: eleven}
        spec:
          accountId: "12345678901"
          credentials: {source: Default}
        """);
    Cli.Result refused = run(kubectlCommand("apply", "-f", invalid.toString()));
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.output()).contains("is invalid").contains("spec.accountId");

    Cli.Result delete =
        kubectl("delete", "xar", "prod-power-users", "-n", "platform", "--timeout=60s");
    assertThat(delete.output()).contains("deleted");
    Cli.Result gone = run(kubectlCommand("get", "xar", "prod-power-users", "-n", "platform"));
    assertThat(gone.exitCode()).isNotZero();
    assertThat(gone.output()).contains("NotFound");
  }

  @Test
  @Order(3)
  void stoppingItWritesTheReportAndTheIamSnapshotAndLeavesNoTemporaryFolder() throws Exception {
    sandbox.stop();

    assertThat(sandbox.tmpDir()).isEmptyDirectory();

    JsonNode report = JSON.readTree(dir.resolve("report.json").toFile());
    assertThat(report.path("resources").findValuesAsText("name"))
        .contains("prod", "dev", "prod-power-users");
    for (String account : List.of("111111111111", "123456789012")) {
      JsonNode snapshot = JSON.readTree(dir.resolve("iam").resolve(account + ".json").toFile());
      assertThat(snapshot.path("RoleDetailList").findValuesAsText("RoleName"))
          .contains("xaccount-operator");
    }
  }

  /**
   * The AWS CLI with the keys the sandbox printed for {@code who}: an account ID (its
   * administrator) or {@code user <name>} (one of the seed's people).
   */
  private static JsonNode aws(String who, String... args) throws Exception {
    List<String> command = awsCommand(args);
    Cli.Result result = Cli.run(awsEnv(who), command);
    assertThat(result.exitCode()).as(String.join(" ", command) + "\n" + result.output()).isZero();
    // Commands without output (put-user-policy, ...) print nothing.
    return result.output().isBlank() ? JSON.createObjectNode() : JSON.readTree(result.output());
  }

  /** Runs a command that must fail; returns what the CLI printed. */
  private static String awsFails(String who, String... args) throws Exception {
    List<String> command = awsCommand(args);
    Cli.Result result = Cli.run(awsEnv(who), command);
    assertThat(result.exitCode())
        .as(String.join(" ", command) + "\n" + result.output())
        .isNotZero();
    return result.output();
  }

  private static List<String> awsCommand(String... args) {
    List<String> command = new ArrayList<>(List.of("aws", "--endpoint-url", endpoint));
    command.addAll(List.of(args));
    command.addAll(List.of("--output", "json"));
    return command;
  }

  private static Map<String, String> awsEnv(String who) {
    String label = who.matches("\\d{12}") ? "account " + who + ":" : who + " \\([^)]*\\):";
    Matcher keys =
        Pattern.compile(label + " +AWS_ACCESS_KEY_ID=(\\S+) AWS_SECRET_ACCESS_KEY=(\\S+)")
            .matcher(sandbox.stdout());
    assertThat(keys.find()).as("keys of " + who + " printed").isTrue();
    return Map.of(
        "AWS_ACCESS_KEY_ID", keys.group(1),
        "AWS_SECRET_ACCESS_KEY", keys.group(2),
        "AWS_DEFAULT_REGION", "us-east-1",
        "AWS_CONFIG_FILE", dir.resolve("no-aws-config").toString(),
        "AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-aws-credentials").toString(),
        "AWS_PAGER", "",
        "AWS_MAX_ATTEMPTS", "1");
  }

  private static Cli.Result kubectl(String... args) throws Exception {
    List<String> command = kubectlCommand(args);
    Cli.Result result = run(command);
    assertThat(result.exitCode()).as(String.join(" ", command) + "\n" + result.output()).isZero();
    return result;
  }

  private static List<String> kubectlCommand(String... args) {
    List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig));
    command.addAll(List.of(args));
    return command;
  }

  private static Cli.Result run(List<String> command) throws Exception {
    return Cli.run(Map.of(), command);
  }
}
