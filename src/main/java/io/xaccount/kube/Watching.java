package io.xaccount.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.Map;

/**
 * Watches at the embedded API's own port: over WebSocket, as the Fabric8 client (the operator's)
 * makes them, streamed for as long as the watch lasts; a plain HTTP watch is answered with the
 * events it starts with and ends there (the mock server's transport writes whole responses; the
 * {@link StreamingFront} streams them for kubectl), and the client watches again.
 */
final class Watching {
  private Watching() {}

  static MockResponse answer(
      Store store,
      ResourcePath at,
      Map<String, String> query,
      String upgrade,
      PrinterTable tables) {
    // A selector the API refuses is answered 400 before anything streams.
    Selectors.of(at.type(), query.get("labelSelector"), query.get("fieldSelector"));
    WatchHub.Encoder encoder = encoder(at.type(), tables);
    if (upgrade != null && upgrade.toLowerCase(java.util.Locale.ROOT).contains("websocket")) {
      return new MockResponse().withWebSocketUpgrade(new Socket(store, at, query, encoder));
    }
    StringBuilder lines = new StringBuilder();
    WatchHub.Watch watch =
        WatchOpening.open(
            store,
            at.type(),
            at.namespace(),
            query,
            new WatchHub.Sink() {
              @Override
              public boolean deliver(String line) {
                lines.append(line).append('\n');
                return true;
              }

              @Override
              public void end() {}
            },
            encoder);
    if (watch != null) {
      store.watches().remove(watch);
    }
    return ResourceHandler.json(200, lines);
  }

  /** Objects as JSON, or as Table rows for {@code kubectl get -w}. */
  static WatchHub.Encoder encoder(ResourceType type, PrinterTable tables) {
    if (tables == null) {
      return WatchHub.OBJECTS;
    }
    return (eventType, object) -> {
      JsonNode item = object.object();
      ObjectNode rendered = tables.render(type.crd(), item);
      // The row carries the object's metadata, so that kubectl can tell rows apart.
      ObjectNode partial = JsonNodeFactory.instance.objectNode();
      partial.put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
      partial.set("metadata", item.path("metadata"));
      rendered.withArray("rows").forEach(r -> ((ObjectNode) r).set("object", partial));
      ObjectNode event = JsonNodeFactory.instance.objectNode().put("type", eventType);
      event.set("object", rendered);
      return event.toString();
    };
  }

  /** One watch over a WebSocket, from its opening to its closing by either side. */
  private static final class Socket extends WebSocketListener {
    private final Store store;
    private final ResourcePath at;
    private final Map<String, String> query;
    private final WatchHub.Encoder encoder;
    private volatile WatchHub.Watch watch;

    Socket(Store store, ResourcePath at, Map<String, String> query, WatchHub.Encoder encoder) {
      this.store = store;
      this.at = at;
      this.query = query;
      this.encoder = encoder;
    }

    @Override
    public void onOpen(WebSocket socket, Response response) {
      watch =
          WatchOpening.open(
              store,
              at.type(),
              at.namespace(),
              query,
              new WatchHub.Sink() {
                @Override
                public boolean deliver(String line) {
                  return socket.send(line);
                }

                @Override
                public void end() {
                  socket.close(1000, "");
                }
              },
              encoder);
    }

    @Override
    public void onClosing(WebSocket socket, int code, String reason) {
      socket.close(code, reason);
      forget();
    }

    @Override
    public void onClosed(WebSocket socket, int code, String reason) {
      forget();
    }

    @Override
    public void onFailure(WebSocket socket, Throwable error, Response response) {
      socket.close(1000, String.valueOf(error.getMessage()));
      forget();
    }

    private void forget() {
      WatchHub.Watch open = watch;
      if (open != null) {
        store.watches().remove(open);
      }
    }
  }
}
