package io.xaccount.operator.aws;

import java.time.Duration;
import java.util.function.Predicate;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.AcquireInitialTokenResponse;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RecordSuccessResponse;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenResponse;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * A client's retry strategy, paced and timed. With an {@link IamPace}, every attempt, first or
 * retried, waits for the account's pace at the calling thread's {@link CallPriority} (a retry after
 * its backoff), a throttle slows the pace and a success lets it climb back. Timed: how long each
 * attempt waited to be sent (the pace, or the delegate's own rate limiter, which blocks the calling
 * thread inside {@code acquireInitialToken} and {@code refreshRetryToken} and is reported in none
 * of the SDK's metrics), and how long the SDK backs off before each retry.
 */
final class MeteredRetryStrategy implements RetryStrategy {
  private final RetryStrategy delegate;
  private final AwsCallMetrics metrics;
  private final String service;
  private final IamPace pace;

  /**
   * @param delegate a strategy already configured with AWS's retry conditions (as {@code
   *     AwsRetryStrategy} builds them), since a client does not add its defaults to this wrapper
   * @param service {@code iam} or {@code sts}, for the metrics' labels
   */
  MeteredRetryStrategy(RetryStrategy delegate, AwsCallMetrics metrics, String service) {
    this(delegate, metrics, service, null);
  }

  /**
   * @param pace the account's pace every attempt waits for; null for none
   */
  MeteredRetryStrategy(
      RetryStrategy delegate, AwsCallMetrics metrics, String service, IamPace pace) {
    this.delegate = delegate;
    this.metrics = metrics;
    this.service = service;
    this.pace = pace;
  }

  @Override
  public AcquireInitialTokenResponse acquireInitialToken(AcquireInitialTokenRequest request) {
    long start = System.nanoTime();
    AcquireInitialTokenResponse response = delegate.acquireInitialToken(request);
    if (pace != null) {
      sleep(response.delay());
      paced();
      response = AcquireInitialTokenResponse.create(response.token(), Duration.ZERO);
    }
    metrics.waited(
        service,
        AwsCallMetrics.RATE_LIMITER,
        Duration.ofNanos(System.nanoTime() - start).plus(response.delay()));
    return response;
  }

  @Override
  public RefreshRetryTokenResponse refreshRetryToken(RefreshRetryTokenRequest request) {
    if (pace != null && throttling(request.failure())) {
      pace.throttled();
    }
    long start = System.nanoTime();
    RefreshRetryTokenResponse response = delegate.refreshRetryToken(request);
    metrics.waited(
        service, AwsCallMetrics.RATE_LIMITER, Duration.ofNanos(System.nanoTime() - start));
    metrics.waited(service, AwsCallMetrics.BACKOFF, response.delay());
    if (pace == null) {
      return response;
    }
    // The backoff first, then the pace: a retry takes its turn when it is ready to go.
    sleep(response.delay());
    long paced = System.nanoTime();
    paced();
    metrics.waited(
        service, AwsCallMetrics.RATE_LIMITER, Duration.ofNanos(System.nanoTime() - paced));
    return RefreshRetryTokenResponse.create(response.token(), Duration.ZERO);
  }

  @Override
  public RecordSuccessResponse recordSuccess(RecordSuccessRequest request) {
    if (pace != null) {
      pace.succeeded();
    }
    return delegate.recordSuccess(request);
  }

  private void paced() {
    try {
      pace.acquire(CallPriority.current());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw AbortedException.create("Interrupted while waiting for the account's IAM pace", e);
    }
  }

  private static void sleep(Duration delay) {
    if (delay.isZero() || delay.isNegative()) {
      return;
    }
    try {
      Thread.sleep(delay.toMillis(), delay.toNanosPart() % 1_000_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw AbortedException.create("Interrupted while backing off", e);
    }
  }

  private static boolean throttling(Throwable failure) {
    return failure instanceof AwsServiceException service && service.isThrottlingException();
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
    return new Builder(delegate.toBuilder(), metrics, service, pace);
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
    private final IamPace pace;

    private Builder(
        RetryStrategy.Builder<?, ?> delegate,
        AwsCallMetrics metrics,
        String service,
        IamPace pace) {
      this.delegate = delegate;
      this.metrics = metrics;
      this.service = service;
      this.pace = pace;
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
      return new MeteredRetryStrategy(delegate.build(), metrics, service, pace);
    }
  }
}
