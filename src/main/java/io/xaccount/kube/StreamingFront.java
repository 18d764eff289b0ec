package io.xaccount.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.xaccount.sandbox.Crds;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * What kubectl connects to: a front on the loopback interface that streams plain HTTP watches
 * ({@code kubectl get -w}), which the mock server cannot (it answers a request with one complete
 * body), and passes every other request to the embedded API unchanged. A watch is served by listing
 * the same objects every {@link #POLL} and sending what was added, modified or deleted since, as a
 * cluster's watch would, until the client goes or its timeout ends.
 */
final class StreamingFront implements AutoCloseable {
  static final Duration POLL = Duration.ofMillis(300);
  private static final Duration MAX_WATCH = Duration.ofMinutes(30);
  private static final Set<String> NOT_FORWARDED =
      Set.of("connection", "content-length", "expect", "host", "upgrade", "transfer-encoding");

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(daemon());
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final URI backend;
  private final Crds crds;
  private final ObjectMapper mapper = new ObjectMapper();
  private final PrinterTable tables = new PrinterTable(mapper, Clock.systemUTC());

  private StreamingFront(HttpServer server, URI backend, Crds crds) {
    this.server = server;
    this.backend = backend;
    this.crds = crds;
  }

  static StreamingFront start(String backendUrl, Crds crds) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      StreamingFront front = new StreamingFront(server, URI.create(backendUrl), crds);
      server.createContext("/", front::handle);
      server.setExecutor(front.executor);
      server.start();
      return front;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the sandbox's API front", e);
    }
  }

  /** {@code http://127.0.0.1:<port>} */
  String url() {
    return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String query = exchange.getRequestURI().getRawQuery();
      Map<String, String> parameters = WatchQuery.parameters(query);
      boolean watch = "true".equals(parameters.get("watch")) || "1".equals(parameters.get("watch"));
      if ("GET".equals(exchange.getRequestMethod()) && watch) {
        stream(exchange, exchange.getRequestURI().getRawPath(), query, parameters);
      } else {
        forward(exchange);
      }
    }
  }

  private void forward(HttpExchange exchange) throws IOException {
    String target = exchange.getRequestURI().getRawPath();
    if (exchange.getRequestURI().getRawQuery() != null) {
      target += "?" + exchange.getRequestURI().getRawQuery();
    }
    byte[] body = exchange.getRequestBody().readAllBytes();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(backend.resolve(target))
            .method(
                exchange.getRequestMethod(),
                body.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
              }
            });
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    response
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
              }
            });
    byte[] answer = response.body();
    exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
    if (answer.length > 0) {
      exchange.getResponseBody().write(answer);
    }
  }

  private void stream(
      HttpExchange exchange, String path, String query, Map<String, String> parameters)
      throws IOException {
    String list = WatchQuery.listOf(path, query);
    Optional<CustomResourceDefinition> crd = ours(path);
    String accept = exchange.getRequestHeaders().getFirst("Accept");
    boolean table = crd.isPresent() && accept != null && accept.contains("as=Table");
    long since = WatchQuery.number(parameters.getOrDefault("resourceVersion", "0"));
    Duration timeout =
        parameters.containsKey("timeoutSeconds")
            ? Duration.ofSeconds(
                Math.min(
                    WatchQuery.number(parameters.get("timeoutSeconds")), MAX_WATCH.toSeconds()))
            : MAX_WATCH;
    Instant deadline = Instant.now().plus(timeout);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    Map<String, JsonNode> known = null;
    try {
      while (Instant.now().isBefore(deadline)) {
        Map<String, JsonNode> now = items(list);
        if (now == null) {
          return;
        }
        StringBuilder events = new StringBuilder();
        if (known == null) {
          for (JsonNode item : now.values()) {
            if (version(item) > since) {
              events.append(event("ADDED", item, crd, table));
            }
          }
        } else {
          for (var entry : now.entrySet()) {
            JsonNode before = known.get(entry.getKey());
            if (before == null) {
              events.append(event("ADDED", entry.getValue(), crd, table));
            } else if (version(before) != version(entry.getValue())) {
              events.append(event("MODIFIED", entry.getValue(), crd, table));
            }
          }
          for (var entry : known.entrySet()) {
            if (!now.containsKey(entry.getKey())) {
              events.append(event("DELETED", entry.getValue(), crd, table));
            }
          }
        }
        known = now;
        if (events.length() > 0) {
          out.write(events.toString().getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
        Thread.sleep(POLL.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // The client went away: the watch ends.
    }
  }

  /** The listed objects by namespace/name, or null when the list cannot be read. */
  private Map<String, JsonNode> items(String list) throws IOException {
    HttpResponse<String> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(backend.resolve(list))
                  .header("Accept", "application/json")
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
    if (response.statusCode() != 200) {
      return null;
    }
    Map<String, JsonNode> items = new LinkedHashMap<>();
    for (JsonNode item : mapper.readTree(response.body()).path("items")) {
      JsonNode meta = item.path("metadata");
      items.put(meta.path("namespace").asText("") + "/" + meta.path("name").asText(), item);
    }
    return items;
  }

  private String event(
      String type, JsonNode item, Optional<CustomResourceDefinition> crd, boolean table) {
    ObjectNode event = mapper.createObjectNode().put("type", type);
    if (table) {
      ObjectNode rendered = tables.render(crd.get(), item);
      // The row carries the object's metadata, so that kubectl can tell rows apart.
      rendered.withArray("rows").forEach(r -> ((ObjectNode) r).set("object", partial(item)));
      event.set("object", rendered);
    } else {
      event.set("object", item);
    }
    return event + "\n";
  }

  private ObjectNode partial(JsonNode item) {
    ObjectNode meta = mapper.createObjectNode();
    meta.put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
    meta.set("metadata", item.path("metadata"));
    return meta;
  }

  private Optional<CustomResourceDefinition> ours(String path) {
    String[] segments = path.split("/");
    if (segments.length < 5 || !Crds.GROUP.equals(segments[2])) {
      return Optional.empty();
    }
    int plural = "namespaces".equals(segments[4]) && segments.length > 6 ? 6 : 4;
    return segments.length == plural + 1 ? crds.byPlural(segments[plural]) : Optional.empty();
  }

  private static long version(JsonNode item) {
    return WatchQuery.number(item.path("metadata").path("resourceVersion").asText("0"));
  }

  private static ThreadFactory daemon() {
    return runnable -> {
      Thread thread = new Thread(runnable, "sandbox-api-front");
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
