package io.xaccount.sandbox.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP pass-through on the loopback interface between the operator and the embedded API. It can
 * cut every connection at once (watches and requests in flight: what a client sees when a load
 * balancer or the API server drops them) and refuse connections for a while (an API server
 * restart). The API's state survives, as an API server's state survives in etcd.
 */
final class ApiCable implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress backend;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile Instant downUntil = Instant.MIN;
  private volatile boolean closed;
  final AtomicLong cuts = new AtomicLong();
  final AtomicLong outages = new AtomicLong();

  private ApiCable(ServerSocket server, InetSocketAddress backend) {
    this.server = server;
    this.backend = backend;
  }

  /** Listens on a free loopback port and forwards to {@code backendUrl} ({@code http://h:p}). */
  static ApiCable start(String backendUrl) throws IOException {
    URI uri = URI.create(backendUrl);
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    ApiCable cable = new ApiCable(server, new InetSocketAddress(uri.getHost(), uri.getPort()));
    daemon("api-cable-accept", cable::accept).start();
    return cable;
  }

  /** {@code http://127.0.0.1:<port>} */
  String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** Closes every open connection; clients reconnect at once. */
  void cut() {
    cuts.incrementAndGet();
    closeAll();
  }

  /** Closes every open connection and refuses new ones for {@code duration}. */
  void outage(Duration duration) {
    outages.incrementAndGet();
    downUntil = Instant.now().plus(duration);
    closeAll();
  }

  private void closeAll() {
    for (Socket socket : open) {
      quietly(socket);
    }
    open.clear();
  }

  private void accept() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return;
      }
      if (Instant.now().isBefore(downUntil)) {
        quietly(client);
        continue;
      }
      try {
        Socket upstream = new Socket();
        upstream.connect(backend, 5_000);
        open.add(client);
        open.add(upstream);
        daemon("api-cable-up", () -> pump(client, upstream)).start();
        daemon("api-cable-down", () -> pump(upstream, client)).start();
      } catch (IOException e) {
        quietly(client);
      }
    }
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // Cut, or closed by either side: the other direction ends too.
    } finally {
      quietly(from);
      quietly(to);
      open.remove(from);
      open.remove(to);
    }
  }

  private static void quietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  private static Thread daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    return thread;
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    closeAll();
  }
}
