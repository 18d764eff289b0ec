package io.xaccount.operator.aws;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
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
      baseSts = configure(StsClient.builder(), "sts", Region.of(stsRegion), base, metrics).build();
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
    IamClient iam =
        configure(IamClient.builder(), "iam", globalRegion(spec.partition()), credentials, metrics)
            .build();
    StsClient sts =
        configure(StsClient.builder(), "sts", Region.of(stsRegion), credentials, metrics).build();
    return new AccountClients(spec, iam, sts, credentials, baseSts);
  }

  private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(
      B builder,
      String service,
      Region region,
      AwsCredentialsProvider credentials,
      AwsCallMetrics metrics) {
    builder.region(region).credentialsProvider(credentials).httpClient(http);
    settings.endpointUrl().ifPresent(builder::endpointOverride);
    builder.overrideConfiguration(
        o ->
            // Adaptive: besides retrying throttles with backoff, each client (one per account,
            // shared by every reconciler thread) slows its own sending rate when IAM throttles,
            // so a thousand resources at once do not turn into a throttling storm. Its waits are
            // timed for the metrics.
            o.retryStrategy(
                    new MeteredRetryStrategy(
                        AwsRetryStrategy.adaptiveRetryStrategy().toBuilder()
                            .maxAttempts(settings.maxAttempts())
                            .build(),
                        metrics,
                        service))
                .addExecutionInterceptor(metrics)
                .addMetricPublisher(metrics));
    return builder;
  }

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
