package io.xaccount.operator;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.http.TlsVersion;
import io.fabric8.kubernetes.client.http.WebSocket;
import io.vertx.core.http.HttpClosedException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;

/**
 * The Kubernetes client's HTTP clients, retrying a request whose connection the API server closed
 * before it answered.
 *
 * <p>Fabric8 retries a request that failed with an {@link java.io.IOException}, which its JDK and
 * OkHttp clients raise when a connection drops; the Vert.x client Quarkus uses raises Vert.x's
 * {@link HttpClosedException} instead, which Fabric8 does not retry, so a connection cut at the
 * wrong moment (an API server restarting, a load balancer) failed the request outright. At start-up
 * that stopped the operator: JOSDK checks its leader lease access once, with no retry (found by the
 * chaos run). Retried as Fabric8 retries an IOException: up to {@link
 * Config#getRequestRetryBackoffLimit()} times, after {@link
 * Config#getRequestRetryBackoffInterval()} doubling each time.
 *
 * <p>Registered through {@link ServiceLoader} above Quarkus's own factory, whose clients it wraps.
 */
public final class RetryingHttpClientFactory implements HttpClient.Factory {
  private static final int RETRY_LIMIT = 10;
  private static final Duration RETRY_INTERVAL = Duration.ofMillis(100);

  private volatile HttpClient.Factory delegate;

  public RetryingHttpClientFactory() {}

  /** For tests: wraps {@code delegate}'s clients. */
  RetryingHttpClientFactory(HttpClient.Factory delegate) {
    this.delegate = delegate;
  }

  @Override
  public int priority() {
    return delegate().priority() + 1;
  }

  @Override
  public HttpClient.Builder newBuilder() {
    return new Builder(delegate().newBuilder(), new Retries(RETRY_LIMIT, RETRY_INTERVAL));
  }

  @Override
  public HttpClient.Builder newBuilder(Config config) {
    Retries retries =
        new Retries(
            config.getRequestRetryBackoffLimit(),
            Duration.ofMillis(config.getRequestRetryBackoffInterval()));
    return new Builder(delegate().newBuilder(config), retries);
  }

  /** The factory that would be used without this one: the highest priority of the others. */
  private HttpClient.Factory delegate() {
    HttpClient.Factory found = delegate;
    if (found == null) {
      found =
          ServiceLoader.load(HttpClient.Factory.class, getClass().getClassLoader()).stream()
              .filter(p -> p.type() != RetryingHttpClientFactory.class)
              .map(ServiceLoader.Provider::get)
              .max(Comparator.comparingInt(HttpClient.Factory::priority))
              .orElseThrow(() -> new IllegalStateException("no Kubernetes HTTP client factory"));
      delegate = found;
    }
    return found;
  }

  /** How often and how soon to retry. */
  record Retries(int limit, Duration interval) {
    Duration after(int retry) {
      return interval.multipliedBy(1L << Math.min(retry, 10));
    }
  }

  /** True when the connection was closed before the answer came. */
  static boolean closedConnection(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof HttpClosedException) {
        return true;
      }
    }
    return false;
  }

  /** A client that retries on a closed connection; everything else is the delegate's. */
  static final class Client implements HttpClient {
    private final HttpClient delegate;
    private final Retries retries;

    Client(HttpClient delegate, Retries retries) {
      this.delegate = delegate;
      this.retries = retries;
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, Class<T> type) {
      return retrying(() -> delegate.sendAsync(request, type));
    }

    @Override
    public CompletableFuture<HttpResponse<AsyncBody>> consumeBytes(
        HttpRequest request, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
      return retrying(() -> delegate.consumeBytes(request, consumer));
    }

    private <T> CompletableFuture<T> retrying(Supplier<CompletableFuture<T>> call) {
      CompletableFuture<T> result = new CompletableFuture<>();
      attempt(call, result, 0);
      return result;
    }

    private <T> void attempt(
        Supplier<CompletableFuture<T>> call, CompletableFuture<T> result, int n) {
      call.get()
          .whenComplete(
              (value, failure) -> {
                if (failure == null) {
                  result.complete(value);
                } else if (n < retries.limit() && closedConnection(failure) && !result.isDone()) {
                  CompletableFuture.delayedExecutor(
                          retries.after(n).toMillis(), TimeUnit.MILLISECONDS)
                      .execute(() -> attempt(call, result, n + 1));
                } else {
                  result.completeExceptionally(failure);
                }
              });
    }

    @Override
    public DerivedClientBuilder newBuilder() {
      return new Derived(delegate.newBuilder(), retries);
    }

    @Override
    public WebSocket.Builder newWebSocketBuilder() {
      return delegate.newWebSocketBuilder();
    }

    @Override
    public HttpRequest.Builder newHttpRequestBuilder() {
      return delegate.newHttpRequestBuilder();
    }

    @Override
    public boolean isClosed() {
      return delegate.isClosed();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  /** A derived client's builder: the delegate's, building a retrying client. */
  private static final class Derived implements HttpClient.DerivedClientBuilder {
    private final HttpClient.DerivedClientBuilder delegate;
    private final Retries retries;

    Derived(HttpClient.DerivedClientBuilder delegate, Retries retries) {
      this.delegate = delegate;
      this.retries = retries;
    }

    @Override
    public HttpClient build() {
      return new Client(delegate.build(), retries);
    }

    @Override
    public HttpClient.DerivedClientBuilder addOrReplaceInterceptor(
        String name, Interceptor interceptor) {
      delegate.addOrReplaceInterceptor(name, interceptor);
      return this;
    }

    @Override
    public HttpClient.DerivedClientBuilder authenticatorNone() {
      delegate.authenticatorNone();
      return this;
    }

    @Override
    public HttpClient.DerivedClientBuilder tag(Object value) {
      delegate.tag(value);
      return this;
    }
  }

  /** A new client's builder: the delegate's, building a retrying client. */
  private static final class Builder implements HttpClient.Builder {
    private final HttpClient.Builder delegate;
    private final Retries retries;

    Builder(HttpClient.Builder delegate, Retries retries) {
      this.delegate = delegate;
      this.retries = retries;
    }

    @Override
    public HttpClient build() {
      return new Client(delegate.build(), retries);
    }

    @Override
    public HttpClient.Builder tag(Object value) {
      delegate.tag(value);
      return this;
    }

    @Override
    public HttpClient.Builder connectTimeout(long timeout, TimeUnit unit) {
      delegate.connectTimeout(timeout, unit);
      return this;
    }

    @Override
    public HttpClient.Builder addOrReplaceInterceptor(String name, Interceptor interceptor) {
      delegate.addOrReplaceInterceptor(name, interceptor);
      return this;
    }

    @Override
    public HttpClient.Builder authenticatorNone() {
      delegate.authenticatorNone();
      return this;
    }

    @Override
    public HttpClient.Builder sslContext(KeyManager[] keyManagers, TrustManager[] trustManagers) {
      delegate.sslContext(keyManagers, trustManagers);
      return this;
    }

    @Override
    public HttpClient.Builder followAllRedirects() {
      delegate.followAllRedirects();
      return this;
    }

    @Override
    public HttpClient.Builder proxyAddress(InetSocketAddress address) {
      delegate.proxyAddress(address);
      return this;
    }

    @Override
    public HttpClient.Builder proxyAuthorization(String credentials) {
      delegate.proxyAuthorization(credentials);
      return this;
    }

    @Override
    public HttpClient.Builder tlsVersions(TlsVersion... versions) {
      delegate.tlsVersions(versions);
      return this;
    }

    @Override
    public HttpClient.Builder preferHttp11() {
      delegate.preferHttp11();
      return this;
    }

    @Override
    public HttpClient.Builder proxyType(HttpClient.ProxyType type) {
      delegate.proxyType(type);
      return this;
    }
  }
}
