package io.xaccount.sandbox.chaos;

import io.xaccount.emulator.IamEmulator;
import io.xaccount.emulator.model.AwsKeys;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * Each emulated account's administrator, through the real AWS SDK as a person with the CLI would
 * be: it plants the decoys, makes the out-of-band edits and reads what the audit needs. Its calls
 * go through the emulator's faults like anyone's, so it retries patiently.
 */
final class AdminIam implements AutoCloseable {
  private final SdkHttpClient http = UrlConnectionHttpClient.builder().build();
  private final Map<String, IamClient> clients = new LinkedHashMap<>();

  AdminIam(IamEmulator emulator, List<String> accounts) {
    for (String account : accounts) {
      AwsKeys keys = emulator.adminKeys(account);
      clients.put(
          account,
          IamClient.builder()
              .endpointOverride(emulator.endpoint())
              .region(Region.AWS_GLOBAL)
              .credentialsProvider(
                  StaticCredentialsProvider.create(
                      AwsBasicCredentials.create(keys.accessKeyId(), keys.secretAccessKey())))
              .httpClient(http)
              .overrideConfiguration(
                  o ->
                      o.retryStrategy(
                          AwsRetryStrategy.standardRetryStrategy().toBuilder()
                              .maxAttempts(12)
                              .build()))
              .build());
    }
  }

  IamClient in(String account) {
    return clients.get(account);
  }

  @Override
  public void close() {
    clients.values().forEach(IamClient::close);
    http.close();
  }
}
