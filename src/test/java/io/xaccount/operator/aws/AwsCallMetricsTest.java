package io.xaccount.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.xaccount.emulator.IamEmulator;
import io.xaccount.emulator.model.AwsKeys;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.sts.StsClient;

/** The AWS call metrics, driven by real SDK clients against the emulator. */
class AwsCallMetricsTest {
  private static final String ACCOUNT = "111111111111";
  private static final String TRUST =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
          + "\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:root\"},"
          + "\"Action\":\"sts:AssumeRole\"}]}";

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final SdkHttpClient http = UrlConnectionHttpClient.create();
  private IamEmulator emu;

  @BeforeEach
  void start() {
    emu = IamEmulator.builder().accounts(ACCOUNT).build().start();
  }

  @AfterEach
  void stop() {
    emu.close();
    http.close();
  }

  @Test
  void aThrottledCallCountsItsErrorCodeAndOneThrottle() {
    IamClient iam = iam(AwsRetryStrategy.doNotRetry());
    emu.faults().failNext("CreateRole", null, "Throttling", 1);

    assertThatThrownBy(() -> createRole(iam, "Throttled")).isInstanceOf(AwsServiceException.class);
    createRole(iam, "Throttled");

    assertThat(calls("iam", "CreateRole", "Throttling")).isEqualTo(1.0);
    assertThat(calls("iam", "CreateRole", "success")).isEqualTo(1.0);
    assertThat(throttles("iam", "CreateRole")).isEqualTo(1.0);
  }

  @Test
  void aThrottleTheSdkRetriedCountsAsAThrottleAndTheCallAsASuccess() {
    BackoffStrategy noDelay = attempt -> Duration.ZERO;
    IamClient iam =
        iam(
            AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(3)
                .backoffStrategy(noDelay)
                .throttlingBackoffStrategy(noDelay)
                .build());
    emu.faults().failNext("CreateRole", null, "Throttling", 1);

    createRole(iam, "Retried");

    assertThat(calls("iam", "CreateRole", "success")).isEqualTo(1.0);
    assertThat(registry.find(AwsCallMetrics.CALLS).tag("outcome", "Throttling").counter()).isNull();
    assertThat(throttles("iam", "CreateRole")).isEqualTo(1.0);
  }

  @Test
  void eachRetryAndTheBackoffBeforeItAreCounted() {
    IamClient iam = metered(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(3));
    emu.faults().failNext("CreateRole", null, "Throttling", 2);

    createRole(iam, "RetriedTwice");

    assertThat(throttles("iam", "CreateRole")).isEqualTo(2.0);
    assertThat(retries("iam", "CreateRole")).isEqualTo(2.0);
    Timer backoff = wait(AwsCallMetrics.BACKOFF);
    assertThat(backoff.count()).isEqualTo(2);
    assertThat(backoff.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(10.0);
    assertThat(wait(AwsCallMetrics.RATE_LIMITER).count()).as("one per attempt").isEqualTo(3);
  }

  /**
   * The operator's IAM clients go at their account's pace: once IAM throttles anyway, the pace
   * slows down, holds later calls back, and that shows; throttled attempts are retried.
   */
  @Test
  void aPacedClientThrottledByIamSlowsItsPaceAndTheWaitShows() {
    IamPace pace = new IamPace(10, 1);
    BackoffStrategy shortDelay = attempt -> Duration.ofMillis(5);
    IamClient iam =
        iam(
            new MeteredRetryStrategy(
                AwsRetryStrategy.standardRetryStrategy().toBuilder()
                    .maxAttempts(10)
                    .backoffStrategy(shortDelay)
                    .throttlingBackoffStrategy(shortDelay)
                    .build(),
                metrics(),
                "iam",
                pace));
    emu.faults().rateLimit(ACCOUNT, 2, 1);

    for (int i = 0; i < 30 && !heldBack(); i++) {
      iam.listRoles();
    }

    assertThat(throttles("iam", "ListRoles")).isPositive();
    assertThat(pace.rate()).as("slowed by the throttles").isLessThan(10);
    assertThat(heldBack()).isTrue();
    assertThat(calls("iam", "ListRoles", "Throttling")).as("throttles were retried").isZero();
  }

  /**
   * The operator's STS clients use the adaptive retry strategy: once STS throttles, the client's
   * rate limiter holds its later calls back until a send token is free, and that shows (here on an
   * IAM client, which the emulator can throttle).
   */
  @Test
  void anAdaptiveClientThrottledByIamWaitsForSendTokensAndTheWaitShows() {
    IamClient iam = metered(AwsRetryStrategy.adaptiveRetryStrategy().toBuilder().maxAttempts(10));
    emu.faults().rateLimit(ACCOUNT, 2, 1);

    // A wait far longer than taking a free token (microseconds) is the limiter holding a call.
    for (int i = 0; i < 30 && !heldBack(); i++) {
      iam.listRoles();
    }

    assertThat(throttles("iam", "ListRoles")).isPositive();
    assertThat(retries("iam", "ListRoles")).isPositive();
    assertThat(heldBack()).isTrue();
    assertThat(calls("iam", "ListRoles", "Throttling")).as("throttles were retried").isZero();
  }

  @Test
  void aStrategyRebuiltFromItsBuilderIsStillTimed() {
    RetryStrategy rebuilt =
        new MeteredRetryStrategy(AwsRetryStrategy.adaptiveRetryStrategy(), metrics(), "iam")
            .toBuilder().maxAttempts(2).build();

    assertThat(rebuilt).isInstanceOf(MeteredRetryStrategy.class);
    assertThat(rebuilt.maxAttempts()).isEqualTo(2);
  }

  private boolean heldBack() {
    Timer tokens = wait(AwsCallMetrics.RATE_LIMITER);
    return tokens != null && tokens.max(TimeUnit.MILLISECONDS) >= 50;
  }

  @Test
  void otherErrorsAreLabelledWithTheirCodeAndNoThrottle() {
    IamClient iam = iam(AwsRetryStrategy.doNotRetry());

    assertThatThrownBy(() -> iam.getRole(r -> r.roleName("Missing")))
        .isInstanceOf(NoSuchEntityException.class);

    assertThat(calls("iam", "GetRole", "NoSuchEntity")).isEqualTo(1.0);
    assertThat(registry.find(AwsCallMetrics.THROTTLES).counter()).isNull();
    assertThat(registry.find(AwsCallMetrics.RETRIES).counter()).isNull();
    assertThat(registry.find(AwsCallMetrics.WAIT).timer()).isNull();
  }

  @Test
  void stsCallsAreLabelledWithTheirService() {
    AwsKeys k = emu.adminKeys(ACCOUNT);
    try (StsClient sts =
        StsClient.builder()
            .endpointOverride(emu.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(k.accessKeyId(), k.secretAccessKey())))
            .httpClient(http)
            .overrideConfiguration(
                o ->
                    o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .addExecutionInterceptor(metrics())
                        .addMetricPublisher(metrics()))
            .build()) {
      sts.getCallerIdentity();
    }

    assertThat(calls("sts", "GetCallerIdentity", "success")).isEqualTo(1.0);
  }

  @Test
  void aCallWithoutAnAnswerIsAClientError() {
    assertThat(AwsCallMetrics.outcome(new RuntimeException("connection refused")))
        .isEqualTo("ClientError");
  }

  /** A client whose strategy backs off 5 ms and is timed as the operator's clients' are. */
  private IamClient metered(RetryStrategy.Builder<?, ?> strategy) {
    BackoffStrategy shortDelay = attempt -> Duration.ofMillis(5);
    strategy.backoffStrategy(shortDelay);
    strategy.throttlingBackoffStrategy(shortDelay);
    return iam(new MeteredRetryStrategy(strategy.build(), metrics(), "iam"));
  }

  private AwsCallMetrics metrics() {
    return new AwsCallMetrics(registry, ACCOUNT);
  }

  private IamClient iam(RetryStrategy retry) {
    AwsKeys k = emu.adminKeys(ACCOUNT);
    AwsCallMetrics metrics = metrics();
    return IamClient.builder()
        .endpointOverride(emu.endpoint())
        .region(Region.AWS_GLOBAL)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(k.accessKeyId(), k.secretAccessKey())))
        .httpClient(http)
        .overrideConfiguration(
            o ->
                o.retryStrategy(retry).addExecutionInterceptor(metrics).addMetricPublisher(metrics))
        .build();
  }

  private static void createRole(IamClient iam, String name) {
    iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(TRUST));
  }

  private double calls(String service, String action, String outcome) {
    Counter c =
        registry
            .find(AwsCallMetrics.CALLS)
            .tags("service", service, "action", action, "account", ACCOUNT, "outcome", outcome)
            .counter();
    return c == null ? 0 : c.count();
  }

  private double retries(String service, String action) {
    return perAction(AwsCallMetrics.RETRIES, service, action);
  }

  private Timer wait(String cause) {
    return registry
        .find(AwsCallMetrics.WAIT)
        .tags("service", "iam", "account", ACCOUNT, "cause", cause)
        .timer();
  }

  private double throttles(String service, String action) {
    return perAction(AwsCallMetrics.THROTTLES, service, action);
  }

  private double perAction(String counter, String service, String action) {
    Counter c =
        registry
            .find(counter)
            .tags("service", service, "action", action, "account", ACCOUNT)
            .counter();
    return c == null ? 0 : c.count();
  }
}
