package io.xaccount.operator.reconciler.grant;

import static io.xaccount.operator.reconciler.grant.GrantFixtures.DEV_ACCOUNT;
import static io.xaccount.operator.reconciler.grant.GrantFixtures.NAMESPACE;
import static io.xaccount.operator.reconciler.grant.GrantFixtures.PROD_ACCOUNT;
import static io.xaccount.operator.testsupport.EmulatorResource.DEV;
import static io.xaccount.operator.testsupport.EmulatorResource.OTHER;
import static io.xaccount.operator.testsupport.EmulatorResource.PROD;
import static io.xaccount.operator.testsupport.EmulatorResource.emulator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.xaccount.emulator.knobs.Call;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.api.v1alpha1.ConsoleSettings;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.DeletionPolicy;
import io.xaccount.operator.api.v1alpha1.Guardrails;
import io.xaccount.operator.api.v1alpha1.ReadyStatus;
import io.xaccount.operator.iam.GrantPack;
import io.xaccount.operator.iam.GrantPackPlanner;
import io.xaccount.operator.reconciler.Ownership;
import io.xaccount.operator.testsupport.Edits;
import io.xaccount.operator.testsupport.EmulatorResource;
import io.xaccount.operator.testsupport.KubeSystem;
import io.xaccount.operator.testsupport.Resources;
import jakarta.inject.Inject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Tag;

@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = KubeSystem.class)
class AssumeRoleGrantReconcilerTest {
  private static final String SIGNIN = "CrossAccountSignin";
  private static final String ROLE_ARN = "arn:aws:iam::" + PROD + ":role/" + SIGNIN;
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static IamClient devIam;

  @Inject KubernetesClient client;
  @Inject Ownership ownership;

  @BeforeEach
  void setUp() {
    if (devIam == null) {
      devIam = GrantFixtures.iam(DEV);
    }
    ensureUser("alice");
    ensureGroup("developers");
    client.resource(Resources.account(PROD_ACCOUNT, PROD, NAMESPACE)).createOr(e -> e.update());
    AwsAccount dev = Resources.account(DEV_ACCOUNT, DEV, NAMESPACE);
    // Grants here name roles by ARN too: the trusted account must allow those targets.
    Guardrails guardrails = new Guardrails();
    guardrails.setAllowedTargetAccountIds(List.of(PROD, OTHER));
    // One test keeps a grant's statement with Retain.
    guardrails.setAllowRetain(true);
    dev.getSpec().setGuardrails(guardrails);
    client.resource(dev).createOr(e -> e.update());
  }

  @AfterEach
  void cleanUp() {
    client.resources(AssumeRoleGrant.class).inNamespace(NAMESPACE).delete();
    await()
        .atMost(WAIT)
        .until(
            () ->
                client
                    .resources(AssumeRoleGrant.class)
                    .inNamespace(NAMESPACE)
                    .list()
                    .getItems()
                    .isEmpty());
    client.resources(CrossAccountRole.class).inNamespace(NAMESPACE).delete();
    await()
        .atMost(WAIT)
        .until(
            () ->
                client
                    .resources(CrossAccountRole.class)
                    .inNamespace(NAMESPACE)
                    .list()
                    .getItems()
                    .isEmpty());
    for (String name : List.of(PROD_ACCOUNT, DEV_ACCOUNT)) {
      client.resources(AwsAccount.class).withName(name).delete();
    }
    await()
        .atMost(WAIT)
        .until(
            () ->
                client.resources(AwsAccount.class).withName(PROD_ACCOUNT).get() == null
                    && client.resources(AwsAccount.class).withName(DEV_ACCOUNT).get() == null);
  }

  @AfterAll
  static void closeClient() {
    if (devIam != null) {
      devIam.close();
      devIam = null;
    }
  }

  @Test
  void seedConvergesEndToEndAndAResyncOnlyReads() {
    client.resource(GrantFixtures.role("prod-signin", SIGNIN, DEV)).create();
    client
        .resource(
            GrantFixtures.grantForRef(
                "dev-to-prod", "prod-signin", List.of("alice"), List.of("developers")))
        .create();

    Condition roleReady = awaitReason(CrossAccountRole.class, "prod-signin", "Converged");
    Condition grantReady = awaitReason(AssumeRoleGrant.class, "dev-to-prod", "Converged");

    CrossAccountRole role = role("prod-signin");
    AssumeRoleGrant grant = grant("dev-to-prod");
    String expectedUrl =
        "https://signin.aws.amazon.com/switchrole?account=" + PROD + "&roleName=" + SIGNIN;
    String policyArn = policyArnOf(grant);
    assertThat(roleReady.getStatus()).isEqualTo("True");
    assertThat(grantReady.getStatus()).isEqualTo("True");
    assertThat(grantReady.getObservedGeneration()).isEqualTo(grant.getMetadata().getGeneration());
    assertThat(role.getStatus().getRoleArn()).isEqualTo(ROLE_ARN);
    assertThat(role.getStatus().getSwitchRoleUrl()).isEqualTo(expectedUrl);
    assertThat(grant.getStatus().getRoleArn()).isEqualTo(ROLE_ARN);
    assertThat(grant.getStatus().getSwitchRoleUrl()).isEqualTo(expectedUrl);
    assertThat(grant.getStatus().getAccountId()).isEqualTo(DEV);
    GrantPack pack = GrantFixtures.pack(ownership, grant);
    assertThat(pack.principals()).isEqualTo("group/developers,user/alice");
    assertThat(grant.getStatus().getPolicyArn())
        .isEqualTo(policyArn)
        .isEqualTo(
            "arn:aws:iam::"
                + DEV
                + ":policy/xaccount/grants/"
                + pack.hash()
                + "/xaccount-grants."
                + pack.hash()
                + ".1");
    assertThat(grant.getStatus().getObservedGeneration())
        .isEqualTo(grant.getMetadata().getGeneration());
    assertThat(grant.getStatus().getAttachedPrincipals().getUsers()).containsExactly("alice");
    assertThat(grant.getStatus().getAttachedPrincipals().getGroups()).containsExactly("developers");
    assertThat(grant.getStatus().getWarnings()).isEmpty();

    JsonNode statement = defaultDocument(policyArn).path("Statement");
    statement = statement.isArray() ? statement : JSON.createArrayNode().add(statement);
    assertThat(statement).hasSize(1);
    assertThat(statement.get(0).path("Sid").asText())
        .isEqualTo(GrantPackPlanner.sid(grant.getMetadata().getUid()));
    assertThat(statement.get(0).path("Effect").asText()).isEqualTo("Allow");
    assertThat(values(statement.get(0).path("Action"))).containsExactly("sts:AssumeRole");
    assertThat(values(statement.get(0).path("Resource"))).containsExactly(ROLE_ARN);
    assertThat(statement.get(0).has("Condition")).isFalse();
    assertThat(userPolicies("alice")).containsExactly(policyArn);
    assertThat(groupPolicies("developers")).containsExactly(policyArn);
    Map<String, String> tags = policyTags(policyArn);
    assertThat(tags)
        .containsEntry("xaccount.io/managed-by", "xaccount-operator")
        .containsEntry("xaccount.io/cluster", ownership.cluster())
        .containsEntry("xaccount.io/kind", "AssumeRoleGrantPack")
        .containsEntry("xaccount.io/principals", "group/developers user/alice")
        .containsEntry("xaccount.io/namespace", NAMESPACE);

    // A resync of the converged grant: the bounded reads, no write, no status update. The
    // document of the default version is the one the operator wrote: it is not read again.
    String resourceVersion = grant.getMetadata().getResourceVersion();
    List<Call> resync = resyncCalls(policyArn);
    assertThat(resync.stream().map(Call::action))
        .containsExactly("GetPolicy", "ListEntitiesForPolicy");
    assertThat(resync).noneMatch(Call::isWrite);
    assertThat(grant("dev-to-prod").getMetadata().getResourceVersion()).isEqualTo(resourceVersion);
  }

  @Test
  void grantCreatedBeforeItsRoleWaitsThenConvergesWhenTheRoleIsReady() {
    long mark = emulator().calls().mark();
    client
        .resource(GrantFixtures.grantForRef("early", "late-role", List.of("alice"), List.of()))
        .create();

    Condition waiting = awaitReason(AssumeRoleGrant.class, "early", "TargetNotReady");
    assertThat(waiting.getStatus()).isEqualTo("False");
    assertThat(waiting.getMessage()).contains("CrossAccountRole " + NAMESPACE + "/late-role");
    assertThat(emulator().calls().writesSince(mark)).noneMatch(c -> DEV.equals(c.accountId()));

    CrossAccountRole late = GrantFixtures.role("late-role", "LateRole", DEV);
    ConsoleSettings console = new ConsoleSettings();
    console.setDisplayName("Late (Ops)");
    console.setColor("F2B0A9");
    late.getSpec().setConsole(console);
    client.resource(late).create();

    // Far below the resync interval (1h): the role's informer woke the grant.
    Condition ready =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () -> ready(AssumeRoleGrant.class, "early"),
                c -> c != null && "Converged".equals(c.getReason()));
    assertThat(ready.getStatus()).isEqualTo("True");
    AssumeRoleGrant grant = grant("early");
    assertThat(grant.getStatus().getRoleArn()).isEqualTo("arn:aws:iam::" + PROD + ":role/LateRole");
    // The link is the role's own, with its console settings.
    assertThat(grant.getStatus().getSwitchRoleUrl())
        .isEqualTo(role("late-role").getStatus().getSwitchRoleUrl())
        .isEqualTo(
            "https://signin.aws.amazon.com/switchrole?account="
                + PROD
                + "&roleName=LateRole&displayName=Late%20%28Ops%29&color=F2B0A9");
    assertThat(userPolicies("alice")).contains(policyArnOf(grant));
    // The grant was woken again when the role's status gained its link: that refreshed the
    // grant's status without observing IAM a second time (its pack was listed once, and the
    // slot it created was never read back; the pack's listing may be the one this process left
    // a moment ago, when the test before emptied it).
    List<String> devReads =
        emulator().calls().since(mark).stream()
            .filter(c -> DEV.equals(c.accountId()) && c.service().equals("iam") && !c.isWrite())
            .map(Call::action)
            .toList();
    assertThat(devReads).doesNotContain("GetPolicy");
    assertThat(devReads).filteredOn("ListPolicies"::equals).hasSizeLessThanOrEqualTo(1);
  }

  @Test
  void roleDeletedUnderTheGrantWaitsWithoutTouchingIam() {
    client.resource(GrantFixtures.role("gone-role", "GoneRole", DEV)).create();
    client
        .resource(GrantFixtures.grantForRef("orphan", "gone-role", List.of("alice"), List.of()))
        .create();
    awaitReason(AssumeRoleGrant.class, "orphan", "Converged");
    String policyArn = policyArnOf(grant("orphan"));
    long mark = emulator().calls().mark();

    client.resources(CrossAccountRole.class).inNamespace(NAMESPACE).withName("gone-role").delete();

    Condition waiting = awaitReason(AssumeRoleGrant.class, "orphan", "TargetNotReady");
    assertThat(waiting.getStatus()).isEqualTo("False");
    assertThat(waiting.getMessage()).contains(NAMESPACE + "/gone-role");
    assertThat(emulator().calls().writesSince(mark)).noneMatch(c -> DEV.equals(c.accountId()));
    assertThat(userPolicies("alice")).contains(policyArn);
    assertThat(grant("orphan").getStatus().getPolicyArn()).isEqualTo(policyArn);
  }

  @Test
  void principalsAddedAndRemovedAreAttachedAndDetached() {
    ensureUser("grant-bob");
    client
        .resource(
            GrantFixtures.grantForArn(
                "changing", ROLE_ARN, List.of("alice"), List.of("developers")))
        .create();
    awaitReason(AssumeRoleGrant.class, "changing", "Converged");
    String policyArn = policyArnOf(grant("changing"));
    assertThat(groupPolicies("developers")).contains(policyArn);

    Edits.retrying(
        client.resources(AssumeRoleGrant.class).inNamespace(NAMESPACE).withName("changing"),
        g -> {
          g.getSpec().getPrincipals().setUsers(List.of("alice", "grant-bob"));
          g.getSpec().getPrincipals().setGroups(List.of());
          return g;
        });

    await().atMost(WAIT).until(() -> grant("changing").getStatus().getObservedGeneration() == 2L);
    AssumeRoleGrant grant = grant("changing");
    // Other principals, another pack: the statement moved there, and the old pack, left empty,
    // is gone with its attachments.
    String moved = policyArnOf(grant);
    assertThat(moved).isNotEqualTo(policyArn);
    assertThat(grant.getStatus().getPolicyArn()).isEqualTo(moved);
    assertThat(grant.getStatus().readyCondition().orElseThrow().getReason()).isEqualTo("Converged");
    assertThat(grant.getStatus().getAttachedPrincipals().getUsers())
        .containsExactly("alice", "grant-bob");
    assertThat(grant.getStatus().getAttachedPrincipals().getGroups()).isEmpty();
    assertThat(userPolicies("grant-bob")).containsExactly(moved);
    assertThat(userPolicies("alice")).containsExactly(moved);
    assertThat(groupPolicies("developers")).doesNotContain(policyArn, moved);
    assertThat(policyExists(policyArn)).isFalse();
  }

  @Test
  void aMissingUserHoldsBackEveryNewAttachmentUntilItExists() {
    client
        .resource(
            GrantFixtures.grantForArn(
                "ghostly", ROLE_ARN, List.of("alice", "grant-ghost"), List.of("developers")))
        .create();

    Condition notFound = awaitReason(AssumeRoleGrant.class, "ghostly", "PrincipalNotFound");
    AssumeRoleGrant grant = grant("ghostly");
    String policyArn = policyArnOf(grant);
    assertThat(notFound.getStatus()).isEqualTo("False");
    assertThat(notFound.getMessage())
        .contains("user grant-ghost")
        .doesNotContain("user alice")
        .contains("attached to nobody new until every principal of the grant exists");
    // Attached to the others alone, grants to a principal that does not exist would fill their
    // quotas of managed policies (issue 24): nothing is attached.
    assertThat(userPolicies("alice")).doesNotContain(policyArn);
    assertThat(groupPolicies("developers")).doesNotContain(policyArn);
    assertThat(grant.getStatus().getAttachedPrincipals().getUsers()).isEmpty();
    assertThat(grant.getStatus().getAttachedPrincipals().getGroups()).isEmpty();
    assertThat(grant.getStatus().getPolicyArn()).isEqualTo(policyArn);

    emulator().account(DEV).createUser("grant-ghost");

    awaitReason(AssumeRoleGrant.class, "ghostly", "Converged");
    assertThat(userPolicies("grant-ghost")).containsExactly(policyArn);
    assertThat(userPolicies("alice")).containsExactly(policyArn);
    assertThat(groupPolicies("developers")).containsExactly(policyArn);
    assertThat(grant("ghostly").getStatus().getAttachedPrincipals().getUsers())
        .containsExactly("alice", "grant-ghost");
  }

  @Test
  void aPrincipalDeletedLaterKeepsTheOthersAttachedAndIsNamed() {
    emulator().account(DEV).createUser("grant-leaver");
    client
        .resource(
            GrantFixtures.grantForArn(
                "leaving", ROLE_ARN, List.of("alice", "grant-leaver"), List.of()))
        .create();
    awaitReason(AssumeRoleGrant.class, "leaving", "Converged");
    String policyArn = policyArnOf(grant("leaving"));

    // IAM deletes a user only once its policies are detached: an admin does both.
    devIam.detachUserPolicy(r -> r.userName("grant-leaver").policyArn(policyArn));
    devIam.deleteUser(r -> r.userName("grant-leaver"));
    Edits.retrying(
        client.resources(AssumeRoleGrant.class).inNamespace(NAMESPACE).withName("leaving"),
        g -> {
          g.getSpec().setRequireMfa(true);
          return g;
        });

    Condition notFound = awaitReason(AssumeRoleGrant.class, "leaving", "PrincipalNotFound");
    assertThat(notFound.getMessage()).contains("user grant-leaver");
    assertThat(userPolicies("alice")).containsExactly(policyArn);
    assertThat(grant("leaving").getStatus().getAttachedPrincipals().getUsers())
        .containsExactly("alice");
  }

  @Test
  void fullGroupIsReportedClearlyWhileTheOthersAreAttached() {
    ensureGroup("grant-full");
    String filler =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:ListBucket\",\"Resource\":\"*\"}]}";
    for (int i = 0; i < 10; i++) {
      String arn = emulator().account(DEV).createPolicy("grant-filler-" + i, filler);
      devIam.attachGroupPolicy(r -> r.groupName("grant-full").policyArn(arn));
    }
    client
        .resource(
            GrantFixtures.grantForArn("crowded", ROLE_ARN, List.of("alice"), List.of("grant-full")))
        .create();

    Condition full = awaitReason(AssumeRoleGrant.class, "crowded", "LimitExceeded");
    String policyArn = policyArnOf(grant("crowded"));
    assertThat(full.getStatus()).isEqualTo("False");
    assertThat(full.getMessage())
        .contains("group grant-full is full")
        .contains("at most 10 managed policies");
    assertThat(userPolicies("alice")).containsExactly(policyArn);
    assertThat(groupPolicies("grant-full")).hasSize(10).doesNotContain(policyArn);
  }

  @Test
  void aNewDocumentAtTheVersionLimitReplacesTheOldestNonDefaultVersion() {
    client
        .resource(GrantFixtures.grantForArn("versioned", ROLE_ARN, List.of("alice"), List.of()))
        .create();
    awaitReason(AssumeRoleGrant.class, "versioned", "Converged");
    String policyArn = policyArnOf(grant("versioned"));
    String document = defaultDocument(policyArn).toString();
    for (int i = 0; i < 4; i++) {
      devIam.createPolicyVersion(r -> r.policyArn(policyArn).policyDocument(document));
    }
    assertThat(versionIds(policyArn)).containsExactlyInAnyOrder("v1", "v2", "v3", "v4", "v5");
    long mark = emulator().calls().mark();
    String otherRole = "arn:aws:iam::" + PROD + ":role/team/Other";

    Edits.retrying(
        client.resources(AssumeRoleGrant.class).inNamespace(NAMESPACE).withName("versioned"),
        g -> {
          g.getSpec().getTarget().setRoleArn(otherRole);
          return g;
        });

    await().atMost(WAIT).until(() -> grant("versioned").getStatus().getObservedGeneration() == 2L);
    assertThat(grant("versioned").getStatus().getRoleArn()).isEqualTo(otherRole);
    assertThat(grant("versioned").getStatus().getSwitchRoleUrl())
        .isEqualTo(
            "https://signin.aws.amazon.com/switchrole?account=" + PROD + "&roleName=team/Other");
    assertThat(versionIds(policyArn)).containsExactlyInAnyOrder("v1", "v3", "v4", "v5", "v6");
    assertThat(values(onlyStatement(defaultDocument(policyArn)).path("Resource")))
        .containsExactly(otherRole);
    // The operator remembered the one version it made; the four made by hand since fail its
    // first attempt at IAM's five (refused, nothing changed), and it lists them before the retry.
    List<Call> writes =
        emulator().calls().writesSince(mark).stream()
            .filter(c -> DEV.equals(c.accountId()))
            .toList();
    assertThat(writes)
        .filteredOn(Call::succeeded)
        .extracting(Call::action)
        .containsExactly("DeletePolicyVersion", "CreatePolicyVersion");
    assertThat(writes)
        .filteredOn(c -> !c.succeeded())
        .extracting(Call::action)
        .containsOnly("CreatePolicyVersion")
        .hasSizeLessThanOrEqualTo(1);
  }

  @Test
  void policyDetachedOutOfBandIsReattachedAtResync() {
    client
        .resource(GrantFixtures.grantForArn("drifting", ROLE_ARN, List.of("alice"), List.of()))
        .create();
    awaitReason(AssumeRoleGrant.class, "drifting", "Converged");
    String policyArn = policyArnOf(grant("drifting"));
    // Marked before the detach: a reconcile already queued (the account's own events) may put
    // the attachment back before the resync below does.
    long mark = emulator().calls().mark();
    devIam.detachUserPolicy(r -> r.userName("alice").policyArn(policyArn));

    resyncCalls(policyArn);

    // The write may follow the resync's reads by more than resyncCalls waits on a busy machine.
    await().atMost(WAIT).until(() -> userPolicies("alice").contains(policyArn));
    assertThat(
            emulator().calls().since(mark).stream()
                .filter(c -> DEV.equals(c.accountId()) && c.isWrite())
                .map(Call::action))
        .containsExactly("DetachUserPolicy", "AttachUserPolicy");
    assertThat(ready(AssumeRoleGrant.class, "drifting").getReason()).isEqualTo("Converged");
  }

  @Test
  void deleteDetachesEveryEntityIncludingOutOfBandOnesAndRemovesEveryVersion() {
    ensureUser("grant-outsider");
    client
        .resource(
            GrantFixtures.grantForArn("doomed", ROLE_ARN, List.of("alice"), List.of("developers")))
        .create();
    awaitReason(AssumeRoleGrant.class, "doomed", "Converged");
    String policyArn = policyArnOf(grant("doomed"));
    devIam.attachUserPolicy(r -> r.userName("grant-outsider").policyArn(policyArn));
    // Someone's own role (not the operator's: deploy/iam protects that one even from detaching).
    if (!emulator().account(DEV).roleNames().contains("grant-outsider-role")) {
      emulator().account(DEV).createRole("grant-outsider-role", EmulatorResource.trustOperator());
    }
    devIam.attachRolePolicy(r -> r.roleName("grant-outsider-role").policyArn(policyArn));
    String document = defaultDocument(policyArn).toString();
    devIam.createPolicyVersion(r -> r.policyArn(policyArn).policyDocument(document));

    client.resources(AssumeRoleGrant.class).inNamespace(NAMESPACE).withName("doomed").delete();

    await().atMost(WAIT).until(() -> grant("doomed") == null);
    assertThat(policyExists(policyArn)).isFalse();
    assertThat(userPolicies("alice")).doesNotContain(policyArn);
    assertThat(userPolicies("grant-outsider")).doesNotContain(policyArn);
    assertThat(groupPolicies("developers")).doesNotContain(policyArn);
    assertThat(
            devIam
                .listAttachedRolePolicies(r -> r.roleName("grant-outsider-role"))
                .attachedPolicies())
        .noneMatch(p -> p.policyArn().equals(policyArn));
  }

  @Test
  void retainLeavesThePolicyReleased() {
    ensureUser("grant-keeper");
    AssumeRoleGrant kept =
        GrantFixtures.grantForArn("kept", ROLE_ARN, List.of("grant-keeper"), List.of());
    kept.getSpec().setDeletionPolicy(DeletionPolicy.Retain);
    client.resource(kept).create();
    awaitReason(AssumeRoleGrant.class, "kept", "Converged");
    String policyArn = policyArnOf(grant("kept"));

    String uid = grant("kept").getMetadata().getUid();
    client.resources(AssumeRoleGrant.class).inNamespace(NAMESPACE).withName("kept").delete();

    await().atMost(WAIT).until(() -> grant("kept") == null);
    // The statement stays, released under its Retained Sid, which the operator never removes.
    assertThat(policyExists(policyArn)).isTrue();
    JsonNode statement = onlyStatement(defaultDocument(policyArn));
    assertThat(statement.path("Sid").asText()).isEqualTo(GrantPackPlanner.retainedSid(uid));
    assertThat(values(statement.path("Resource"))).containsExactly(ROLE_ARN);
    assertThat(userPolicies("grant-keeper")).containsExactly(policyArn);
    devIam.detachUserPolicy(r -> r.userName("grant-keeper").policyArn(policyArn));
    for (String version : versionIds(policyArn)) {
      if (!version.equals(
          devIam.getPolicy(r -> r.policyArn(policyArn)).policy().defaultVersionId())) {
        devIam.deletePolicyVersion(r -> r.policyArn(policyArn).versionId(version));
      }
    }
    devIam.deletePolicy(r -> r.policyArn(policyArn));
  }

  @Test
  void warningsReportARoleThatDoesNotTrustTheAccountAndAnMfaMismatch() {
    CrossAccountRole wary = GrantFixtures.role("wary-role", "WaryRole", OTHER);
    wary.getSpec().getTrust().setRequireMfa(true);
    client.resource(wary).create();
    client
        .resource(GrantFixtures.grantForRef("mismatched", "wary-role", List.of("alice"), List.of()))
        .create();

    Condition ready = awaitReason(AssumeRoleGrant.class, "mismatched", "Converged");

    assertThat(ready.getStatus()).isEqualTo("True");
    List<String> warnings = grant("mismatched").getStatus().getWarnings();
    assertThat(warnings).hasSize(2);
    assertThat(warnings.get(0)).contains("wary-role does not trust account " + DEV);
    assertThat(warnings.get(1)).contains("wary-role requires MFA but this grant does not");
  }

  @Test
  void roleRefInAnotherNamespaceIsForbiddenWithoutAnyIamCall() {
    long mark = emulator().calls().mark();
    AssumeRoleGrant grant =
        GrantFixtures.grantForRef("reaching", "their-role", List.of("alice"), List.of());
    grant.getSpec().getTarget().getRoleRef().setNamespace("someone-else");
    client.resource(grant).create();

    Condition forbidden = awaitReason(AssumeRoleGrant.class, "reaching", "Forbidden");

    assertThat(forbidden.getMessage())
        .contains("someone-else/their-role")
        .contains("spec.allowedGrantNamespaces");
    assertThat(emulator().calls().since(mark))
        .noneMatch(c -> DEV.equals(c.accountId()) && c.service().equals("iam"));
  }

  @Test
  void slotNamesTakenByPoliciesNotOursAreSkippedAndNeverTouched() {
    AssumeRoleGrant grant =
        client
            .resource(
                GrantFixtures.grantForRef("squatted", "no-such-role", List.of("alice"), List.of()))
            .create();
    awaitReason(AssumeRoleGrant.class, "squatted", "TargetNotReady");
    GrantPack pack = GrantFixtures.pack(ownership, grant);
    // Slot 1's name, elsewhere: IAM policy names are unique in an account whatever the path.
    String elsewhere = squat("/legacy/", pack.slotName(1), List.of());
    // Slot 2 at the pack's own path, but another cluster's.
    String foreign =
        squat(
            pack.path(),
            pack.slotName(2),
            List.of(
                Tag.builder().key("xaccount.io/managed-by").value("xaccount-operator").build(),
                Tag.builder().key("xaccount.io/cluster").value("another-cluster").build(),
                Tag.builder().key("xaccount.io/kind").value("AssumeRoleGrantPack").build()));
    // Slot 3's name in capitals, at the pack's own path: IAM names ignore case, ARNs do not.
    String shouted = squat(pack.path(), pack.slotName(3).toUpperCase(Locale.ROOT), List.of());
    long mark = emulator().calls().mark();
    Edits.retrying(
        client.resources(AssumeRoleGrant.class).inNamespace(NAMESPACE).withName("squatted"),
        g -> {
          g.getSpec().getTarget().setRoleRef(null);
          g.getSpec().getTarget().setRoleArn(ROLE_ARN);
          return g;
        });

    awaitReason(AssumeRoleGrant.class, "squatted", "Converged");
    String slot4 = pack.slotArn("aws", DEV, 4);
    assertThat(grant("squatted").getStatus().getPolicyArn()).isEqualTo(slot4);
    assertThat(userPolicies("alice")).containsExactly(slot4);
    assertThat(emulator().calls().writesSince(mark))
        .filteredOn(c -> DEV.equals(c.accountId()))
        .noneMatch(
            c ->
                Stream.of(elsewhere, foreign, shouted)
                    .anyMatch(victim -> c.toString().contains(victim)));
    assertThat(versionIds(elsewhere)).containsExactly("v1");
    assertThat(versionIds(foreign)).containsExactly("v1");
    assertThat(versionIds(shouted)).containsExactly("v1");
    assertThat(policyTags(foreign)).containsEntry("xaccount.io/cluster", "another-cluster");

    client.resources(AssumeRoleGrant.class).inNamespace(NAMESPACE).withName("squatted").delete();
    await().atMost(WAIT).until(() -> grant("squatted") == null);
    assertThat(policyExists(slot4)).isFalse();
    assertThat(policyExists(elsewhere)).isTrue();
    assertThat(policyExists(foreign)).isTrue();
    assertThat(policyExists(shouted)).isTrue();
    Stream.of(elsewhere, foreign, shouted)
        .forEach(victim -> devIam.deletePolicy(r -> r.policyArn(victim)));
  }

  private static String squat(String path, String name, List<Tag> tags) {
    return devIam
        .createPolicy(
            r ->
                r.path(path)
                    .policyName(name)
                    .tags(tags)
                    .policyDocument(
                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                            + "\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}]}"))
        .policy()
        .arn();
  }

  @Test
  void deniedAttachIsAccessDeniedNamingTheActionAndRecoversWhenAllowed() {
    emulator().faults().deny(DEV, "iam:AttachUserPolicy");
    try {
      client
          .resource(GrantFixtures.grantForArn("denied", ROLE_ARN, List.of("alice"), List.of()))
          .create();

      Condition denied = awaitReason(AssumeRoleGrant.class, "denied", "AccessDenied");
      assertThat(denied.getStatus()).isEqualTo("False");
      assertThat(denied.getMessage()).contains("iam:AttachUserPolicy");
    } finally {
      emulator().faults().allow(DEV, "iam:AttachUserPolicy");
    }

    awaitReason(AssumeRoleGrant.class, "denied", "Converged");
    assertThat(userPolicies("alice")).contains(policyArnOf(grant("denied")));
  }

  @Test
  void throttledReadsAreRetriedWithBackoff() {
    emulator().faults().failNext("GetPolicy", DEV, "Throttling", 3);
    client
        .resource(GrantFixtures.grantForArn("throttled", ROLE_ARN, List.of("alice"), List.of()))
        .create();

    awaitReason(AssumeRoleGrant.class, "throttled", "Converged");
    assertThat(userPolicies("alice")).contains(policyArnOf(grant("throttled")));
  }

  @Test
  void anAccountThatDoesNotAllowTheNamespaceIsForbiddenWithoutAnyIamCall() {
    client
        .resource(Resources.account("grant-closed", DEV, "some-other-namespace"))
        .createOr(e -> e.update());
    try {
      long mark = emulator().calls().mark();
      AssumeRoleGrant grant =
          GrantFixtures.grantForArn("closed", ROLE_ARN, List.of("alice"), List.of());
      grant.getSpec().setAccountRef("grant-closed");
      client.resource(grant).create();

      Condition forbidden = awaitReason(AssumeRoleGrant.class, "closed", "Forbidden");

      assertThat(forbidden.getMessage())
          .contains("AwsAccount grant-closed does not allow namespace " + NAMESPACE);
      assertThat(emulator().calls().since(mark))
          .noneMatch(c -> DEV.equals(c.accountId()) && c.service().equals("iam"));
    } finally {
      client.resources(AssumeRoleGrant.class).inNamespace(NAMESPACE).withName("closed").delete();
      await().atMost(WAIT).until(() -> grant("closed") == null);
      client.resources(AwsAccount.class).withName("grant-closed").delete();
    }
  }

  // ---- helpers ----

  /**
   * Wakes the grant as a resync would, through its AwsAccount's informer (a spec change of the
   * account that changes nothing for the grant), and returns the IAM calls made in dev.
   */
  private List<Call> resyncCalls(String policyArn) {
    long mark = emulator().calls().mark();
    Edits.retrying(
        client.resources(AwsAccount.class).withName(DEV_ACCOUNT),
        a -> {
          a.getSpec().getAllowedNamespaces().getNames().add("touched-" + System.nanoTime());
          return a;
        });
    await()
        .atMost(WAIT)
        .until(
            () ->
                emulator().calls().since(mark).stream()
                    .anyMatch(c -> c.action().equals("ListEntitiesForPolicy")));
    // Give any (wrong) write that would follow the reads the time to show up.
    await().pollDelay(Duration.ofMillis(500)).until(() -> true);
    return emulator().calls().since(mark).stream()
        .filter(c -> DEV.equals(c.accountId()) && c.service().equals("iam"))
        .toList();
  }

  private static List<String> values(JsonNode node) {
    if (node.isTextual()) {
      return List.of(node.asText());
    }
    List<String> out = new java.util.ArrayList<>();
    node.forEach(n -> out.add(n.asText()));
    return out;
  }

  /** Slot 1 of the pack of the grant's principals: where a grant alone in its pack goes. */
  String policyArnOf(AssumeRoleGrant grant) {
    return GrantFixtures.pack(ownership, grant).slotArn("aws", DEV, 1);
  }

  /** The one statement of a document, whether IAM hands it back as an object or a list. */
  static JsonNode onlyStatement(JsonNode document) {
    JsonNode statement = document.path("Statement");
    return statement.isArray() ? statement.get(0) : statement;
  }

  static JsonNode defaultDocument(String policyArn) {
    String version = devIam.getPolicy(r -> r.policyArn(policyArn)).policy().defaultVersionId();
    String document =
        devIam
            .getPolicyVersion(r -> r.policyArn(policyArn).versionId(version))
            .policyVersion()
            .document();
    try {
      return JSON.readTree(URLDecoder.decode(document, StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static List<String> versionIds(String policyArn) {
    return devIam.listPolicyVersions(r -> r.policyArn(policyArn)).versions().stream()
        .map(v -> v.versionId())
        .toList();
  }

  static Map<String, String> policyTags(String policyArn) {
    return devIam.getPolicy(r -> r.policyArn(policyArn)).policy().tags().stream()
        .collect(Collectors.toMap(Tag::key, Tag::value));
  }

  static boolean policyExists(String policyArn) {
    try {
      devIam.getPolicy(r -> r.policyArn(policyArn));
      return true;
    } catch (NoSuchEntityException e) {
      return false;
    }
  }

  static List<String> userPolicies(String user) {
    return devIam.listAttachedUserPolicies(r -> r.userName(user)).attachedPolicies().stream()
        .map(AttachedPolicy::policyArn)
        .toList();
  }

  static List<String> groupPolicies(String group) {
    return devIam.listAttachedGroupPolicies(r -> r.groupName(group)).attachedPolicies().stream()
        .map(AttachedPolicy::policyArn)
        .toList();
  }

  static void ensureUser(String name) {
    try {
      devIam.getUser(r -> r.userName(name));
    } catch (NoSuchEntityException e) {
      emulator().account(DEV).createUser(name);
    }
  }

  static void ensureGroup(String name) {
    try {
      devIam.getGroup(r -> r.groupName(name));
    } catch (NoSuchEntityException e) {
      emulator().account(DEV).createGroup(name);
    }
  }

  AssumeRoleGrant grant(String name) {
    return client.resources(AssumeRoleGrant.class).inNamespace(NAMESPACE).withName(name).get();
  }

  CrossAccountRole role(String name) {
    return client.resources(CrossAccountRole.class).inNamespace(NAMESPACE).withName(name).get();
  }

  <R extends CustomResource<?, ? extends ReadyStatus>> Condition ready(Class<R> type, String name) {
    R r = client.resources(type).inNamespace(NAMESPACE).withName(name).get();
    return r == null || r.getStatus() == null ? null : r.getStatus().readyCondition().orElse(null);
  }

  <R extends CustomResource<?, ? extends ReadyStatus>> Condition awaitReason(
      Class<R> type, String name, String reason) {
    return await()
        .atMost(WAIT)
        .until(() -> ready(type, name), c -> c != null && reason.equals(c.getReason()));
  }
}
