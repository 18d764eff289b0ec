package io.xaccount.operator.aws;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;

/**
 * Counts the AWS calls of one account's clients in Micrometer.
 *
 * <ul>
 *   <li>{@value #CALLS}{@code {service, action, account, outcome}}: one per API call, after the
 *       SDK's retries; {@code outcome} is {@code success} or the AWS error code ({@code
 *       Throttling}, {@code AccessDenied}, {@code NoSuchEntity}, ...), {@code ClientError} when no
 *       response came back (I/O, timeout, credentials).
 *   <li>{@value #THROTTLES}{@code {service, action, account}}: one per throttled attempt, including
 *       attempts the SDK retried successfully, so that throttling shows before calls fail.
 *   <li>{@value #RETRIES}{@code {service, action, account}}: one per attempt the SDK made again
 *       after a failed one (throttled or not).
 *   <li>{@value #WAIT}{@code {service, account, cause}} (a timer): with {@code cause} {@value
 *       #RATE_LIMITER}, the time each attempt waited for a send token of the client's rate limiter
 *       (once IAM throttles an account, the adaptive retry strategy holds its later calls back, for
 *       every thread sharing the account's client); with {@code cause} {@value #BACKOFF}, the time
 *       the SDK backed off before each retry. Timed by {@link MeteredRetryStrategy}.
 * </ul>
 *
 * <p>As an {@link ExecutionInterceptor} it sees each call's outcome; as a {@link MetricPublisher}
 * it sees the SDK's per-attempt error types. Labels are bounded: the service, the SDK operation
 * name, the declared account ID and an error code; never a resource name.
 */
public final class AwsCallMetrics implements ExecutionInterceptor, MetricPublisher {
  public static final String CALLS = "xaccount_aws_calls_total";
  public static final String THROTTLES = "xaccount_aws_throttles_total";
  public static final String RETRIES = "xaccount_aws_retries_total";
  public static final String WAIT = "xaccount_aws_wait_seconds";
  static final String RATE_LIMITER = "rate_limiter";
  static final String BACKOFF = "backoff";
  static final String SUCCESS = "success";
  static final String CLIENT_ERROR = "ClientError";
  private static final String THROTTLING = "Throttling";

  private final MeterRegistry registry;
  private final String account;

  /**
   * @param account the account ID the client acts in (for labels), or null when unknown
   */
  public AwsCallMetrics(MeterRegistry registry, String account) {
    this.registry = registry;
    this.account = account == null ? "unknown" : account;
  }

  @Override
  public void afterExecution(
      Context.AfterExecution context, ExecutionAttributes executionAttributes) {
    calls(executionAttributes, SUCCESS);
  }

  @Override
  public void onExecutionFailure(
      Context.FailedExecution context, ExecutionAttributes executionAttributes) {
    calls(executionAttributes, outcome(context.exception()));
  }

  /** The SDK's metrics of one API call, with one child per attempt. */
  @Override
  public void publish(MetricCollection call) {
    List<MetricCollection> attempts = call.childrenWithName("ApiCallAttempt").toList();
    Tags tags =
        Tags.of(
            "service",
            service(first(call.metricValues(CoreMetric.SERVICE_ID))),
            "action",
            label(first(call.metricValues(CoreMetric.OPERATION_NAME))),
            "account",
            account);
    long throttled =
        attempts.stream()
            .map(attempt -> attempt.metricValues(CoreMetric.ERROR_TYPE))
            .filter(types -> types.stream().anyMatch(THROTTLING::equalsIgnoreCase))
            .count();
    if (throttled > 0) {
      Counter.builder(THROTTLES)
          .description("Throttled AWS call attempts, including those the SDK retried")
          .tags(tags)
          .register(registry)
          .increment(throttled);
    }
    if (attempts.size() > 1) {
      Counter.builder(RETRIES)
          .description("AWS call attempts the SDK made again after a failed attempt")
          .tags(tags)
          .register(registry)
          .increment(attempts.size() - 1);
    }
  }

  /** Records a wait of the client's retry strategy; {@code cause} is a constant of this class. */
  void waited(String service, String cause, Duration wait) {
    Timer.builder(WAIT)
        .description(
            "Time AWS call attempts waited for a send token of the client-side rate limiter"
                + " (cause rate_limiter) or backing off before a retry (cause backoff)")
        .tag("service", service)
        .tag("account", account)
        .tag("cause", cause)
        .register(registry)
        .record(wait);
  }

  @Override
  public void close() {}

  private void calls(ExecutionAttributes attributes, String outcome) {
    Counter.builder(CALLS)
        .description("AWS API calls by service, action, account and outcome (after SDK retries)")
        .tag("service", service(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME)))
        .tag("action", label(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME)))
        .tag("account", account)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  /** The AWS error code of a failed call, or {@link #CLIENT_ERROR} when AWS did not answer. */
  static String outcome(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof AwsServiceException service
          && service.awsErrorDetails() != null
          && service.awsErrorDetails().errorCode() != null) {
        return service.awsErrorDetails().errorCode();
      }
    }
    return CLIENT_ERROR;
  }

  private static String service(String name) {
    return label(name).toLowerCase(Locale.ROOT);
  }

  private static String label(String value) {
    return value == null ? "unknown" : value;
  }

  private static <T> T first(List<T> values) {
    return values.isEmpty() ? null : values.get(0);
  }
}
