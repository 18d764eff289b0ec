package io.xaccount.kube;

import io.fabric8.mockwebserver.MockWebServer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.lang.reflect.Field;

/**
 * Makes the embedded API send every watch event as one WebSocket frame, as kube-apiserver does. The
 * mock server's Vert.x splits messages over 64 KiB into continuation frames, and the Fabric8 client
 * 7.4's Vert.x WebSocket then stops delivering events after the first such message
 * (fabric8io/kubernetes-client#7347, fixed in later releases): one large object would blind a watch
 * in the sandbox although a cluster serves it fine. The mock server offers no setting for it, so
 * the frame limit of its Vert.x server is raised in place; new connections read it.
 */
final class WholeFrames {
  private WholeFrames() {}

  static void apply(MockWebServer web) {
    try {
      Field server = MockWebServer.class.getDeclaredField("httpServer");
      server.setAccessible(true);
      HttpServer http = (HttpServer) server.get(web);
      Field options = http.getClass().getDeclaredField("options");
      options.setAccessible(true);
      HttpServerOptions o = (HttpServerOptions) options.get(http);
      o.setMaxWebSocketFrameSize(Integer.MAX_VALUE).setMaxWebSocketMessageSize(Integer.MAX_VALUE);
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalStateException("cannot make the embedded API send whole frames", e);
    }
  }
}
