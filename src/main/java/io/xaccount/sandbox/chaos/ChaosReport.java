package io.xaccount.sandbox.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** {@code chaos.json} (versioned) and {@code chaos.md}: the run's figures and its audit. */
final class ChaosReport {
  static final int VERSION = 1;
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT);

  /** One phase of the run: how long it took and whether it finished. */
  record Phase(String name, Duration took, boolean completed) {}

  private ChaosReport() {}

  static ObjectNode json(ChaosOptions options, ChaosRun run, Duration took) {
    ObjectNode report = JSON.createObjectNode();
    report.put("version", VERSION);
    report.put("passed", run.audit != null && run.audit.passed());
    ObjectNode o = report.putObject("options");
    o.put("resources", options.resources());
    o.put("kills", options.kills());
    o.put("durationSeconds", options.duration().toSeconds());
    o.put("resyncIntervalSeconds", options.resyncInterval().toSeconds());
    o.put("iamErrorRatePercent", options.iamErrorRate());
    options.backoffMax().ifPresent(max -> o.put("backoffMaxSeconds", max.toSeconds()));
    o.put("seed", options.seed());
    report.put("seconds", took.toMillis() / 1000.0);
    var phases = report.putArray("phases");
    for (Phase p : run.phases) {
      phases
          .addObject()
          .put("name", p.name())
          .put("seconds", p.took().toMillis() / 1000.0)
          .put("completed", p.completed());
    }
    report.set("figures", JSON.valueToTree(run.figures));
    if (run.audit != null) {
      ObjectNode audit = report.putObject("audit");
      audit.set("looked", JSON.valueToTree(run.audit.looked()));
      ObjectNode counts = audit.putObject("counts");
      run.audit.findings().forEach((check, found) -> counts.put(check, found.size()));
      audit.set("findings", JSON.valueToTree(run.audit.findings()));
    }
    return report;
  }

  static String markdown(ObjectNode report) {
    StringBuilder md = new StringBuilder();
    md.append("# Chaos run: ").append(report.path("passed").asBoolean() ? "PASSED" : "FAILED");
    md.append("\n\n");
    var f = report.path("figures");
    md.append(
        "%d resources (%d roles, %d grants, %d colliding), %d kills, %.0f s in all; settled %.1f s after the last fault.%n%n"
            .formatted(
                report.path("options").path("resources").asInt(),
                f.path("roles").asInt(),
                f.path("grants").asInt(),
                f.path("collisions").asInt(),
                f.path("kills").size(),
                report.path("seconds").asDouble(),
                f.path("secondsToSettleAfterLastFault").asDouble()));
    md.append("| phase | seconds | done |\n|---|---:|---|\n");
    report
        .path("phases")
        .forEach(
            p ->
                md.append(
                    "| %s | %.1f | %s |%n"
                        .formatted(
                            p.path("name").asText(),
                            p.path("seconds").asDouble(),
                            p.path("completed").asBoolean() ? "yes" : "NO")));
    md.append("\nFaults: IAM ").append(f.path("iamFaults"));
    md.append(", Kubernetes ").append(f.path("kubernetesFaults"));
    md.append(", out-of-band edits ").append(f.path("outOfBandEdits")).append("\n\n");
    md.append("| audit check | found |\n|---|---:|\n");
    report
        .path("audit")
        .path("counts")
        .fields()
        .forEachRemaining(
            e -> md.append("| %s | %d |%n".formatted(e.getKey(), e.getValue().asInt())));
    report
        .path("audit")
        .path("findings")
        .fields()
        .forEachRemaining(
            e -> {
              for (var item : e.getValue()) {
                md.append("- ").append(e.getKey()).append(": ").append(item.asText()).append('\n');
              }
            });
    return md.toString();
  }

  static void write(Path dir, ObjectNode report) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("chaos.json"), JSON.writeValueAsString(report) + "\n");
    Files.writeString(dir.resolve("chaos.md"), markdown(report));
  }
}
