package io.xaccount.emulator.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.xaccount.emulator.model.PolicyDocuments;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The independent evaluator, {@code @cloud-copilot/iam-simulate}, as installed by {@code
 * scripts/install-iam-simulate.sh} under {@code target/iam-simulate}: one {@code node} process
 * decides a whole batch ({@code src/test/iam-simulate/simulate.js}).
 */
final class IamSimulate {
  static final Path HOME = Path.of("target", "iam-simulate");
  private static final Path RUNNER = Path.of("src", "test", "iam-simulate", "simulate.js");

  private IamSimulate() {}

  /** Why the reference cannot run on this machine, or null when it can. */
  static String unavailable() throws IOException {
    if (Files.exists(HOME.resolve("UNAVAILABLE"))) {
      return "scripts/install-iam-simulate.sh could not install it: "
          + Files.readString(HOME.resolve("UNAVAILABLE")).trim();
    }
    if (!Files.exists(HOME.resolve("node_modules/@cloud-copilot/iam-simulate/package.json"))) {
      return "it is not installed; run scripts/install-iam-simulate.sh (.ci/run does)";
    }
    if (!onPath("node")) {
      return "node is not on PATH";
    }
    return null;
  }

  /**
   * The reference's answer for each case, by case ID: {@code decision} or {@code error}. The batch
   * and the answers stay in {@code target/iam-simulate/<batch>-cases.json} and {@code
   * <batch>-decisions.json} for whoever investigates a disagreement.
   */
  static Map<Integer, JsonNode> decide(String batchName, List<DifferentialCase> cases)
      throws Exception {
    ArrayNode batch = DifferentialCase.array();
    cases.forEach(c -> batch.add(c.json()));
    Path in = HOME.resolve(batchName + "-cases.json");
    Path out = HOME.resolve(batchName + "-decisions.json");
    Files.writeString(in, batch.toString(), StandardCharsets.UTF_8);
    Process p =
        new ProcessBuilder("node", RUNNER.toString(), HOME.toString())
            .redirectInput(in.toFile())
            .redirectOutput(out.toFile())
            .redirectError(ProcessBuilder.Redirect.PIPE)
            .start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("iam-simulate failed: " + err);
    }
    Map<Integer, JsonNode> byId = new HashMap<>();
    PolicyDocuments.JSON.readTree(out.toFile()).forEach(r -> byId.put(r.path("id").asInt(), r));
    return byId;
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
