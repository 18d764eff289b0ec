package io.xaccount.operator.aws;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.util.Optional;

/**
 * Operator-wide AWS settings. Everything else comes from the AWS SDK's standard configuration: the
 * default credential chain (environment, IRSA web identity, EKS Pod Identity, profiles) and {@code
 * AWS_ENDPOINT_URL_IAM} / {@code AWS_ENDPOINT_URL_STS}.
 */
@ConfigMapping(prefix = "xaccount.aws")
public interface AwsSettings {
  /**
   * One endpoint for both IAM and STS (LocalStack, an emulator). Unset: the SDK resolves the
   * endpoints, honouring {@code AWS_ENDPOINT_URL_*}.
   */
  Optional<URI> endpointUrl();

  /** Region of the regional STS endpoint, unless an AwsAccount names its own. */
  @WithDefault("us-east-1")
  String stsRegion();

  /** Session name used when an AwsAccount names none. */
  @WithDefault("xaccount-operator")
  String sessionName();

  /** Attempts per AWS call including the first (the SDK's standard retry with backoff). */
  @WithDefault("3")
  int maxAttempts();

  /**
   * The most IAM calls per second the operator sends to one account (all its AwsAccounts naming
   * that account together). IAM's limits are unpublished: the operator slows down by itself when
   * IAM throttles and climbs back to this ceiling. 20 is the benchmark's assumption of IAM's rate.
   */
  @WithDefault("20")
  double iamCallsPerSecond();

  /**
   * How many IAM calls to one account may go at once after a quiet spell. Kept below IAM's own
   * burst, so that calls arriving a little unevenly (threads, connections) find IAM's bucket with
   * room to spare while the operator sends at the ceiling.
   */
  @WithDefault("10")
  int iamBurst();
}
