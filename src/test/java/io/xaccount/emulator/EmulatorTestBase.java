package io.xaccount.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.xaccount.emulator.model.AccountState;
import io.xaccount.emulator.model.AwsKeys;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/** Starts an emulator with two accounts and builds real SDK clients against it. */
public abstract class EmulatorTestBase {
  protected static final String PROD = "111111111111";
  protected static final String DEV = "123456789012";

  protected final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  protected IamEmulator emu;
  private final SdkHttpClient http = UrlConnectionHttpClient.create();
  private final List<AutoCloseable> clients = new ArrayList<>();
  private final java.util.Map<String, AwsKeys> callerKeys = new java.util.HashMap<>();

  @BeforeEach
  protected void startEmulator() {
    emu = IamEmulator.builder().accounts(PROD, DEV).clock(clock).build().start();
  }

  @AfterEach
  protected void stopEmulator() throws Exception {
    for (AutoCloseable c : clients) {
      c.close();
    }
    emu.close();
    http.close();
  }

  protected IamClient iam(String accountId) {
    AwsKeys k = emu.adminKeys(accountId);
    return iam(credentials(k));
  }

  protected IamClient iam(AwsCredentials credentials) {
    IamClient c =
        IamClient.builder()
            .endpointOverride(emu.endpoint())
            .region(Region.AWS_GLOBAL)
            .credentialsProvider(StaticCredentialsProvider.create(credentials))
            .httpClient(http)
            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
            .build();
    clients.add(c);
    return c;
  }

  protected StsClient sts(String accountId) {
    AwsKeys k = emu.adminKeys(accountId);
    return sts(credentials(k));
  }

  protected StsClient sts(AwsCredentials credentials) {
    StsClient c =
        StsClient.builder()
            .endpointOverride(emu.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(credentials))
            .httpClient(http)
            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
            .build();
    clients.add(c);
    return c;
  }

  /**
   * STS as the account's administrator user {@code caller} (AdministratorAccess): roles cannot be
   * assumed with root credentials, as in AWS.
   */
  protected StsClient caller(String accountId) {
    AwsKeys k =
        callerKeys.computeIfAbsent(
            accountId,
            id -> {
              AccountState account = emu.account(id);
              account.createUser("caller");
              account.attachUserPolicy("caller", "arn:aws:iam::aws:policy/AdministratorAccess");
              return account.createAccessKey("caller");
            });
    return sts(credentials(k));
  }

  /** A new user of {@code accountId} with one access key, as that user's credentials. */
  protected AwsBasicCredentials newUser(String accountId, String name) {
    AccountState account = emu.account(accountId);
    account.createUser(name);
    return credentials(account.createAccessKey(name));
  }

  protected static AwsBasicCredentials credentials(AwsKeys k) {
    return AwsBasicCredentials.create(k.accessKeyId(), k.secretAccessKey());
  }

  protected static AwsSessionCredentials session(Credentials c) {
    return AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken());
  }

  /** Asserts the call fails with this error code and HTTP status; returns the message. */
  protected static String assertAwsError(ThrowingCallable call, String code, int status) {
    AwsServiceException e = catchThrowableOfType(AwsServiceException.class, call);
    assertThat(e).as("expected %s", code).isNotNull();
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
    assertThat(e.statusCode()).isEqualTo(status);
    return e.awsErrorDetails().errorMessage();
  }

  protected static String decode(String document) {
    return URLDecoder.decode(document, StandardCharsets.UTF_8);
  }

  protected static String trustAccount(String principal) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
        + "\"Principal\":{\"AWS\":\""
        + principal
        + "\"},\"Action\":\"sts:AssumeRole\"}]}";
  }
}
