package io.xaccount.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Lists of a type, in one namespace or all, as the API server serves them: filtered by label and
 * field selectors, in namespace and name order, in pages when the client asks for a {@code limit}
 * (with a {@code continue} token for the next), at the store's resourceVersion; and the collection
 * delete ({@code deletecollection}) of what a list would select.
 */
final class Listing {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Listing() {}

  static MockResponse answer(
      Store store, ResourcePath at, Map<String, String> query, PrinterTable tables) {
    ResourceType type = at.type();
    // Read before the objects: a watch from it then misses no change made while listing.
    long revision = store.revision();
    List<Stored> items = selected(store, at, query);
    String start = start(query.get("continue"));
    if (start != null) {
      items = items.stream().filter(s -> pageKey(s).compareTo(start) > 0).toList();
    }
    long limit = WatchQuery.number(query.getOrDefault("limit", "0"));
    String next = null;
    int remaining = 0;
    if (limit > 0 && items.size() > limit) {
      remaining = items.size() - (int) limit;
      items = items.subList(0, (int) limit);
      next = token(revision, pageKey(items.get(items.size() - 1)));
    }
    if (tables != null) {
      ObjectNode list = JSON.createObjectNode();
      list.putObject("metadata").put("resourceVersion", Long.toString(revision));
      ArrayNode array = list.putArray("items");
      items.forEach(s -> array.add(s.object()));
      ObjectNode table = tables.render(type.crd(), list);
      if (next != null) {
        ((ObjectNode) table.get("metadata")).put("continue", next);
      }
      return ResourceHandler.json(200, table);
    }
    StringBuilder body = new StringBuilder(64 + items.size() * 1024);
    body.append("{\"apiVersion\":\"").append(type.apiVersion()).append("\",\"items\":[");
    for (int i = 0; i < items.size(); i++) {
      body.append(i == 0 ? "" : ",").append(items.get(i).json());
    }
    body.append("],\"kind\":\"").append(type.kind()).append("List\",\"metadata\":{");
    if (next != null) {
      body.append("\"continue\":\"").append(next).append("\",");
      body.append("\"remainingItemCount\":").append(remaining).append(',');
    }
    body.append("\"resourceVersion\":\"").append(revision).append("\"}}");
    return ResourceHandler.json(200, body);
  }

  /** DELETE of a collection: each selected object deleted; the list of what was deleted. */
  static MockResponse deleteAll(
      Store store, Writes writes, ResourcePath at, Map<String, String> query, JsonNode options) {
    boolean dryRun = "All".equals(query.get("dryRun"));
    StringBuilder body = new StringBuilder();
    body.append("{\"apiVersion\":\"").append(at.type().apiVersion()).append("\",\"items\":[");
    String separator = "";
    for (Stored item : selected(store, at, query)) {
      try {
        Writes.Result result =
            writes.delete(at.type(), item.namespace(), item.name(), options, dryRun);
        body.append(separator).append(result.body());
        separator = ",";
      } catch (ApiError e) {
        // Gone meanwhile: nothing left to delete.
      }
    }
    body.append("],\"kind\":\"").append(at.type().kind()).append("List\",\"metadata\":{}}");
    return ResourceHandler.json(200, body);
  }

  private static List<Stored> selected(Store store, ResourcePath at, Map<String, String> query) {
    Predicate<Stored> selected =
        Selectors.of(at.type(), query.get("labelSelector"), query.get("fieldSelector"));
    List<Stored> items = new ArrayList<>();
    for (Stored s : store.list(at.type(), at.namespace())) {
      if (selected.test(s)) {
        items.add(s);
      }
    }
    return items;
  }

  /** Orders as the lists do, by namespace then name (NUL sorts before any name's character). */
  private static String pageKey(Stored s) {
    return s.namespace() + "\u0000" + s.name();
  }

  private static String token(long revision, String lastKey) {
    String json = JSON.createObjectNode().put("rv", revision).put("start", lastKey).toString();
    return Base64.getUrlEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String start(String token) {
    if (token == null || token.isEmpty()) {
      return null;
    }
    try {
      byte[] json = Base64.getUrlDecoder().decode(token);
      return JSON.readTree(json).path("start").asText();
    } catch (IllegalArgumentException | java.io.IOException e) {
      throw Statuses.badRequest("continue key is not valid: " + e.getMessage());
    }
  }
}
