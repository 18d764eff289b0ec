package io.xaccount.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Event lists filtered by a field selector, as {@code kubectl describe} asks for them ({@code
 * involvedObject.name=...,involvedObject.namespace=...,involvedObject.kind=...,
 * involvedObject.uid=...}); the mock server's CRUD dispatcher answers such a list with nothing.
 */
final class EventSelector {
  private static final Pattern EVENTS =
      Pattern.compile("/api/v1/(namespaces/([^/]+)/)?events\\?(.*)");

  private final ObjectMapper mapper;

  EventSelector(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /**
   * The filtered list for a GET of events with a field selector, or empty for any other request.
   *
   * @param list reads the unfiltered list at a path (its JSON), null when there is none
   */
  Optional<JsonNode> answer(String method, String path, Function<String, String> list) {
    Matcher m = EVENTS.matcher(path);
    if (!"GET".equals(method) || !m.matches()) {
      return Optional.empty();
    }
    Map<String, String> query = WatchQuery.parameters(m.group(3));
    String selector = query.get("fieldSelector");
    if (selector == null || query.containsKey("watch")) {
      return Optional.empty();
    }
    String all = list.apply(path.substring(0, path.indexOf('?')));
    if (all == null) {
      return Optional.empty();
    }
    try {
      ObjectNode events = (ObjectNode) mapper.readTree(all);
      ArrayNode kept = mapper.createArrayNode();
      for (JsonNode event : events.path("items")) {
        if (matches(event, selector)) {
          kept.add(event);
        }
      }
      events.set("items", kept);
      // The CRUD dispatcher says List; kubectl decodes only an EventList into events.
      events.put("kind", "EventList").put("apiVersion", "v1");
      return Optional.of(events);
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  /** Every {@code field=value} (or {@code ==}, {@code !=}) term holds for the event. */
  static boolean matches(JsonNode event, String selector) {
    for (String term : selector.split(",")) {
      boolean negated = term.contains("!=");
      String[] parts = term.split(negated ? "!=" : "==?", 2);
      if (parts.length != 2) {
        continue;
      }
      JsonNode node = event;
      for (String segment : parts[0].trim().split("\\.")) {
        node = node.path(segment);
      }
      boolean equal = node.asText("").equals(parts[1].trim());
      if (equal == negated) {
        return false;
      }
    }
    return true;
  }
}
