package io.xaccount.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Function;

/**
 * Plain HTTP watches, as kubectl and client-go make them (the mock server only streams watches over
 * WebSocket, as the Fabric8 client makes them). Each watch answers at once: the objects changed
 * since the requested resourceVersion as MODIFIED events, or, when nothing changed, 410 Gone, which
 * makes the client list again after its back-off (and so also notice deletions).
 */
final class HttpWatch {
  private final ObjectMapper mapper;

  HttpWatch(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  static boolean isHttpWatch(String method, String path, String upgrade) {
    return "GET".equals(method)
        && (path.contains("?watch=true") || path.contains("&watch=true"))
        && (upgrade == null || !upgrade.toLowerCase().contains("websocket"));
  }

  /** Answers the watch from a plain list of the same objects ({@code list} does the GET). */
  MockResponse respond(String path, Function<String, MockResponse> list) {
    String bare = path.substring(0, path.indexOf('?'));
    String query = path.substring(path.indexOf('?') + 1);
    long since =
        WatchQuery.number(WatchQuery.parameters(query).getOrDefault("resourceVersion", "0"));
    MockResponse current = list.apply(WatchQuery.listOf(bare, query));
    if (current.code() != 200) {
      return current;
    }
    StringBuilder events = new StringBuilder();
    try {
      JsonNode items = mapper.readTree(current.getBody().readUtf8()).path("items");
      for (JsonNode item : items) {
        if (WatchQuery.number(item.path("metadata").path("resourceVersion").asText()) > since) {
          ObjectNode event = mapper.createObjectNode().put("type", "MODIFIED");
          event.set("object", item);
          events.append(event).append('\n');
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (events.length() == 0) {
      ObjectNode gone = mapper.createObjectNode().put("kind", "Status").put("apiVersion", "v1");
      gone.putObject("metadata");
      gone.put("status", "Failure").put("reason", "Expired").put("code", 410);
      gone.put("message", "the sandbox ends idle watches; list again");
      return new MockResponse()
          .setResponseCode(410)
          .setHeader("Content-Type", "application/json")
          .setBody(gone.toString());
    }
    return new MockResponse()
        .setResponseCode(200)
        .setHeader("Content-Type", "application/json")
        .setBody(events.toString());
  }
}
