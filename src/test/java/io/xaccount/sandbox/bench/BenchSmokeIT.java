package io.xaccount.sandbox.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xaccount.sandbox.SandboxProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's CI smoke: N=100 on the packaged jar without IAM's pace (call counts do not depend
 * on it), asserting the call-count invariants only (never timings): first convergence makes exactly
 * the minimal writes per shape, a resync makes none and reads each account's roles in bulk at most
 * once per 0.9 resync interval, the change wave one write per changed resource, and everything is
 * deleted.
 */
class BenchSmokeIT {
  private static final int N = 100;

  @Test
  void callCountInvariantsHold() throws Exception {
    Path out = Files.createTempDirectory("bench-smoke");
    List<String> command = SandboxProcess.jarCommand("bench");
    command.addAll(
        List.of(
            "--roles",
            "" + N,
            "--grants",
            "" + N,
            "--resync-interval",
            "5",
            "--resyncs",
            "2",
            "--no-pace",
            "--out",
            out.toString()));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(out.resolve("output.txt").toFile())
            .start();
    assertThat(process.waitFor(Duration.ofMinutes(10).toSeconds(), TimeUnit.SECONDS))
        .as("bench finished")
        .isTrue();
    assertThat(process.exitValue()).as(Files.readString(out.resolve("output.txt"))).isZero();

    JsonNode report = new ObjectMapper().readTree(out.resolve("bench.json").toFile());
    JsonNode phases = report.path("phases");
    for (String phase : List.of("create", "steady", "change", "delete")) {
      assertThat(phases.path(phase).path("completed").asBoolean()).as(phase).isTrue();
    }
    // Role: CreateRole, AttachRolePolicy, PutRolePolicy, exactly. Grants: 25 per group, packed
    // into one policy per group: one CreatePolicy and one AttachGroupPolicy per group, and a new
    // version for each batch of grants that arrives later (never more than one per grant).
    JsonNode create = phases.path("create");
    int groups = (N / 2 + 24) / 25 * 2;
    assertThat(count(create, "CreateRole")).isEqualTo(N);
    assertThat(count(create, "AttachRolePolicy")).isEqualTo(N);
    assertThat(count(create, "PutRolePolicy")).isEqualTo(N);
    assertThat(count(create, "CreatePolicy")).isEqualTo(groups);
    assertThat(count(create, "AttachGroupPolicy")).isEqualTo(groups);
    assertThat(count(create, "CreatePolicyVersion")).isLessThanOrEqualTo(N - groups);
    assertThat(create.path("writes").asInt())
        .isEqualTo(
            3 * N
                + 2 * groups
                + count(create, "CreatePolicyVersion")
                + count(create, "DeletePolicyVersion"));
    assertThat(phases.path("steady").path("writes").asInt())
        .as("zero writes at steady state")
        .isZero();
    assertThat(phases.path("steady").path("calls").asInt()).as("a resync happened").isPositive();
    // Each account's 50 roles resync against a bulk read of it (one GetAccountAuthorizationDetails
    // and one ListRoles page at this size), made at most once per 0.9 resync interval: in the
    // 11 s of two 5 s periods, once to three times.
    phases
        .path("steady")
        .path("byAccount")
        .forEach(
            calls -> {
              int bulk = calls.path("iam:GetAccountAuthorizationDetails").asInt();
              assertThat(bulk).as("bulk reads of an account").isBetween(1, 3);
              // A read's ListRoles follows its GetAccountAuthorizationDetails; one begun just
              // before the phase's start (or end) has its two calls in two phases.
              assertThat(calls.path("iam:ListRoles").asInt()).isBetween(bulk - 1, bulk + 1);
            });
    assertThat(report.path("steadyCallsPerResync").path("bulkReads").asDouble()).isPositive();
    // A tenth of the roles get a new inline document (PutRolePolicy); a tenth of the grants
    // require MFA: their statements change in their groups' policies (CreatePolicyVersion, at
    // most one per grant, and DeletePolicyVersion at IAM's limit of five versions).
    JsonNode change = phases.path("change");
    assertThat(count(change, "PutRolePolicy")).isEqualTo(N / 10);
    assertThat(count(change, "CreatePolicyVersion")).isBetween(1, N / 10);
    assertThat(change.path("writes").asInt())
        .isEqualTo(
            N / 10 + count(change, "CreatePolicyVersion") + count(change, "DeletePolicyVersion"));
    assertThat(Files.readString(out.resolve("bench.md"))).contains("| create |");
  }

  /** Successful and failed calls of an IAM action in a phase, all accounts. */
  private static int count(JsonNode phase, String action) {
    int n = 0;
    for (JsonNode account : phase.path("byAccount")) {
      n += account.path("iam:" + action).asInt();
    }
    return n;
  }
}
