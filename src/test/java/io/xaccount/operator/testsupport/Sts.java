package io.xaccount.operator.testsupport;

import static io.xaccount.operator.testsupport.EmulatorResource.adminIam;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * STS clients of the people in the emulated accounts, to ask IAM's evaluator (not the operator)
 * whether someone can switch: alice's own keys, and the sessions she gets by assuming roles.
 */
public final class Sts {
  /** One access key per user for the whole suite: IAM allows a user two. */
  private static final Map<String, StsClient> USERS = new ConcurrentHashMap<>();

  private Sts() {}

  /** STS acting as the IAM user {@code user} of {@code accountId}. */
  public static StsClient of(String accountId, String user) {
    return USERS.computeIfAbsent(
        accountId + ":" + user,
        k -> {
          var key = adminIam(accountId).createAccessKey(r -> r.userName(user)).accessKey();
          return client(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
        });
  }

  /** STS acting with a session's temporary credentials. */
  public static StsClient of(Credentials session) {
    return client(
        AwsSessionCredentials.create(
            session.accessKeyId(), session.secretAccessKey(), session.sessionToken()));
  }

  /** AssumeRole; throws what STS answers when it is denied. */
  public static Credentials assume(StsClient sts, String roleArn, String sessionName) {
    return sts.assumeRole(r -> r.roleArn(roleArn).roleSessionName(sessionName)).credentials();
  }

  private static StsClient client(AwsCredentials credentials) {
    return StsClient.builder()
        .endpointOverride(EmulatorResource.emulator().endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(credentials))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }
}
