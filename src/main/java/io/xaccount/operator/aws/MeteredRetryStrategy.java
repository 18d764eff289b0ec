package io.xaccount.operator.aws;

import java.time.Duration;
import java.util.function.Predicate;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.AcquireInitialTokenResponse;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RecordSuccessResponse;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenResponse;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * A client's retry strategy, timed: how long each attempt waited for a send token of the client's
 * rate limiter, and how long the SDK backs off before each retry. The adaptive strategy blocks the
 * calling thread inside {@code acquireInitialToken} and {@code refreshRetryToken} until its token
 * bucket lets the attempt go, and the SDK reports that wait in none of its metrics; the delay a
 * refresh returns is the backoff the SDK then sleeps.
 */
final class MeteredRetryStrategy implements RetryStrategy {
  private final RetryStrategy delegate;
  private final AwsCallMetrics metrics;
  private final String service;

  /**
   * @param delegate a strategy already configured with AWS's retry conditions (as {@code
   *     AwsRetryStrategy} builds them), since a client does not add its defaults to this wrapper
   * @param service {@code iam} or {@code sts}, for the metrics' labels
   */
  MeteredRetryStrategy(RetryStrategy delegate, AwsCallMetrics metrics, String service) {
    this.delegate = delegate;
    this.metrics = metrics;
    this.service = service;
  }

  @Override
  public AcquireInitialTokenResponse acquireInitialToken(AcquireInitialTokenRequest request) {
    long start = System.nanoTime();
    AcquireInitialTokenResponse response = delegate.acquireInitialToken(request);
    metrics.waited(
        service,
        AwsCallMetrics.RATE_LIMITER,
        Duration.ofNanos(System.nanoTime() - start).plus(response.delay()));
    return response;
  }

  @Override
  public RefreshRetryTokenResponse refreshRetryToken(RefreshRetryTokenRequest request) {
    long start = System.nanoTime();
    RefreshRetryTokenResponse response = delegate.refreshRetryToken(request);
    metrics.waited(
        service, AwsCallMetrics.RATE_LIMITER, Duration.ofNanos(System.nanoTime() - start));
    metrics.waited(service, AwsCallMetrics.BACKOFF, response.delay());
    return response;
  }

  @Override
  public RecordSuccessResponse recordSuccess(RecordSuccessRequest request) {
    return delegate.recordSuccess(request);
  }

  @Override
  public int maxAttempts() {
    return delegate.maxAttempts();
  }

  /** False: a client would otherwise rebuild the delegate through {@link #toBuilder}. */
  @Override
  public boolean useClientDefaults() {
    return false;
  }

  @Override
  public Builder toBuilder() {
    return new Builder(delegate.toBuilder(), metrics, service);
  }

  @Override
  public void close() {
    delegate.close();
  }

  /** Changes the delegate's settings and keeps the timing. */
  static final class Builder implements RetryStrategy.Builder<Builder, MeteredRetryStrategy> {
    private final RetryStrategy.Builder<?, ?> delegate;
    private final AwsCallMetrics metrics;
    private final String service;

    private Builder(RetryStrategy.Builder<?, ?> delegate, AwsCallMetrics metrics, String service) {
      this.delegate = delegate;
      this.metrics = metrics;
      this.service = service;
    }

    @Override
    public Builder retryOnException(Predicate<Throwable> shouldRetry) {
      delegate.retryOnException(shouldRetry);
      return this;
    }

    @Override
    public Builder maxAttempts(int maxAttempts) {
      delegate.maxAttempts(maxAttempts);
      return this;
    }

    @Override
    public Builder backoffStrategy(BackoffStrategy backoffStrategy) {
      delegate.backoffStrategy(backoffStrategy);
      return this;
    }

    @Override
    public Builder throttlingBackoffStrategy(BackoffStrategy backoffStrategy) {
      delegate.throttlingBackoffStrategy(backoffStrategy);
      return this;
    }

    @Override
    public Builder treatAsThrottling(Predicate<Throwable> treatAsThrottling) {
      delegate.treatAsThrottling(treatAsThrottling);
      return this;
    }

    @Override
    public MeteredRetryStrategy build() {
      return new MeteredRetryStrategy(delegate.build(), metrics, service);
    }
  }
}
