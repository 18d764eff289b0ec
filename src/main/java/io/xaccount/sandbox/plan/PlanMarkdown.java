package io.xaccount.sandbox.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code plan -o markdown}: the plan as a pull-request comment. A summary line, the errors first,
 * who gains and who loses access (a table, and a Mermaid graph of the changed roles' principals,
 * which GitHub and GitLab render), the resources and their verdicts, then each entity's calls and
 * diffs folded away, then the notes.
 */
final class PlanMarkdown {
  private PlanMarkdown() {}

  static String of(PlanReport report) {
    StringBuilder out = new StringBuilder();
    out.append("### xaccount-operator plan: ")
        .append(report.ok() ? "" : "**failed**: ")
        .append(report.summary())
        .append("\n");
    errors(report, out);
    access(report.access(), out);
    resources(report, out);
    changes(report, out);
    if (!report.notes().isEmpty()) {
      out.append("\n#### Notes\n\n");
      report.notes().forEach(n -> out.append("- ").append(cell(n)).append('\n'));
    }
    return out.toString();
  }

  private static void errors(PlanReport report, StringBuilder out) {
    if (report.errors().isEmpty()) {
      return;
    }
    out.append("\n#### Errors\n\n| resource | reason | message |\n|---|---|---|\n");
    for (PlanReport.Error e : report.errors()) {
      out.append("| ")
          .append(cell(e.where()))
          .append(" | ")
          .append(cell(e.reason()))
          .append(" | ")
          .append(cell(e.message()))
          .append(" |\n");
    }
  }

  private static void access(AccessDiff diff, StringBuilder out) {
    out.append("\n#### Access\n\n");
    if (diff.isEmpty()) {
      out.append("Nobody gains or loses `sts:AssumeRole` on any role.\n");
      return;
    }
    out.append("| | who | role | through |\n|---|---|---|---|\n");
    diff.gains().forEach(p -> row(out, "gains", p));
    diff.losses().forEach(p -> row(out, "loses", p));
    out.append("\n```mermaid\nflowchart LR\n");
    Map<String, String> roles = new LinkedHashMap<>();
    Map<String, String> who = new LinkedHashMap<>();
    List<String> edges = new ArrayList<>();
    edges(diff.gains(), "-->|gains|", roles, who, edges);
    edges(diff.losses(), "-.->|loses|", roles, who, edges);
    roles.forEach(
        (arn, id) -> out.append("  ").append(id).append("[\"").append(label(arn)).append("\"]\n"));
    who.forEach(
        (name, id) -> out.append("  ").append(id).append("[\"").append(name).append("\"]\n"));
    edges.forEach(e -> out.append("  ").append(e).append('\n'));
    out.append("```\n");
  }

  private static void row(StringBuilder out, String what, AccessDiff.Path p) {
    out.append("| ")
        .append(what)
        .append(" | ")
        .append(cell(AccessDiffs.who(p)))
        .append(" | `")
        .append(p.role())
        .append("` | ")
        .append(cell(p.through()))
        .append(" |\n");
  }

  private static void edges(
      List<AccessDiff.Path> paths,
      String arrow,
      Map<String, String> roles,
      Map<String, String> who,
      List<String> edges) {
    for (AccessDiff.Path p : paths) {
      String role = roles.computeIfAbsent(p.role(), r -> "r" + roles.size());
      String from = who.computeIfAbsent(AccessDiffs.who(p), w -> "p" + who.size());
      edges.add(from + " " + arrow + " " + role);
    }
  }

  /** {@code role/CrossAccountSignin (111111111111)} from its ARN. */
  private static String label(String roleArn) {
    String[] parts = roleArn.split(":", 6);
    return parts.length < 6 ? roleArn : parts[5] + " (" + parts[4] + ")";
  }

  private static void resources(PlanReport report, StringBuilder out) {
    out.append("\n#### Resources\n\n| resource | verdict | IAM |\n|---|---|---|\n");
    for (PlanReport.Part part : report.parts()) {
      List<String> entities = new ArrayList<>();
      part.entities()
          .forEach(
              e ->
                  entities.add(
                      PlanReport.sign(e.action()) + " " + e.action() + " `" + e.target() + "`"));
      LastUse.of(part.resource().status()).ifPresent(l -> entities.add(cell(l)));
      out.append("| ")
          .append(part.resource().applied().kind())
          .append(' ')
          .append(part.resource().applied().namespacedName())
          .append(" | ")
          .append(cell(part.resource().reason()))
          .append(" | ")
          .append(String.join("<br>", entities))
          .append(" |\n");
    }
  }

  private static void changes(PlanReport report, StringBuilder out) {
    List<String> lines = new ArrayList<>();
    for (PlanReport.Part part : report.parts()) {
      for (PlanReport.Entity e : part.entities()) {
        for (JsonNode change : e.changes()) {
          lines.add(
              "%s %s: %s"
                  .formatted(
                      PlanReport.sign(e.action()),
                      change.path("action").asText(),
                      change.path("summary").asText()));
          change.path("diff").forEach(d -> lines.add("    " + d.asText()));
        }
      }
    }
    if (lines.isEmpty()) {
      return;
    }
    out.append("\n<details><summary>IAM calls and document diffs</summary>\n\n```diff\n");
    lines.forEach(l -> out.append(l).append('\n'));
    out.append("```\n\n</details>\n");
  }

  /** Text fit for a table cell: no line breaks, pipes escaped. */
  private static String cell(String text) {
    return text.replace("\r", "").replace("\n", " ").replace("|", "\\|");
  }
}
