package io.xaccount.operator.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.xaccount.emulator.IamEmulator;
import io.xaccount.emulator.knobs.Call;
import io.xaccount.emulator.model.AwsKeys;
import io.xaccount.sandbox.OperatorPermissions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * Starts one IAM/STS emulator for the operator under test and points the operator at it the way a
 * user would point it at LocalStack: {@code xaccount.aws.endpoint-url} for the endpoint, and the
 * AWS SDK's standard system properties for the operator's own credentials (an administrator of
 * {@link #OPERATOR_ACCOUNT}). Every account has a role {@code xaccount-operator} that identity may
 * assume.
 */
public class EmulatorResource implements QuarkusTestResourceLifecycleManager {
  public static final String OPERATOR_ACCOUNT = "111111111111";
  public static final String PROD = "111111111111";
  public static final String DEV = "123456789012";
  public static final String OTHER = "222222222222";
  public static final String OPERATOR_ROLE = "xaccount-operator";

  /**
   * Where the operator's recorded AWS calls go when the emulator stops (OperatorCallsAllowedIT).
   */
  public static final Path RECORDED_CALLS = Path.of("target/operator-aws-calls.txt");

  private static final MutableClock CLOCK = new MutableClock();
  private static final Map<String, IamClient> ADMIN_CLIENTS = new ConcurrentHashMap<>();
  private static volatile IamEmulator emulator;

  /** The emulator's clock: shift it to make the credentials it issues expire sooner. */
  public static MutableClock clock() {
    return CLOCK;
  }

  /** The running emulator, shared by every test of the Quarkus application. */
  public static IamEmulator emulator() {
    return emulator;
  }

  /** Waits until the emulator has answered no call for a second: the operator has gone quiet. */
  public static void awaitQuiet() {
    long[] last = {-1};
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .pollInterval(java.time.Duration.ofSeconds(1))
        .until(
            () -> {
              long now = emulator.calls().mark();
              boolean same = now == last[0];
              last[0] = now;
              return same;
            });
  }

  /**
   * Another role the operator's base identity may assume in {@code account}, with the shipped
   * account policies (see {@link OperatorPermissions#addOperatorRole}).
   */
  public static String operatorRole(String account, String roleName) {
    return operatorRole(account, roleName, trustOperator());
  }

  /** The same with its own trust policy. */
  public static String operatorRole(String account, String roleName, String trust) {
    return OperatorPermissions.addOperatorRole(
        emulator, OPERATOR_ACCOUNT, account, roleName, trust);
  }

  /** Trust policy letting the operator's own account assume a role. */
  public static String trustOperator() {
    return """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
        "Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":"sts:AssumeRole"}]}"""
        .formatted(OPERATOR_ACCOUNT);
  }

  /**
   * An IAM client acting as the administrator of {@code accountId}, without retries: what a person
   * would use to look at (or change, out of band) what the operator did.
   */
  public static IamClient adminIam(String accountId) {
    return ADMIN_CLIENTS.computeIfAbsent(accountId, id -> iam(emulator, emulator.adminKeys(id)));
  }

  /** An IAM client of {@code emulator} acting with {@code keys}, without retries. */
  public static IamClient iam(IamEmulator emulator, AwsKeys keys) {
    return IamClient.builder()
        .endpointOverride(emulator.endpoint())
        .region(Region.AWS_GLOBAL)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(keys.accessKeyId(), keys.secretAccessKey())))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  @Override
  public Map<String, String> start() {
    emulator = IamEmulator.builder().accounts(PROD, DEV, OTHER).clock(CLOCK).build().start();
    // Documents come back in a different equivalent shape on every read, as IAM may return
    // them: every steady-state assertion of the suite ("no writes") holds against that.
    emulator.setReshape(true, 7);
    // The operator runs on exactly the permissions deploy/iam/ ships, evaluated as IAM would.
    AwsKeys keys =
        OperatorPermissions.install(emulator, OPERATOR_ACCOUNT, List.of(PROD, DEV, OTHER));
    System.setProperty("aws.accessKeyId", keys.accessKeyId());
    System.setProperty("aws.secretAccessKey", keys.secretAccessKey());
    return Map.of("xaccount.aws.endpoint-url", emulator.endpoint().toString());
  }

  @Override
  public void stop() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    recordOperatorCalls();
    ADMIN_CLIENTS.values().forEach(IamClient::close);
    ADMIN_CLIENTS.clear();
    if (emulator != null) {
      emulator.close();
    }
  }

  /**
   * Writes every distinct action the operator called: through an account session (an assumed role
   * whose session is named xaccount-operator), or as its base identity (STS calls of the
   * administrator the tests give the operator). Test code's own calls are left out.
   */
  private static void recordOperatorCalls() {
    if (emulator == null) {
      return;
    }
    Set<String> lines = new TreeSet<>();
    // Quarkus may restart the application (and this emulator) between test classes: keep what
    // earlier runs of the suite recorded.
    if (Files.exists(RECORDED_CALLS)) {
      try {
        lines.addAll(Files.readAllLines(RECORDED_CALLS));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    String base = "arn:aws:iam::" + OPERATOR_ACCOUNT + ":user/" + OperatorPermissions.BASE_USER;
    for (Call call : emulator.calls().entries()) {
      String caller = call.callerArn() == null ? "" : call.callerArn();
      String action = call.service() + ":" + call.action();
      if (caller.matches("arn:aws:sts::\\d{12}:assumed-role/[^/]+/xaccount-operator")) {
        lines.add(action + " session");
      } else if (caller.equals(base) && call.service().equals("sts")) {
        lines.add(action + " base");
      }
    }
    try {
      Files.createDirectories(RECORDED_CALLS.getParent());
      Files.write(RECORDED_CALLS, lines);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
