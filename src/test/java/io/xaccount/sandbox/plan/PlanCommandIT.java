package io.xaccount.sandbox.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xaccount.sandbox.SandboxProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offline plan on the packaged jar, against a snapshot of Prod holding decoys: a pre-existing
 * untagged role named like the seed's role (refused: an error, exit 1), a role this cluster owns as
 * its spec says ({@code = unchanged}) and one whose spec changed ({@code ~ update} with the diff);
 * as text and as JSON.
 */
class PlanCommandIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROD_ROLE = "arn:aws:iam::111111111111:role/";
  private static final String[] ARGS = {
    "--apply",
    "examples/seed",
    "--apply",
    "src/test/resources/plan/manifests",
    "--against-snapshot",
    "src/test/resources/plan/snapshot",
    "--cluster-name",
    "plan-ci"
  };

  @TempDir Path dir;

  @Test
  void thePlanShowsEachEntityAndTheRefusalAndExitsOne() throws Exception {
    Run text = plan("text");
    Run json = plan("json", "-o", "json");

    assertThat(text.exit()).as(text.stdout()).isEqualTo(1);
    assertThat(text.stdout())
        .startsWith("CrossAccountRole ")
        .contains(
            "= unchanged "
                + PROD_ROLE
                + "PlanInSync\n  last used 2026-02-03T04:05:06Z in eu-west-1")
        .contains("~ update " + PROD_ROLE + "PlanChanged")
        .contains("never used since its creation at 2026-01-02T03:04:05Z")
        .contains("UpdateAssumeRolePolicy: update trust policy")
        .contains(
            "+ Statement[TrustedPrincipals].Condition:"
                + " {\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}")
        .containsPattern(
            "! CrossAccountRole platform/prod-power-users: NameConflict: The role name"
                + " CrossAccountSignin is not available")
        .contains("! AssumeRoleGrant platform/dev-engineers-to-prod: TargetNotReady")
        .contains("Plan: 0 to create, 1 to update, 0 to delete, 1 unchanged; 2 error(s).")
        .doesNotContain("AdministratorAccess")
        .doesNotContain("INFO");

    assertThat(json.exit()).isEqualTo(1);
    JsonNode report = JSON.readTree(json.stdout());
    assertThat(report.path("formatVersion").asInt()).isEqualTo(2);
    assertThat(report.path("ok").asBoolean()).isFalse();
    assertThat(report.path("summary").path("unchanged").asInt()).isEqualTo(1);
    assertThat(report.path("summary").path("update").asInt()).isEqualTo(1);
    assertThat(report.path("errors").findValuesAsText("reason"))
        .containsExactlyInAnyOrder("NameConflict", "TargetNotReady");
    JsonNode changed =
        report.path("resources").findParents("name").stream()
            .filter(r -> r.path("name").asText().equals("changed"))
            .findFirst()
            .orElseThrow();
    JsonNode entity = changed.path("entities").get(0);
    assertThat(entity.path("action").asText()).isEqualTo("update");
    assertThat(entity.path("target").asText()).isEqualTo(PROD_ROLE + "PlanChanged");
    assertThat(entity.path("changes").findValuesAsText("action"))
        .isEqualTo(List.of("UpdateAssumeRolePolicy"));
    assertThat(changed.path("planHash").asText()).hasSize(16);
  }

  /**
   * Issue 26: a typo'd AWS managed policy, a missing customer managed policy and a missing boundary
   * each fail the plan, with the field, the ARN and the nearest AWS managed name.
   */
  @Test
  void referencesThatDoNotExistFailThePlanWithTheNearestName() throws Exception {
    Run run;
    try (SandboxProcess plan =
        SandboxProcess.run(
            dir.resolve("typos"),
            "plan",
            "--apply",
            "examples/seed/00-accounts.yaml",
            "--apply",
            "src/test/resources/plan/typos")) {
      run = new Run(plan.waitForExit(Duration.ofSeconds(150)), plan.stdout());
    }

    assertThat(run.exit()).as(run.stdout()).isEqualTo(1);
    assertThat(run.stdout())
        .contains(
            "! CrossAccountRole platform/typo-aws: InvalidSpec: spec.managedPolicyArns:"
                + " arn:aws:iam::aws:policy/ReadOnlyAccesss is not an AWS managed policy (did you"
                + " mean arn:aws:iam::aws:policy/ReadOnlyAccess?)")
        .contains(
            "! CrossAccountRole platform/missing-team: InvalidSpec: spec.managedPolicyArns:"
                + " arn:aws:iam::111111111111:policy/team-gone does not exist in account"
                + " 111111111111")
        .contains(
            "! CrossAccountRole platform/missing-boundary: InvalidSpec:"
                + " spec.permissionsBoundaryArn: arn:aws:iam::aws:policy/PowerUsersAccess is not an"
                + " AWS managed policy (did you mean arn:aws:iam::aws:policy/PowerUserAccess?)")
        .contains("3 error(s)");
  }

  private record Run(int exit, String stdout) {}

  private Run plan(String name, String... more) throws Exception {
    String[] args = new String[ARGS.length + more.length];
    System.arraycopy(ARGS, 0, args, 0, ARGS.length);
    System.arraycopy(more, 0, args, ARGS.length, more.length);
    try (SandboxProcess plan = SandboxProcess.run(dir.resolve(name), "plan", args)) {
      int exit = plan.waitForExit(Duration.ofSeconds(150));
      return new Run(exit, plan.stdout());
    }
  }
}
