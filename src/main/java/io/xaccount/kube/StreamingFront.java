package io.xaccount.kube;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * What kubectl connects to: a front on the loopback interface that streams plain HTTP watches
 * ({@code kubectl get -w}, {@code kubectl wait}, {@code kubectl delete}'s wait), which the mock
 * server's transport cannot (it writes whole responses), straight from the store's watch hub as
 * changes happen; every other request goes to the same dispatcher as the API's own port, in
 * process.
 */
final class StreamingFront implements AutoCloseable {
  /** Ends a stream: compared by identity, so no event line can be taken for it. */
  @SuppressWarnings("StringOperationCanBeSimplified")
  private static final String END = new String("end");

  private static final Set<String> NOT_FORWARDED =
      Set.of("connection", "content-length", "transfer-encoding");

  private final HttpServer server;
  private final ExecutorService executor =
      Executors.newCachedThreadPool(
          r -> {
            Thread thread = new Thread(r, "sandbox-api-front");
            thread.setDaemon(true);
            return thread;
          });
  private final Dispatcher dispatcher;
  private final Store store;
  private final ResourceTypes types;
  private final PrinterTable tables =
      new PrinterTable(
          new com.fasterxml.jackson.databind.ObjectMapper(), java.time.Clock.systemUTC());

  private StreamingFront(
      HttpServer server, Dispatcher dispatcher, Store store, ResourceTypes types) {
    this.server = server;
    this.dispatcher = dispatcher;
    this.store = store;
    this.types = types;
  }

  static StreamingFront start(Dispatcher dispatcher, Store store, ResourceTypes types) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      StreamingFront front = new StreamingFront(server, dispatcher, store, types);
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
      String path = exchange.getRequestURI().getRawPath();
      Map<String, String> query = WatchQuery.parameters(exchange.getRequestURI().getRawQuery());
      var at = ResourcePath.parse(types, path);
      if ("GET".equals(exchange.getRequestMethod())
          && WatchQuery.isWatch(query)
          && at.isPresent()) {
        stream(exchange, at.get(), query);
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
    Headers.Builder headers = Headers.builder();
    exchange
        .getRequestHeaders()
        .forEach((name, values) -> values.forEach(v -> headers.add(name, v)));
    byte[] body = exchange.getRequestBody().readAllBytes();
    MockResponse response =
        dispatcher.dispatch(
            new RecordedRequest(
                "HTTP/1.1",
                HttpMethod.valueOf(exchange.getRequestMethod().toUpperCase(Locale.ROOT)),
                target,
                headers.build(),
                new Buffer(body)));
    response
        .getHeaders()
        .toMultimap()
        .forEach(
            (name, values) -> {
              if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                exchange.getResponseHeaders().put(name, List.copyOf(values));
              }
            });
    byte[] answer = response.getBody() == null ? new byte[0] : response.getBody().getBytes();
    exchange.sendResponseHeaders(response.code(), answer.length == 0 ? -1 : answer.length);
    if (answer.length > 0) {
      exchange.getResponseBody().write(answer);
    }
  }

  private void stream(HttpExchange exchange, ResourcePath at, Map<String, String> query)
      throws IOException {
    String accept = exchange.getRequestHeaders().getFirst("Accept");
    boolean table = at.type().isCustom() && accept != null && accept.contains("as=Table");
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    WatchHub.Sink sink =
        new WatchHub.Sink() {
          @Override
          public boolean deliver(String line) {
            return lines.offer(line);
          }

          @Override
          public void end() {
            lines.offer(END);
          }
        };
    WatchHub.Watch watch;
    try {
      watch =
          WatchOpening.open(
              store,
              at.type(),
              at.namespace(),
              query,
              sink,
              Watching.encoder(at.type(), table ? tables : null));
    } catch (ApiError e) {
      byte[] status = e.status().toString().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(e.code(), status.length);
      exchange.getResponseBody().write(status);
      return;
    }
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    try {
      while (true) {
        String line = lines.take();
        if (line == END) {
          return;
        }
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        if (lines.isEmpty()) {
          out.flush();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // The client went away: the watch ends.
    } finally {
      if (watch != null) {
        store.watches().remove(watch);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
