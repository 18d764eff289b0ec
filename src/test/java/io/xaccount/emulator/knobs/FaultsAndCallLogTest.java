package io.xaccount.emulator.knobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.xaccount.emulator.EmulatorTestBase;
import io.xaccount.emulator.model.AwsKeys;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityType;

class FaultsAndCallLogTest extends EmulatorTestBase {

  @Test
  void callLogRecordsEveryRequestAndClassifiesWrites() {
    IamClient iam = iam(PROD);
    long mark = emu.calls().mark();
    iam.createRole(b -> b.roleName("R").assumeRolePolicyDocument(trustAccount(DEV)));
    iam.getRole(b -> b.roleName("R"));
    iam.listRoles();
    assertAwsError(() -> iam.getRole(b -> b.roleName("Missing")), "NoSuchEntity", 404);
    sts(PROD).getCallerIdentity();

    List<Call> calls = emu.calls().since(mark);
    assertThat(calls)
        .extracting(Call::service, Call::action, Call::errorCode)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("iam", "CreateRole", null),
            org.assertj.core.groups.Tuple.tuple("iam", "GetRole", null),
            org.assertj.core.groups.Tuple.tuple("iam", "ListRoles", null),
            org.assertj.core.groups.Tuple.tuple("iam", "GetRole", "NoSuchEntity"),
            org.assertj.core.groups.Tuple.tuple("sts", "GetCallerIdentity", null));
    assertThat(calls).allMatch(c -> c.accountId().equals(PROD));
    assertThat(calls).allMatch(c -> c.callerArn().equals("arn:aws:iam::" + PROD + ":root"));
    assertThat(calls.get(0).time()).isEqualTo(clock.instant());
    assertThat(emu.calls().writes()).extracting(Call::action).containsExactly("CreateRole");

    emu.calls().clear();
    assertThat(emu.calls().entries()).isEmpty();
    iam.listRoles();
    assertThat(emu.calls().since(mark)).hasSize(1);
  }

  @Test
  void failNextInjectsThrottlingForNCallsOfOneActionAndAccount() {
    emu.faults().failNext("ListRoles", PROD, "Throttling", 2);
    IamClient prod = iam(PROD);

    String msg = assertAwsError(prod::listRoles, "Throttling", 400);
    assertThat(msg).isEqualTo("Rate exceeded");
    iam(DEV).listRoles(); // other account unaffected
    prod.listUsers(); // other action unaffected
  }

  @Test
  void failNextCountsDownAndServiceFailureIs500() {
    emu.faults().failNext("ListRoles", PROD, "Throttling", 2);
    emu.faults().failNext(null, DEV, "ServiceFailure", 1);
    IamClient prod = iam(PROD);

    assertAwsError(prod::listRoles, "Throttling", 400);
    assertAwsError(prod::listRoles, "Throttling", 400);
    prod.listRoles();
    assertAwsError(() -> sts(DEV).getCallerIdentity(), "ServiceFailure", 500);
    sts(DEV).getCallerIdentity();
  }

  @Test
  void failRateWithProbabilityOneAlwaysFailsAndZeroNever() {
    emu.faults().seed(7).failRate("ListUsers", null, "ServiceUnavailable", 1.0);
    assertAwsError(() -> iam(PROD).listUsers(), "ServiceUnavailable", 503);
    emu.faults().clear();
    emu.faults().failRate("ListUsers", null, "Throttling", 0.0);
    iam(PROD).listUsers();
  }

  @Test
  void sdkRetriesThrottlingByDefault() {
    emu.faults().failNext("ListRoles", PROD, "Throttling", 1);
    AwsKeys k = emu.adminKeys(PROD);
    try (IamClient retrying =
        IamClient.builder()
            .endpointOverride(emu.endpoint())
            .region(software.amazon.awssdk.regions.Region.AWS_GLOBAL)
            .credentialsProvider(
                software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                    software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                        k.accessKeyId(), k.secretAccessKey())))
            .httpClientBuilder(
                software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
            .build()) {
      retrying.listRoles();
    }
    assertThat(emu.calls().entries())
        .extracting(Call::errorCode)
        .containsExactly("Throttling", null);
  }

  @Test
  void rateLimitThrottlesWhenTheBucketIsEmptyAndRefillsWithTheClock() {
    emu.faults().rateLimit(PROD, 1.0, 2);
    IamClient iam = iam(PROD);
    iam.listRoles();
    iam.listRoles();
    assertAwsError(iam::listRoles, "Throttling", 400);
    iam(DEV).listRoles();
    clock.advance(Duration.ofSeconds(1));
    iam.listRoles();
  }

  @Test
  void latencyDelaysTheAnswer() {
    emu.faults().latency("ListRoles", null, Duration.ofMillis(300));
    long start = System.nanoTime();
    iam(PROD).listRoles();
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }

  @Test
  void denyAnswersAccessDeniedWithTheActionAndResource() {
    emu.faults().deny(PROD, "iam:CreateRole");
    IamClient iam = iam(PROD);
    String msg =
        assertAwsError(
            () -> iam.createRole(b -> b.roleName("R").assumeRolePolicyDocument(trustAccount(DEV))),
            "AccessDenied",
            403);
    assertThat(msg)
        .startsWith(
            "User: arn:aws:iam::"
                + PROD
                + ":root is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::"
                + PROD
                + ":role/R");
    assertThat(emu.account(PROD).roleNames()).isEmpty();
    iam(DEV).createRole(b -> b.roleName("R").assumeRolePolicyDocument(trustAccount(PROD)));
  }

  @Test
  void principalPropagationDelayMakesNewPrincipalsInvalidForAWhile() {
    emu.setPrincipalPropagationDelay(Duration.ofSeconds(10));
    String alice = emu.account(DEV).createUser("alice");
    IamClient iam = iam(PROD);
    String msg =
        assertAwsError(
            () ->
                iam.createRole(b -> b.roleName("R").assumeRolePolicyDocument(trustAccount(alice))),
            "MalformedPolicyDocument",
            400);
    assertThat(msg).isEqualTo("Invalid principal in policy: \"AWS\":\"" + alice + "\"");
    clock.advance(Duration.ofSeconds(10));
    iam.createRole(b -> b.roleName("R").assumeRolePolicyDocument(trustAccount(alice)));
  }

  @Test
  void readAfterCreateDelayHidesNewRolesFromGetRoleAndListings() {
    emu.setReadAfterCreateDelay(Duration.ofSeconds(2));
    IamClient iam = iam(PROD);
    iam.createRole(b -> b.roleName("R").assumeRolePolicyDocument(trustAccount(DEV)));
    assertAwsError(() -> iam.getRole(b -> b.roleName("R")), "NoSuchEntity", 404);
    assertThat(iam.listRoles().roles()).isEmpty();
    assertThat(iam.getAccountAuthorizationDetails(b -> b.filter(EntityType.ROLE)).roleDetailList())
        .isEmpty();
    clock.advance(Duration.ofSeconds(2));
    assertThat(iam.getRole(b -> b.roleName("R")).role().roleName()).isEqualTo("R");
    assertThat(iam.listRoles().roles()).hasSize(1);
    assertThat(iam.getAccountAuthorizationDetails(b -> b.filter(EntityType.ROLE)).roleDetailList())
        .hasSize(1);
  }

  @Test
  void assumeRoleDelayDeniesNewRolesForAWhile() {
    emu.setAssumeRoleDelay(Duration.ofSeconds(5));
    String arn = emu.account(PROD).createRole("R", trustAccount(DEV));
    assertAwsError(
        () -> caller(DEV).assumeRole(b -> b.roleArn(arn).roleSessionName("s1")),
        "AccessDenied",
        403);
    clock.advance(Duration.ofSeconds(5));
    caller(DEV).assumeRole(b -> b.roleArn(arn).roleSessionName("s1"));
  }

  @Test
  void aFailureAfterApplyTellsTheCallerItFailedAlthoughTheChangeHappened() {
    emu.faults().seed(7).failAfterApplyRate("CreateRole", PROD, "ServiceFailure", 1.0);
    IamClient iam = iam(PROD);

    assertAwsError(
        () -> iam.createRole(b -> b.roleName("R").assumeRolePolicyDocument(trustAccount(DEV))),
        "ServiceFailure",
        500);

    assertThat(emu.account(PROD).roleNames()).contains("R");
    assertThat(emu.faults().injectedCounts()).containsEntry("afterApply:ServiceFailure", 1L);
  }

  @Test
  void eachCallNamesItsEntityAndIsAnsweredAfterTheListenerHasSeenIt() {
    List<Call> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    emu.onAnswered(seen::add);
    IamClient iam = iam(PROD);
    iam.createRole(b -> b.roleName("R").assumeRolePolicyDocument(trustAccount(DEV)));
    iam.attachRolePolicy(b -> b.roleName("R").policyArn("arn:aws:iam::aws:policy/ReadOnlyAccess"));
    iam.listRoles();

    assertThat(seen)
        .extracting(Call::action, Call::entity)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("CreateRole", "R"),
            org.assertj.core.groups.Tuple.tuple("AttachRolePolicy", "R"),
            org.assertj.core.groups.Tuple.tuple("ListRoles", null));
  }

  @Test
  void latencySpikesAreCounted() {
    emu.faults().seed(7).latencySpikes(1.0, Duration.ofMillis(50));
    iam(PROD).listRoles();
    emu.faults().latencySpikes(0.0, Duration.ofMillis(50));
    iam(PROD).listRoles();
    assertThat(emu.faults().injectedCounts()).containsEntry("spike", 1L);
  }

  @Test
  void readAfterCreateDelayHidesNewPoliciesFromGetPolicy() {
    emu.setReadAfterCreateDelay(Duration.ofSeconds(2));
    IamClient iam = iam(PROD);
    String arn =
        iam.createPolicy(
                b ->
                    b.policyName("P")
                        .policyDocument(
                            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\","
                                + "\"Action\":\"*\",\"Resource\":\"*\"}]}"))
            .policy()
            .arn();
    assertAwsError(() -> iam.getPolicy(b -> b.policyArn(arn)), "NoSuchEntity", 404);
    clock.advance(Duration.ofSeconds(2));
    assertThat(iam.getPolicy(b -> b.policyArn(arn)).policy().policyName()).isEqualTo("P");
  }
}
