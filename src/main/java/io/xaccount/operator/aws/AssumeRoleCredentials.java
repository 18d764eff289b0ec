package io.xaccount.operator.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Wraps the cached sts:AssumeRole provider so that a refused AssumeRole is reported as such, and
 * not as a failure of whichever IAM or STS call needed the credentials.
 */
final class AssumeRoleCredentials implements AwsCredentialsProvider, SdkAutoCloseable {
  /** Marks a failure of the session behind a call rather than of the call itself. */
  static final class SessionFailure extends SdkClientException {
    SessionFailure(SdkException cause) {
      super(SdkClientException.builder().message(cause.getMessage()).cause(cause));
    }
  }

  private final AwsCredentialsProvider delegate;

  AssumeRoleCredentials(AwsCredentialsProvider delegate) {
    this.delegate = delegate;
  }

  @Override
  public AwsCredentials resolveCredentials() {
    try {
      return delegate.resolveCredentials();
    } catch (SdkException e) {
      throw new SessionFailure(e);
    }
  }

  @Override
  public void close() {
    if (delegate instanceof SdkAutoCloseable closeable) {
      closeable.close();
    }
  }
}
