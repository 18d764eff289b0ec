package io.xaccount.sandbox.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xaccount.sandbox.Applied;
import io.xaccount.sandbox.Manifests;
import io.xaccount.sandbox.Observed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code plan} prints: per CrossAccountRole and AssumeRoleGrant, the IAM entities its plan
 * touches, Terraform-style ({@code + create}, {@code ~ update}, {@code - delete}, {@code =
 * unchanged}) with each call and its document diff; then the errors (refusals, invalid specs,
 * ownership conflicts, IAM limits, rejected documents, anything not settled). As text, or as JSON
 * with {@code formatVersion} for CI.
 */
final class PlanReport {
  /** 2: the access diff ({@code accessDiff}) and {@code notes}. */
  static final int FORMAT_VERSION = 2;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** One IAM entity and the calls on it. */
  record Entity(String action, String target, List<JsonNode> changes) {}

  /** One resource's part of the plan. */
  record Part(Observed resource, List<Entity> entities) {}

  /** One thing that makes the plan fail. */
  record Error(String where, String reason, String message) {}

  private final List<Part> parts = new ArrayList<>();
  private final List<Error> errors = new ArrayList<>();
  private List<String> notes = List.of();
  private AccessDiff access = AccessDiff.NONE;

  PlanReport(
      List<Observed> resources,
      Map<Applied, String> blocked,
      List<Manifests.Problem> problems,
      boolean timedOut) {
    problems.forEach(p -> errors.add(new Error(p.where(), "Rejected", p.reason())));
    for (Observed o : resources) {
      String where = o.applied().kind() + " " + o.applied().namespacedName();
      if (!o.isReady()) {
        String message =
            blocked.containsKey(o.applied())
                ? blocked.get(o.applied())
                : o.message().isEmpty() && timedOut
                    ? "not settled before the timeout"
                    : o.message();
        errors.add(new Error(where, o.reason().isEmpty() ? "NotReady" : o.reason(), message));
        continue;
      }
      if (o.applied().kind().equals("CrossAccountRole")
          || o.applied().kind().equals("AssumeRoleGrant")) {
        parts.add(new Part(o, entities(o)));
      }
    }
  }

  /** What the plan could not compare, and hints about its own configuration. */
  PlanReport withNotes(List<String> notes) {
    this.notes = List.copyOf(notes);
    return this;
  }

  /** Who gains and who loses access with the plan. */
  PlanReport withAccess(AccessDiff access) {
    this.access = access;
    return this;
  }

  boolean ok() {
    return errors.isEmpty();
  }

  List<Part> parts() {
    return parts;
  }

  List<Error> errors() {
    return errors;
  }

  List<String> notes() {
    return notes;
  }

  AccessDiff access() {
    return access;
  }

  static String sign(String action) {
    return switch (action) {
      case "create" -> "+";
      case "delete" -> "-";
      case "update" -> "~";
      default -> "=";
    };
  }

  /**
   * The summary line, e.g. {@code 1 to create, 0 to update, 0 to delete, 1 unchanged; 0 error(s)}.
   */
  String summary() {
    Map<String, Integer> counts = counts();
    return "%d to create, %d to update, %d to delete, %d unchanged; %d error(s)"
        .formatted(
            counts.get("create"),
            counts.get("update"),
            counts.get("delete"),
            counts.get("unchanged"),
            errors.size());
  }

  /** The calls grouped by target, each target marked by what happens to it. */
  private static List<Entity> entities(Observed o) {
    Map<String, List<JsonNode>> byTarget = new LinkedHashMap<>();
    for (JsonNode change : o.status().path("plannedChanges")) {
      byTarget.computeIfAbsent(change.path("target").asText(), t -> new ArrayList<>()).add(change);
    }
    List<Entity> entities = new ArrayList<>();
    byTarget.forEach(
        (target, changes) -> entities.add(new Entity(action(changes), target, changes)));
    if (entities.isEmpty()) {
      entities.add(new Entity("unchanged", o.arn().isEmpty() ? "-" : o.arn(), List.of()));
    }
    return entities;
  }

  private static String action(List<JsonNode> changes) {
    List<String> actions = changes.stream().map(c -> c.path("action").asText()).toList();
    if (actions.contains("CreateRole") || actions.contains("CreatePolicy")) {
      return "create";
    }
    if (actions.contains("DeleteRole") || actions.contains("DeletePolicy")) {
      return "delete";
    }
    return "update";
  }

  private Map<String, Integer> counts() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String action : List.of("create", "update", "delete", "unchanged")) {
      counts.put(action, 0);
    }
    parts.forEach(p -> p.entities().forEach(e -> counts.merge(e.action(), 1, Integer::sum)));
    return counts;
  }

  String text() {
    StringBuilder out = new StringBuilder();
    for (Part part : parts) {
      Observed o = part.resource();
      out.append(o.applied().kind())
          .append(' ')
          .append(o.applied().namespacedName())
          .append(" (")
          .append(o.reason())
          .append(")\n");
      for (Entity e : part.entities()) {
        out.append("  ").append(sign(e.action())).append(' ').append(e.action());
        out.append(' ').append(e.target()).append('\n');
        for (JsonNode change : e.changes()) {
          out.append("      ")
              .append(change.path("action").asText())
              .append(": ")
              .append(change.path("summary").asText())
              .append('\n');
          change
              .path("diff")
              .forEach(l -> out.append("          ").append(l.asText()).append('\n'));
        }
      }
      // IAM's record of the role's last use (issue 31), when the role exists.
      LastUse.of(o.status()).ifPresent(l -> out.append("  ").append(l).append('\n'));
      // The access map (issue 17), when the operator reports one: a line per path.
      JsonNode access = o.status().get("access");
      if (access != null && !access.isNull()) {
        out.append("  access:\n");
        AccessLines.of(access).forEach(line -> out.append("    ").append(line).append('\n'));
      }
    }
    if (!errors.isEmpty()) {
      out.append("\nErrors:\n");
      errors.forEach(
          e ->
              out.append("  ! ")
                  .append(e.where())
                  .append(": ")
                  .append(e.reason())
                  .append(": ")
                  .append(e.message())
                  .append('\n'));
    }
    if (!access.isEmpty()) {
      out.append("\nAccess:\n");
      access.gains().forEach(p -> out.append("  + ").append(AccessDiffs.line(p)).append('\n'));
      access.losses().forEach(p -> out.append("  - ").append(AccessDiffs.line(p)).append('\n'));
    }
    if (!notes.isEmpty()) {
      out.append("\nNotes:\n");
      notes.forEach(n -> out.append("  - ").append(n).append('\n'));
    }
    out.append("\nPlan: ").append(summary()).append(".\n");
    return out.toString();
  }

  String json() {
    ObjectNode root = JSON.createObjectNode();
    root.put("formatVersion", FORMAT_VERSION);
    root.put("ok", ok());
    ObjectNode summary = root.putObject("summary");
    counts().forEach(summary::put);
    summary.put("errors", errors.size());
    ArrayNode resources = root.putArray("resources");
    for (Part part : parts) {
      Observed o = part.resource();
      ObjectNode item = resources.addObject();
      item.put("kind", o.applied().kind());
      item.put("namespace", o.applied().namespace());
      item.put("name", o.applied().name());
      item.put("reason", o.reason());
      item.put("planHash", o.statusText("planHash"));
      ArrayNode entities = item.putArray("entities");
      for (Entity e : part.entities()) {
        ObjectNode entity = entities.addObject();
        entity.put("action", e.action());
        entity.put("target", e.target());
        entity.putArray("changes").addAll(e.changes());
      }
      JsonNode access = o.status().get("access");
      if (access != null && !access.isNull()) {
        item.set("access", access);
      }
      JsonNode lastUsed = o.status().get("lastUsed");
      if (lastUsed != null && lastUsed.isObject()) {
        item.set("lastUsed", lastUsed);
      }
    }
    ObjectNode accessJson = root.putObject("accessDiff");
    AccessDiffs.json(accessJson.putArray("gains"), access.gains());
    AccessDiffs.json(accessJson.putArray("losses"), access.losses());
    ArrayNode notesJson = root.putArray("notes");
    notes.forEach(notesJson::add);
    ArrayNode list = root.putArray("errors");
    for (Error e : errors) {
      list.addObject()
          .put("where", e.where())
          .put("reason", e.reason())
          .put("message", e.message());
    }
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
