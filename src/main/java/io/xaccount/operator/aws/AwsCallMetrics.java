package io.xaccount.operator.aws;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
 * </ul>
 *
 * <p>As an {@link ExecutionInterceptor} it sees each call's outcome; as a {@link MetricPublisher}
 * it sees the SDK's per-attempt error types. Labels are bounded: the service, the SDK operation
 * name, the declared account ID and an error code; never a resource name.
 */
public final class AwsCallMetrics implements ExecutionInterceptor, MetricPublisher {
  public static final String CALLS = "xaccount_aws_calls_total";
  public static final String THROTTLES = "xaccount_aws_throttles_total";
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

  @Override
  public void publish(MetricCollection call) {
    long throttled =
        call.childrenWithName("ApiCallAttempt")
            .map(attempt -> attempt.metricValues(CoreMetric.ERROR_TYPE))
            .filter(types -> types.stream().anyMatch(THROTTLING::equalsIgnoreCase))
            .count();
    if (throttled == 0) {
      return;
    }
    Counter.builder(THROTTLES)
        .description("Throttled AWS call attempts, including those the SDK retried")
        .tag("service", service(first(call.metricValues(CoreMetric.SERVICE_ID))))
        .tag("action", label(first(call.metricValues(CoreMetric.OPERATION_NAME))))
        .tag("account", account)
        .register(registry)
        .increment(throttled);
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

  private static String first(List<String> values) {
    return values.isEmpty() ? null : values.get(0);
  }
}
