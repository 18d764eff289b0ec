package io.xaccount.operator.aws;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The IAM and STS clients for one account, sharing one auto-refreshing credentials provider. The
 * identity they were verified to act as is remembered here, so that a client is only ever used in
 * the account its credentials were checked against.
 */
public final class AccountClients implements AutoCloseable {
  private final CredentialsSpec spec;
  private final IamClient iam;
  private final StsClient sts;
  private final AwsCredentialsProvider credentials;
  // The base identity's STS client a role is assumed through; null when no role is assumed.
  private final StsClient baseSts;
  private final AtomicReference<CallerIdentity> verified = new AtomicReference<>();
  // The account's IAM pace; null when the IAM client is not paced.
  private final IamPace pace;

  AccountClients(
      CredentialsSpec spec, IamClient iam, StsClient sts, AwsCredentialsProvider credentials) {
    this(spec, iam, sts, credentials, null, null);
  }

  AccountClients(
      CredentialsSpec spec,
      IamClient iam,
      StsClient sts,
      AwsCredentialsProvider credentials,
      StsClient baseSts,
      IamPace pace) {
    this.spec = spec;
    this.iam = iam;
    this.sts = sts;
    this.credentials = credentials;
    this.baseSts = baseSts;
    this.pace = pace;
  }

  /**
   * Waits until the current thread's next IAM call to this account may be sent (in the order the
   * account's pace serves calls) and keeps that turn for it; at once when IAM calls are not paced.
   * Close it when done.
   */
  public IamTurn awaitIamTurn() {
    if (pace == null) {
      return () -> {};
    }
    try {
      return pace.takeTurn(CallPriority.current());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw AbortedException.create("Interrupted while waiting for the account's IAM pace", e);
    }
  }

  public CredentialsSpec spec() {
    return spec;
  }

  IamClient iam() {
    return iam;
  }

  StsClient sts() {
    return sts;
  }

  /** The STS client of the identity the account's role is assumed from, if one is. */
  Optional<StsClient> baseSts() {
    return Optional.ofNullable(baseSts);
  }

  /** The identity last returned by sts:GetCallerIdentity through these clients, if any. */
  public CallerIdentity verifiedIdentity() {
    return verified.get();
  }

  void markVerified(CallerIdentity identity) {
    verified.set(identity);
  }

  @Override
  public void close() {
    iam.close();
    sts.close();
    if (baseSts != null) {
      baseSts.close();
    }
    if (credentials instanceof SdkAutoCloseable closeable) {
      closeable.close();
    }
  }
}
