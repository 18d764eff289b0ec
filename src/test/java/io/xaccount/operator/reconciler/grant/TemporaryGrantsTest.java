package io.xaccount.operator.reconciler.grant;

import static io.xaccount.operator.reconciler.grant.GrantFixtures.DEV_ACCOUNT;
import static io.xaccount.operator.reconciler.grant.GrantFixtures.NAMESPACE;
import static io.xaccount.operator.reconciler.grant.GrantFixtures.PROD_ACCOUNT;
import static io.xaccount.operator.testsupport.EmulatorResource.DEV;
import static io.xaccount.operator.testsupport.EmulatorResource.PROD;
import static io.xaccount.operator.testsupport.EmulatorResource.adminIam;
import static io.xaccount.operator.testsupport.EmulatorResource.emulator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.xaccount.emulator.knobs.Call;
import io.xaccount.operator.api.v1alpha1.ApiConstants;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrantStatus;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.GrantPhase;
import io.xaccount.operator.api.v1alpha1.Guardrails;
import io.xaccount.operator.iam.GrantPackPlanner;
import io.xaccount.operator.iam.PolicyDocument;
import io.xaccount.operator.iam.SessionRevocation;
import io.xaccount.operator.testsupport.Edits;
import io.xaccount.operator.testsupport.EmulatorResource;
import io.xaccount.operator.testsupport.KubeSystem;
import io.xaccount.operator.testsupport.MutableClock;
import io.xaccount.operator.testsupport.Resources;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * Temporary grants (issue 16), end to end with IAM's own decisions: alice switches into a Prod role
 * with her own keys, through a grant that starts and ends on time.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = KubeSystem.class)
class TemporaryGrantsTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String ALICE = "temp-alice";
  private static final String ROLE = "temp-target";
  private static final String ROLE_ARN = "arn:aws:iam::" + PROD + ":role/TempTarget";
  private static StsClient alice;

  @Inject KubernetesClient client;

  /** Alice in Dev, the two accounts, and a Prod role trusting Dev (sessions of 1 h). */
  private void setUp(Guardrails devGuardrails) {
    if (adminIam(DEV).listUsers().users().stream().noneMatch(u -> u.userName().equals(ALICE))) {
      emulator().account(DEV).createUser(ALICE);
    }
    if (alice == null) {
      alice = GrantFixtures.userSts(ALICE);
    }
    client.resource(Resources.account(PROD_ACCOUNT, PROD, NAMESPACE)).create();
    AwsAccount dev = Resources.account(DEV_ACCOUNT, DEV, NAMESPACE);
    dev.getSpec().setGuardrails(devGuardrails);
    client.resource(dev).create();
    client.resource(GrantFixtures.role(ROLE, "TempTarget", DEV)).create();
    await().atMost(WAIT).until(() -> roleArn() != null);
  }

  @AfterEach
  void deleteEverything() {
    clock().setOffset(Duration.ZERO);
    Resources.deleteAll(client);
  }

  @Test
  void iamItselfAllowsTheGrantOnlyInsideItsWindowWhileTheOperatorDoesNothing() {
    setUp(null);
    Instant now = now();
    Instant notBefore = now.plus(Duration.ofHours(1));
    Instant expiresAt = now.plus(Duration.ofHours(2));
    create("window", g -> window(g, notBefore, expiresAt));

    await().atMost(WAIT).until(() -> phase("window") == GrantPhase.Scheduled);
    AssumeRoleGrantStatus status = status("window");
    assertThat(ready("window").getStatus()).isEqualTo("True");
    assertThat(ready("window").getReason()).isEqualTo("Scheduled");
    assertThat(status.getActiveSince()).isNull();
    assertThat(status.getExpiresAt()).isEqualTo(expiresAt.toString());
    assertThat(status.getSessionsMayPersistUntil())
        .isEqualTo(expiresAt.plus(Duration.ofHours(1)).toString());
    String sid = sid("window");
    // The window is in the statement itself, as two literal conditions on aws:CurrentTime.
    JsonNode expected =
        GrantPackPlanner.statement(uid("window"), ROLE_ARN, false, notBefore, expiresAt).get();
    assertThat(alone(statement(status.getPolicyArn(), sid)).semanticallyEquals(alone(expected)))
        .as(statement(status.getPolicyArn(), sid).toString())
        .isTrue();
    assertThat(expected.toString()).contains("DateGreaterThan").contains("DateLessThan");

    long mark = emulator().calls().mark();
    assertThat(aliceMaySwitch()).as("before notBefore").isFalse();
    clock().setOffset(Duration.ofMinutes(90));
    assertThat(aliceMaySwitch()).as("inside the window").isTrue();
    clock().setOffset(Duration.ofMinutes(150));
    assertThat(aliceMaySwitch()).as("after expiresAt").isFalse();
    clock().setOffset(Duration.ZERO);

    // That was IAM alone: the operator called nothing meanwhile and the statement is still there.
    assertThat(operatorIamCalls(mark)).isEmpty();
    assertThat(sids(status.getPolicyArn())).contains(sid);
    assertThat(phase("window")).isEqualTo(GrantPhase.Scheduled);
  }

  @Test
  void aShiftOpensAndEndsAtItsInstantsWithOneReconcileEachAndLeavesAnOverlappingGrantAlone() {
    setUp(null);
    create("on-call", g -> g.getSpec().setExpiresAt(now().plus(Duration.ofHours(1)).toString()));
    await().atMost(WAIT).until(() -> phase("on-call") == GrantPhase.Active);
    Instant notBefore = now().plusSeconds(8);
    Instant expiresAt = notBefore.plusSeconds(4);
    create("shift", g -> window(g, notBefore, expiresAt));
    await().atMost(WAIT).until(() -> phase("shift") == GrantPhase.Scheduled);
    String slot = status("shift").getPolicyArn();
    assertThat(status("on-call").getPolicyArn()).isEqualTo(slot);

    long scheduled = emulator().calls().mark();
    await().atMost(WAIT).until(() -> phase("shift") == GrantPhase.Active);
    List<Call> opening = operatorIamCalls(scheduled);
    // One reconcile, at notBefore (no polling before it), reading only: IAM held the statement.
    assertThat(opening).filteredOn(c -> c.action().equals("GetPolicy")).hasSize(1);
    assertThat(opening).noneMatch(Call::isWrite);
    assertThat(opening).allSatisfy(c -> assertThat(c.time()).isAfterOrEqualTo(notBefore));
    assertThat(status("shift").getActiveSince()).isEqualTo(notBefore.toString());
    assertThat(ready("shift").getReason()).isEqualTo("Converged");

    long active = emulator().calls().mark();
    await().atMost(WAIT).until(() -> phase("shift") == GrantPhase.Expired);
    List<Call> closing = operatorIamCalls(active);
    // One reconcile, at expiresAt: the statement leaves its pack.
    assertThat(closing).filteredOn(c -> c.action().equals("GetPolicy")).hasSize(1);
    assertThat(closing).anyMatch(c -> c.action().equals("CreatePolicyVersion"));
    assertThat(closing).allSatisfy(c -> assertThat(c.time()).isAfterOrEqualTo(expiresAt));
    Condition ready = ready("shift");
    assertThat(ready.getStatus()).isEqualTo("True");
    assertThat(ready.getReason()).isEqualTo("Expired");
    assertThat(ready.getMessage()).contains("expired at " + expiresAt);
    AssumeRoleGrantStatus expired = status("shift");
    assertThat(expired.getPolicyArn()).isNull();
    assertThat(expired.getExpiresAt()).isEqualTo(expiresAt.toString());
    assertThat(expired.getSessionsMayPersistUntil())
        .isEqualTo(expiresAt.plus(Duration.ofHours(1)).toString());

    // The overlapping grant to the same person and role keeps its statement, and its access.
    assertThat(sids(slot)).containsExactly(sid("on-call"));
    assertThat(aliceMaySwitch()).isTrue();
  }

  @Test
  void anExpiredGrantComesBackWhenExtendedAndARevokedOneEndsAtOnceUntilTheAnnotationGoes() {
    setUp(null);
    create("brief", g -> g.getSpec().setExpiresAt(now().plusSeconds(3).toString()));
    await().atMost(WAIT).until(() -> phase("brief") == GrantPhase.Expired);
    assertThat(aliceMaySwitch()).isFalse();

    Instant later = now().plus(Duration.ofHours(1));
    edit("brief", g -> g.getSpec().setExpiresAt(later.toString()));
    await().atMost(WAIT).until(() -> phase("brief") == GrantPhase.Active);
    assertThat(status("brief").getExpiresAt()).isEqualTo(later.toString());
    assertThat(aliceMaySwitch()).isTrue();
    String slot = status("brief").getPolicyArn();

    edit(
        "brief",
        g -> g.getMetadata().setAnnotations(Map.of(ApiConstants.REVOKE_ANNOTATION, "true")));
    await().atMost(WAIT).until(() -> phase("brief") == GrantPhase.Expired);
    AssumeRoleGrantStatus revoked = status("brief");
    assertThat(revoked.getRevokedAt()).isNotNull();
    assertThat(ready("brief").getReason()).isEqualTo("Expired");
    assertThat(ready("brief").getMessage())
        .contains("revoked")
        .contains(ApiConstants.REVOKE_ANNOTATION);
    assertThat(revoked.getSessionsMayPersistUntil())
        .isEqualTo(Instant.parse(revoked.getRevokedAt()).plus(Duration.ofHours(1)).toString());
    assertThat(adminIam(DEV).listPolicies(r -> r.pathPrefix("/xaccount/grants/")).policies())
        .noneMatch(p -> p.arn().equals(slot));
    assertThat(aliceMaySwitch()).isFalse();

    edit("brief", g -> g.getMetadata().setAnnotations(Map.of()));
    await().atMost(WAIT).until(() -> phase("brief") == GrantPhase.Active);
    assertThat(status("brief").getRevokedAt()).isNull();
    assertThat(aliceMaySwitch()).isTrue();
  }

  @Test
  void guardrailsRefuseGrantsTooLongOrWithoutAnEndBeforeAnyIamWrite() {
    Guardrails guardrails = new Guardrails();
    guardrails.setMaxGrantDuration("8h");
    guardrails.setRequireGrantExpiry(true);
    setUp(guardrails);
    long mark = emulator().calls().mark();
    Instant tomorrow = now().plus(Duration.ofDays(1));

    create("nine-hours", g -> g.getSpec().setDuration("9h"));
    create("for-good", g -> {});
    create("long-shift", g -> window(g, tomorrow, tomorrow.plus(Duration.ofHours(10))));
    for (String name : List.of("nine-hours", "for-good", "long-shift")) {
      await().atMost(WAIT).until(() -> phase(name) == GrantPhase.Failed);
      assertThat(ready(name).getReason()).isEqualTo("Forbidden");
    }
    assertThat(ready("nine-hours").getMessage())
        .contains("guardrail maxGrantDuration: the grant is in effect for 9h");
    assertThat(ready("for-good").getMessage()).contains("guardrail requireGrantExpiry");
    assertThat(ready("long-shift").getMessage()).contains("for 10h");
    assertThat(emulator().calls().writesSince(mark)).noneMatch(c -> DEV.equals(c.accountId()));

    create("eight-hours", g -> g.getSpec().setDuration("8h"));
    await().atMost(WAIT).until(() -> phase("eight-hours") == GrantPhase.Active);
  }

  @Test
  void aRoleEndsEverySessionIssuedBeforeAnInstantAndSaysItHitsEveryone() {
    setUp(null);
    create("always", g -> {});
    await().atMost(WAIT).until(() -> phase("always") == GrantPhase.Active);
    Credentials old = switchAsAlice();
    Instant issued = old.expiration().minus(Duration.ofHours(1));
    IamClient oldSession = iam(old);
    oldSession.listRoles();

    Instant cut = issued.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    Edits.retrying(
        client.resources(CrossAccountRole.class).inNamespace(NAMESPACE).withName(ROLE),
        r -> {
          r.getSpec().setRevokeSessionsIssuedBefore(cut.toString());
          return r;
        });
    await().atMost(WAIT).until(() -> hasRevocationWarning(cut));
    assertThat(
            adminIam(PROD)
                .getRolePolicy(
                    r -> r.roleName("TempTarget").policyName(SessionRevocation.POLICY_NAME))
                .policyDocument())
        .contains("TokenIssueTime");
    assertThatThrownBy(oldSession::listRoles)
        .isInstanceOf(IamException.class)
        .hasMessageContaining("explicit deny");

    // Sessions issued from the cut on are not affected.
    await().atMost(WAIT).until(() -> now().isAfter(cut));
    iam(switchAsAlice()).listRoles();
  }

  private boolean hasRevocationWarning(Instant cut) {
    CrossAccountRole role =
        client.resources(CrossAccountRole.class).inNamespace(NAMESPACE).withName(ROLE).get();
    return role.getStatus() != null
        && role.getStatus().getWarnings() != null
        && role.getStatus().getWarnings().stream()
            .anyMatch(w -> w.equals(SessionRevocation.warning(cut)));
  }

  private static MutableClock clock() {
    return EmulatorResource.clock();
  }

  private static Instant now() {
    return clock().instant().truncatedTo(ChronoUnit.SECONDS);
  }

  private static void window(AssumeRoleGrant grant, Instant notBefore, Instant expiresAt) {
    grant.getSpec().setNotBefore(notBefore.toString());
    grant.getSpec().setExpiresAt(expiresAt.toString());
  }

  private void create(String name, Consumer<AssumeRoleGrant> shape) {
    AssumeRoleGrant grant = GrantFixtures.grantForRef(name, ROLE, List.of(ALICE), List.of());
    shape.accept(grant);
    client.resource(grant).create();
  }

  private void edit(String name, Consumer<AssumeRoleGrant> change) {
    Edits.retrying(
        client.resources(AssumeRoleGrant.class).inNamespace(NAMESPACE).withName(name),
        g -> {
          change.accept(g);
          return g;
        });
  }

  private AssumeRoleGrant grant(String name) {
    return client.resources(AssumeRoleGrant.class).inNamespace(NAMESPACE).withName(name).get();
  }

  private AssumeRoleGrantStatus status(String name) {
    return grant(name).getStatus();
  }

  private GrantPhase phase(String name) {
    AssumeRoleGrantStatus status = status(name);
    return status == null ? null : status.getPhase();
  }

  private Condition ready(String name) {
    return status(name).readyCondition().orElseThrow();
  }

  private String uid(String name) {
    return grant(name).getMetadata().getUid();
  }

  private String sid(String name) {
    return GrantPackPlanner.sid(uid(name));
  }

  private String roleArn() {
    CrossAccountRole role =
        client.resources(CrossAccountRole.class).inNamespace(NAMESPACE).withName(ROLE).get();
    return role == null || role.getStatus() == null ? null : role.getStatus().getRoleArn();
  }

  /** The IAM calls the operator made in Dev since {@code mark}. */
  private static List<Call> operatorIamCalls(long mark) {
    return emulator().calls().since(mark).stream()
        .filter(c -> c.service().equals("iam") && DEV.equals(c.accountId()))
        .filter(c -> c.callerArn() != null && c.callerArn().endsWith("/xaccount-operator"))
        .toList();
  }

  private static boolean aliceMaySwitch() {
    try {
      switchAsAlice();
      return true;
    } catch (StsException e) {
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
      return false;
    }
  }

  private static Credentials switchAsAlice() {
    return alice.assumeRole(r -> r.roleArn(ROLE_ARN).roleSessionName("alice")).credentials();
  }

  private static IamClient iam(Credentials session) {
    return IamClient.builder()
        .endpointOverride(emulator().endpoint())
        .region(Region.AWS_GLOBAL)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsSessionCredentials.create(
                    session.accessKeyId(), session.secretAccessKey(), session.sessionToken())))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  private static JsonNode statement(String slot, String sid) {
    return GrantPackPlanner.statements(GrantFixtures.devDocument(slot)).stream()
        .filter(s -> s.path("Sid").asText().equals(sid))
        .findFirst()
        .orElseThrow();
  }

  /** A document holding only {@code statement}, to compare statements as IAM would. */
  private static PolicyDocument alone(JsonNode statement) {
    ObjectNode doc = JsonNodeFactory.instance.objectNode().put("Version", "2012-10-17");
    doc.putArray("Statement").add(statement);
    return PolicyDocument.of(doc);
  }

  private static Set<String> sids(String slot) {
    return GrantPackPlanner.statements(GrantFixtures.devDocument(slot)).stream()
        .map(s -> s.path("Sid").asText())
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
