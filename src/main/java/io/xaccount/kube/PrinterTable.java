package io.xaccount.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders objects as the {@code meta.k8s.io/v1} Table a real API server returns to {@code kubectl
 * get}, with the CRD's printer columns (the mock server knows nothing of them).
 */
final class PrinterTable {
  private final ObjectMapper mapper;
  private final Clock clock;

  PrinterTable(ObjectMapper mapper, Clock clock) {
    this.mapper = mapper;
    this.clock = clock;
  }

  /** A Table for a single object or a list ({@code items}). */
  ObjectNode render(CustomResourceDefinition crd, JsonNode objectOrList) {
    List<CustomResourceColumnDefinition> columns =
        crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns();
    ObjectNode table = mapper.createObjectNode();
    table.put("kind", "Table");
    table.put("apiVersion", "meta.k8s.io/v1");
    ObjectNode metadata = table.putObject("metadata");
    JsonNode listMeta = objectOrList.path("metadata").path("resourceVersion");
    if (objectOrList.has("items") && listMeta.isTextual()) {
      metadata.put("resourceVersion", listMeta.asText());
    }
    ArrayNode definitions = table.putArray("columnDefinitions");
    definitions.add(column("Name", "string", "name", 0));
    for (CustomResourceColumnDefinition c : columns) {
      int priority = c.getPriority() == null ? 0 : c.getPriority();
      definitions.add(column(c.getName(), "string", "", priority));
    }
    ArrayNode rows = table.putArray("rows");
    List<JsonNode> objects = new ArrayList<>();
    if (objectOrList.has("items")) {
      objectOrList.get("items").forEach(objects::add);
    } else {
      objects.add(objectOrList);
    }
    for (JsonNode object : objects) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      cells.add(object.path("metadata").path("name").asText());
      for (CustomResourceColumnDefinition c : columns) {
        String value = JsonPathLite.text(object, c.getJsonPath());
        cells.add("date".equals(c.getType()) ? age(value) : value);
      }
      row.set("object", object);
    }
    return table;
  }

  private ObjectNode column(String name, String type, String format, int priority) {
    ObjectNode column = mapper.createObjectNode();
    column.put("name", name);
    column.put("type", type);
    column.put("format", format);
    column.put("description", "");
    column.put("priority", priority);
    return column;
  }

  /** kubectl's short age format: 42s, 5m, 3h, 2d. */
  private String age(String timestamp) {
    if (timestamp.isEmpty()) {
      return "<unknown>";
    }
    try {
      Duration age = Duration.between(Instant.parse(timestamp), clock.instant());
      if (age.toSeconds() < 120) {
        return Math.max(0, age.toSeconds()) + "s";
      } else if (age.toMinutes() < 120) {
        return age.toMinutes() + "m";
      } else if (age.toHours() < 48) {
        return age.toHours() + "h";
      }
      return age.toDays() + "d";
    } catch (DateTimeParseException e) {
      return timestamp;
    }
  }
}
