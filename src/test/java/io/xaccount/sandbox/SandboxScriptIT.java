package io.xaccount.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's one command: {@code ./sandbox} runs the seed scenario and exits 0 when all is Ready.
 */
class SandboxScriptIT {
  @Test
  void oneCommandRunsTheSeed() throws Exception {
    assertThat(SandboxProcess.JAR).as("run `./mvnw package` first").exists();

    Cli.Result run = Cli.run(Map.of(), List.of("./sandbox"));

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output())
        .doesNotContain("Building the operator")
        .containsPattern("CrossAccountRole +platform/prod-power-users +True +Converged")
        .containsPattern("AssumeRoleGrant +platform/dev-engineers-to-prod +True +Converged");
  }
}
