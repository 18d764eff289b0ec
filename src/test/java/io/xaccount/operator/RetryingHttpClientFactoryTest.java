package io.xaccount.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.WebSocket;
import io.vertx.core.http.HttpClosedException;
import io.xaccount.operator.RetryingHttpClientFactory.Retries;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RetryingHttpClientFactoryTest {
  private final Fake delegate = new Fake();
  private final HttpClient client =
      new RetryingHttpClientFactory.Client(delegate, new Retries(3, Duration.ofMillis(1)));

  @Test
  void aRequestWhoseConnectionWasClosedIsSentAgain() throws Exception {
    delegate.answers.add(closed());
    delegate.answers.add(closed());
    delegate.answers.add(CompletableFuture.completedFuture(null));

    assertThat(client.sendAsync(null, String.class).get(5, TimeUnit.SECONDS)).isNull();
    assertThat(delegate.sent).isEqualTo(3);
  }

  @Test
  void retriesStopAtTheLimit() {
    for (int i = 0; i < 10; i++) {
      delegate.answers.add(closed());
    }

    assertThatThrownBy(() -> client.consumeBytes(null, null).get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasRootCauseInstanceOf(HttpClosedException.class);
    assertThat(delegate.sent).isEqualTo(4);
  }

  @Test
  void otherFailuresAreNotRetried() {
    delegate.answers.add(CompletableFuture.failedFuture(new IllegalStateException("refused")));

    assertThatThrownBy(() -> client.sendAsync(null, String.class).get(5, TimeUnit.SECONDS))
        .hasRootCauseInstanceOf(IllegalStateException.class);
    assertThat(delegate.sent).isEqualTo(1);
  }

  @Test
  void derivedClientsRetryToo() {
    assertThat(client.newBuilder().build()).isInstanceOf(RetryingHttpClientFactory.Client.class);
  }

  private static CompletableFuture<Object> closed() {
    return CompletableFuture.failedFuture(
        new CompletionException(new HttpClosedException("Connection was closed")));
  }

  /** Answers each request with the next of {@link #answers}, counting them. */
  private static final class Fake implements HttpClient {
    final Deque<CompletableFuture<Object>> answers = new ArrayDeque<>();
    int sent;

    @SuppressWarnings("unchecked")
    private synchronized <T> CompletableFuture<T> next() {
      sent++;
      return (CompletableFuture<T>) answers.removeFirst();
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, Class<T> type) {
      return next();
    }

    @Override
    public CompletableFuture<HttpResponse<AsyncBody>> consumeBytes(
        HttpRequest request, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
      return next();
    }

    @Override
    public DerivedClientBuilder newBuilder() {
      Fake self = this;
      return new DerivedClientBuilder() {
        @Override
        public HttpClient build() {
          return self;
        }

        @Override
        public DerivedClientBuilder addOrReplaceInterceptor(
            String name, io.fabric8.kubernetes.client.http.Interceptor interceptor) {
          return this;
        }

        @Override
        public DerivedClientBuilder authenticatorNone() {
          return this;
        }

        @Override
        public DerivedClientBuilder tag(Object value) {
          return this;
        }
      };
    }

    @Override
    public WebSocket.Builder newWebSocketBuilder() {
      throw new UnsupportedOperationException();
    }

    @Override
    public HttpRequest.Builder newHttpRequestBuilder() {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean isClosed() {
      return false;
    }

    @Override
    public void close() {}
  }
}
