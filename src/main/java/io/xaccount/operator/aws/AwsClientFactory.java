package io.xaccount.operator.aws;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Builds the clients of one account: the operator's own default credential chain, or a role assumed
 * from it with a cached provider that refreshes before expiry (one sts:AssumeRole per credentials
 * lifetime, never one per request).
 */
@ApplicationScoped
public class AwsClientFactory {
  private final AwsSettings settings;
  private final MeterRegistry registry;
  private final SdkHttpClient http = UrlConnectionHttpClient.builder().build();
  private final AwsCredentialsProvider base = DefaultCredentialsProvider.builder().build();
  // One pace per account (partition and ID): IAM limits an account, whichever AwsAccount reaches
  // it.
  private final Map<String, IamPace> paces = new ConcurrentHashMap<>();

  public AwsClientFactory(AwsSettings settings, MeterRegistry registry) {
    this.settings = settings;
    this.registry = registry;
  }

  AccountClients create(CredentialsSpec spec) {
    String stsRegion = stsRegion(spec.partition(), spec.stsRegion(), settings.stsRegion());
    AwsCredentialsProvider credentials = base;
    AwsCallMetrics metrics = new AwsCallMetrics(registry, spec.accountId());
    StsClient baseSts = null;
    if (spec.assumesRole()) {
      baseSts =
          configure(
                  StsClient.builder(),
                  "sts",
                  Region.of(stsRegion),
                  base,
                  new Metering(metrics, null))
              .build();
      credentials =
          new AssumeRoleCredentials(
              StsAssumeRoleCredentialsProvider.builder()
                  .stsClient(baseSts)
                  .refreshRequest(
                      r -> {
                        r.roleArn(spec.roleArn())
                            .roleSessionName(
                                spec.sessionName() != null
                                    ? spec.sessionName()
                                    : settings.sessionName());
                        if (spec.externalId() != null) {
                          r.externalId(spec.externalId());
                        }
                        if (spec.durationSeconds() != null) {
                          r.durationSeconds(spec.durationSeconds());
                        }
                      })
                  .staleTime(Duration.ofMinutes(1))
                  .prefetchTime(Duration.ofMinutes(5))
                  .build());
    }
    IamPace pace =
        paces.computeIfAbsent(
            (spec.partition() == null ? "aws" : spec.partition()) + ":" + spec.accountId(),
            id -> new IamPace(settings.iamCallsPerSecond(), settings.iamBurst()));
    IamClient iam =
        configure(
                IamClient.builder(),
                "iam",
                globalRegion(spec.partition()),
                credentials,
                new Metering(metrics, pace))
            .build();
    StsClient sts =
        configure(
                StsClient.builder(),
                "sts",
                Region.of(stsRegion),
                credentials,
                new Metering(metrics, null))
            .build();
    return new AccountClients(spec, iam, sts, credentials, baseSts, pace);
  }

  private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(
      B builder,
      String service,
      Region region,
      AwsCredentialsProvider credentials,
      Metering metering) {
    builder.region(region).credentialsProvider(credentials).httpClient(http);
    settings.endpointUrl().ifPresent(builder::endpointOverride);
    // IAM: the account's pace sends every attempt, most urgent first, and slows down when IAM
    // throttles, so the SDK's standard retries with backoff suffice. STS: adaptive, the client
    // slowing its own sending rate when throttled. Waits are timed for the metrics.
    RetryStrategy strategy =
        metering.pace() != null
            ? AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(settings.maxAttempts())
                .build()
            : AwsRetryStrategy.adaptiveRetryStrategy().toBuilder()
                .maxAttempts(settings.maxAttempts())
                .build();
    builder.overrideConfiguration(
        o ->
            o.retryStrategy(
                    new MeteredRetryStrategy(
                        strategy, metering.metrics(), service, metering.pace()))
                .addExecutionInterceptor(metering.metrics())
                .addMetricPublisher(metering.metrics()));
    return builder;
  }

  /** What a client reports its calls to, and the pace it sends them at (none for STS). */
  private record Metering(AwsCallMetrics metrics, IamPace pace) {}

  /**
   * The regional STS endpoint for an account: its own stsRegion, else the operator's setting when
   * that region is in the account's partition, else the partition's usual region (an aws-cn account
   * cannot be reached through us-east-1).
   */
  static String stsRegion(String partition, String accountRegion, String configured) {
    if (accountRegion != null) {
      return accountRegion;
    }
    String p = partition == null ? "aws" : partition;
    if (partitionOf(configured).equals(p)) {
      return configured;
    }
    return switch (p) {
      case "aws-cn" -> "cn-north-1";
      case "aws-us-gov" -> "us-gov-west-1";
      default -> "us-east-1";
    };
  }

  private static String partitionOf(String region) {
    if (region.startsWith("cn-")) {
      return "aws-cn";
    }
    return region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
  }

  /** IAM is a global service: its signing region depends on the partition only. */
  static Region globalRegion(String partition) {
    return switch (partition == null ? "aws" : partition) {
      case "aws-us-gov" -> Region.AWS_US_GOV_GLOBAL;
      case "aws-cn" -> Region.AWS_CN_GLOBAL;
      default -> Region.AWS_GLOBAL;
    };
  }

  @PreDestroy
  void close() {
    http.close();
  }
}
