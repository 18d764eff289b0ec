package io.xaccount.operator.reconciler.grant;

import static io.xaccount.operator.reconciler.grant.GrantFixtures.DEV_ACCOUNT;
import static io.xaccount.operator.reconciler.grant.GrantFixtures.NAMESPACE;
import static io.xaccount.operator.testsupport.EmulatorResource.DEV;
import static io.xaccount.operator.testsupport.EmulatorResource.PROD;
import static io.xaccount.operator.testsupport.EmulatorResource.adminIam;
import static io.xaccount.operator.testsupport.EmulatorResource.emulator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.xaccount.emulator.knobs.Call;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.api.v1alpha1.DeletionPolicy;
import io.xaccount.operator.api.v1alpha1.Guardrails;
import io.xaccount.operator.iam.GrantPack;
import io.xaccount.operator.iam.GrantPackPlanner;
import io.xaccount.operator.iam.PolicyDocument;
import io.xaccount.operator.reconciler.OperatorMetrics;
import io.xaccount.operator.reconciler.Ownership;
import io.xaccount.operator.reconciler.role.RoleSnapshots;
import io.xaccount.operator.testsupport.Edits;
import io.xaccount.operator.testsupport.KubeSystem;
import io.xaccount.operator.testsupport.Resources;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * Many grants to one group: IAM lets a group hold 10 managed policies, so the grants that reach the
 * same principals share operator-owned policies (packs), one statement per grant.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = KubeSystem.class)
class GrantPackingTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final int GRANTS = 100;
  private static final String GROUP = "pack-developers";
  private static final String ALICE = "pack-alice";
  private static final String OUTSIDER = "pack-outsider";
  private static final Map<String, StsClient> STS = new ConcurrentHashMap<>();

  @Inject KubernetesClient client;
  @Inject Ownership ownership;
  @Inject MeterRegistry registry;
  @Inject RoleSnapshots snapshots;

  /** Alice in the group, an outsider, three target roles trusting Dev, and the two accounts. */
  private void setUpAccounts(String... moreNamespaces) {
    if (adminIam(DEV).listUsers().users().stream().noneMatch(u -> u.userName().equals(ALICE))) {
      emulator().account(DEV).createUser(ALICE);
      emulator().account(DEV).createGroup(GROUP);
      emulator().account(DEV).addUserToGroup(GROUP, ALICE);
      emulator().account(DEV).createUser(OUTSIDER);
    }
    String trustDev =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
            + "\"arn:aws:iam::"
            + DEV
            + ":root\"},\"Action\":\"sts:AssumeRole\"}]}";
    for (int i : List.of(0, 57, GRANTS - 1)) {
      if (!emulator().account(PROD).roleNames().contains("Packed" + i)) {
        emulator().account(PROD).createRole("Packed" + i, trustDev);
      }
    }
    client.resource(Resources.account(GrantFixtures.PROD_ACCOUNT, PROD, NAMESPACE)).create();
    AwsAccount dev = Resources.account(DEV_ACCOUNT, DEV, NAMESPACE);
    dev.getSpec().getAllowedNamespaces().getNames().addAll(List.of(moreNamespaces));
    Guardrails guardrails = new Guardrails();
    guardrails.setAllowedTargetAccountIds(List.of(PROD));
    // A hundred grants to one group take three or four policies: more than the default budget
    // of one namespace on one principal (2), set here as an admin would.
    guardrails.setMaxGrantSlotsPerPrincipal(4);
    // One test keeps a grant's statement with Retain.
    guardrails.setAllowRetain(true);
    dev.getSpec().setGuardrails(guardrails);
    client.resource(dev).create();
  }

  @AfterEach
  void deleteEverything() {
    Resources.deleteAll(client);
  }

  @Test
  void aGroupWithAHundredGrantsGetsThemAllInAFewPoliciesAndLosesEachOneAtItsDeletion() {
    setUpAccounts();
    long mark = emulator().calls().mark();

    for (int i = 0; i < GRANTS; i++) {
      client
          .resource(GrantFixtures.grantForArn("packed-" + i, roleArn(i), List.of(), List.of(GROUP)))
          .create();
    }
    await().atMost(WAIT).until(() -> converged() == GRANTS);

    GrantPack pack = GrantFixtures.pack(ownership, grant("packed-0"));
    List<String> slots = groupPolicies();
    assertThat(slots).hasSizeBetween(2, 4).allMatch(arn -> pack.slotOf(arn).isPresent());
    Map<String, PolicyDocument> documents =
        slots.stream().collect(Collectors.toMap(arn -> arn, GrantFixtures::devDocument));
    for (int i = 0; i < GRANTS; i++) {
      AssumeRoleGrant grant = grant("packed-" + i);
      String sid = GrantPackPlanner.sid(grant.getMetadata().getUid());
      // Each status names the policy that carries its statement, and only that one does.
      assertThat(documents.get(grant.getStatus().getPolicyArn()).toJson()).contains(sid);
      assertThat(documents.values().stream().filter(d -> d.toJson().contains(sid))).hasSize(1);
      assertThat(grant.getStatus().getAttachedPrincipals().getGroups()).containsExactly(GROUP);
    }
    assertThat(
            emulator().calls().writesSince(mark).stream()
                .filter(c -> DEV.equals(c.accountId()))
                .map(Call::action)
                .collect(Collectors.toSet()))
        .isSubsetOf(
            "CreatePolicy", "CreatePolicyVersion", "DeletePolicyVersion", "AttachGroupPolicy");

    // One more grant joins a slot this process made, within a minute of its last write to the
    // pack: the pack's slots, their versions and who they are attached to are as the operator
    // left them, so the statement is written with no read before it.
    long late = emulator().calls().mark();
    client
        .resource(GrantFixtures.grantForArn("packed-late", roleArn(0), List.of(), List.of(GROUP)))
        .create();
    await().atMost(WAIT).until(() -> converged() == GRANTS + 1);
    List<String> lateCalls =
        emulator().calls().since(late).stream()
            .filter(c -> DEV.equals(c.accountId()) && "iam".equals(c.service()))
            .map(Call::action)
            .toList();
    assertThat(lateCalls)
        .contains("CreatePolicyVersion")
        .doesNotContain("ListPolicies", "GetPolicy", "ListPolicyVersions", "ListEntitiesForPolicy");
    client.resources(AssumeRoleGrant.class).inNamespace(NAMESPACE).withName("packed-late").delete();
    await().atMost(WAIT).until(() -> grants().size() == GRANTS);

    // IAM decides with them: alice, in the group, may assume the roles; nobody else may.
    StsClient aliceSts = sts(ALICE);
    for (int i : List.of(0, 57, GRANTS - 1)) {
      int n = i;
      aliceSts.assumeRole(r -> r.roleArn(roleArn(n)).roleSessionName("alice"));
    }
    assertThatThrownBy(
            () -> sts(OUTSIDER).assumeRole(r -> r.roleArn(roleArn(0)).roleSessionName("x")))
        .isInstanceOf(StsException.class);

    // A resync of everything: reads only.
    long steady = emulator().calls().mark();
    double firstResyncs = grantResyncs();
    GrantFixtures.touchAccount(client, "resync");
    await().atMost(WAIT).until(() -> grantResyncs() >= firstResyncs + GRANTS);
    assertThat(emulator().calls().writesSince(steady)).noneMatch(c -> DEV.equals(c.accountId()));

    // The next resync: the grants of one policy share a read of it, made after their previous
    // check; reads only, and a handful of them for a hundred grants.
    long shared = emulator().calls().mark();
    double resyncsBefore = grantResyncs();
    GrantFixtures.touchAccount(client, "resync-shared");
    await().atMost(WAIT).until(() -> grantResyncs() >= resyncsBefore + GRANTS);
    List<Call> sharedCalls =
        emulator().calls().since(shared).stream().filter(c -> DEV.equals(c.accountId())).toList();
    assertThat(sharedCalls).noneMatch(Call::isWrite);
    assertThat(sharedCalls.stream().filter(c -> c.action().equals("ListEntitiesForPolicy")))
        .hasSizeLessThan(GRANTS / 4);

    // Someone widens a pack out of band: the operator owns its documents, so the next resync
    // puts it back, with every grant's statement and nothing else.
    String widened = slots.get(0);
    Set<String> sidsBefore = statementSids();
    String wide =
        GrantFixtures.devDocument(widened)
            .toJson()
            .replace(
                "\"Statement\":[",
                "\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"},");
    setDefaultDocument(widened, wide);
    // Found by the next period's read: the account's read held now began before the change.
    snapshots.nextPeriod();
    GrantFixtures.touchAccount(client, "resync-2");
    await()
        .atMost(WAIT)
        .until(() -> !GrantFixtures.devDocument(widened).toJson().contains("\"Resource\":\"*\""));
    assertThat(statementSids()).isEqualTo(sidsBefore);

    // Half the grants go: their statements go with them, the others' stay.
    for (int i = 0; i < GRANTS; i += 2) {
      client
          .resources(AssumeRoleGrant.class)
          .inNamespace(NAMESPACE)
          .withName("packed-" + i)
          .delete();
    }
    await().atMost(WAIT).until(() -> grants().size() == GRANTS / 2);
    Set<String> remaining = statementSids();
    assertThat(remaining)
        .isEqualTo(
            grants().stream()
                .map(g -> GrantPackPlanner.sid(g.getMetadata().getUid()))
                .collect(Collectors.toCollection(TreeSet::new)));
    assertThatThrownBy(
            () -> aliceSts.assumeRole(r -> r.roleArn(roleArn(0)).roleSessionName("alice")))
        .isInstanceOf(StsException.class);
    aliceSts.assumeRole(r -> r.roleArn(roleArn(57)).roleSessionName("alice"));

    // The rest go: nothing of the packs is left.
    client.resources(AssumeRoleGrant.class).inNamespace(NAMESPACE).delete();
    await().atMost(WAIT).until(() -> grants().isEmpty());
    assertThat(groupPolicies()).isEmpty();
    assertThat(
            adminIam(DEV).listPolicies(r -> r.pathPrefix(GrantPack.PATH_ROOT)).policies().stream()
                .filter(p -> pack.slotOf(p.arn()).isPresent()))
        .isEmpty();
  }

  @Test
  void eachNamespacePacksItsOwnGrantsSoAnotherTenantNeverTouchesThem() {
    String other = "pack-tenant-b";
    setUpAccounts(other);
    AssumeRoleGrant mine =
        client
            .resource(GrantFixtures.grantForArn("mine", roleArn(0), List.of(), List.of(GROUP)))
            .create();
    AssumeRoleGrant theirs =
        GrantFixtures.grantForArn("theirs", roleArn(57), List.of(), List.of(GROUP));
    theirs.getMetadata().setNamespace(other);
    theirs = client.resource(theirs).create();
    AssumeRoleGrant kept =
        GrantFixtures.grantForArn("kept", roleArn(57), List.of(), List.of(GROUP));
    kept.getMetadata().setNamespace(other);
    kept.getSpec().setDeletionPolicy(DeletionPolicy.Retain);
    kept = client.resource(kept).create();
    await().atMost(WAIT).until(() -> converged() == 1 && converged(other) == 2);
    String mySid = GrantPackPlanner.sid(mine.getMetadata().getUid());
    String slot = grant("mine").getStatus().getPolicyArn();
    String theirSlot = grants(other).get(0).getStatus().getPolicyArn();
    assertThat(GrantFixtures.pack(ownership, grant("mine")).slotOf(slot)).isPresent();
    assertThat(grants(other))
        .as("the other namespace's grants share a pack of their own")
        .allMatch(g -> g.getStatus().getPolicyArn().equals(theirSlot));
    assertThat(theirSlot).isNotEqualTo(slot);
    assertThat(groupPolicies()).containsExactlyInAnyOrder(slot, theirSlot);
    String myDocument = GrantFixtures.devDocument(slot).toJson();
    String myVersion = defaultVersion(slot);

    // The other tenant moves a grant to other principals, then deletes both of its grants, one
    // with Retain: nothing of it lands in this namespace's pack.
    moveToOutsider(other, "theirs");
    String theirSid = GrantPackPlanner.sid(theirs.getMetadata().getUid());
    await().atMost(WAIT).until(() -> !statementSids().contains(theirSid));
    client.resources(AssumeRoleGrant.class).inNamespace(other).delete();
    await().atMost(WAIT).until(() -> grants(other).isEmpty());

    assertThat(defaultVersion(slot)).isEqualTo(myVersion);
    assertThat(GrantFixtures.devDocument(slot).toJson()).isEqualTo(myDocument);
    assertThat(sidsOf(slot)).containsExactly(mySid);
    assertThat(sidsOf(theirSlot))
        .containsExactly(GrantPackPlanner.retainedSid(kept.getMetadata().getUid()));
    sts(ALICE).assumeRole(r -> r.roleArn(roleArn(0)).roleSessionName("alice"));
    sts(ALICE).assumeRole(r -> r.roleArn(roleArn(57)).roleSessionName("alice-retained"));
    assertThatThrownBy(
            () -> sts(OUTSIDER).assumeRole(r -> r.roleArn(roleArn(57)).roleSessionName("x")))
        .isInstanceOf(StsException.class);
    deleteByHand(theirSlot);
  }

  @Test
  void aGrantWhoseStatusNeverNamedItsSlotLeavesNothingThereWhenItMoves() {
    setUpAccounts();
    AssumeRoleGrant moving =
        client
            .resource(GrantFixtures.grantForArn("moving", roleArn(0), List.of(), List.of(GROUP)))
            .create();
    await().atMost(WAIT).until(() -> converged() == 1);
    String sid = GrantPackPlanner.sid(moving.getMetadata().getUid());
    String groupSlot = grant("moving").getStatus().getPolicyArn();
    assertThat(statementSids()).contains(sid);
    // The status write that followed the placement was lost (a 409, a crash of the write): the
    // status does not name the slot that holds the statement. Then the grant moves to another
    // principal, so to another pack.
    Resources.editStatus(
        client, AssumeRoleGrant.class, NAMESPACE, "moving", status -> status.setPolicyArn(null));
    moveToOutsider(NAMESPACE, "moving");
    await()
        .atMost(WAIT)
        .until(
            () -> {
              AssumeRoleGrant g = grant("moving");
              return converged() == 1
                  && g.getStatus().getObservedGeneration().equals(g.getMetadata().getGeneration())
                  && g.getStatus().getPolicyArn() != null
                  && !g.getStatus().getPolicyArn().equals(groupSlot);
            });

    // The group's pack no longer carries it: the group's members cannot switch any more.
    assertThat(statementSids()).doesNotContain(sid);
    assertThatThrownBy(
            () -> sts(ALICE).assumeRole(r -> r.roleArn(roleArn(0)).roleSessionName("moved")))
        .isInstanceOf(StsException.class);
    sts(OUTSIDER).assumeRole(r -> r.roleArn(roleArn(0)).roleSessionName("moved"));
  }

  @Test
  void aPolicyCreatedWhoseAnswerWasLostIsNotMadeAgainUnderAnotherName() {
    setUpAccounts();
    // Every CreatePolicy is applied and then answered ServiceFailure, and a new policy is not
    // found for a few seconds: the retry meets the name its first attempt took, and cannot read it.
    emulator().faults().failAfterApplyRate("CreatePolicy", DEV, "ServiceFailure", 1.0);
    emulator().setReadAfterCreateDelay(Duration.ofSeconds(3));
    try {
      AssumeRoleGrant lost =
          client
              .resource(
                  GrantFixtures.grantForArn("lost-answer", roleArn(0), List.of(), List.of(GROUP)))
              .create();
      await().atMost(WAIT).until(() -> converged() == 1);
      String sid = GrantPackPlanner.sid(lost.getMetadata().getUid());

      List<String> holding =
          adminIam(DEV).listPolicies(r -> r.pathPrefix("/xaccount/grants/")).policies().stream()
              .map(p -> p.arn())
              .filter(
                  arn ->
                      GrantPackPlanner.statements(GrantFixtures.devDocument(arn)).stream()
                          .anyMatch(st -> st.path("Sid").asText().equals(sid)))
              .toList();
      assertThat(holding).containsExactly(grant("lost-answer").getStatus().getPolicyArn());
      assertThat(groupPolicies()).containsExactlyElementsOf(holding);
    } finally {
      emulator().faults().clear();
      emulator().setReadAfterCreateDelay(Duration.ZERO);
    }
  }

  /**
   * The operator remembers a slot's versions between its own writes; versions someone else made
   * meanwhile (not the default, so the listing shows the same default) make its next write fail at
   * IAM's five, and the retry lists them again: the grant converges, the other versions' maker
   * loses only the oldest non-default one, as IAM's limit requires of any writer.
   */
  @Test
  void versionsMadeByHandBetweenTwoOfTheOperatorsWritesAreListedBeforeTheWriteIsRetried() {
    setUpAccounts();
    client
        .resource(GrantFixtures.grantForArn("first", roleArn(0), List.of(), List.of(GROUP)))
        .create();
    await().atMost(WAIT).until(() -> converged() == 1);
    client
        .resource(GrantFixtures.grantForArn("second", roleArn(57), List.of(), List.of(GROUP)))
        .create();
    await().atMost(WAIT).until(() -> converged() == 2);
    String slot = grant("first").getStatus().getPolicyArn();
    assertThat(grant("second").getStatus().getPolicyArn()).isEqualTo(slot);
    String document = GrantFixtures.devDocument(slot).toJson();
    for (int i = 0; i < 3; i++) {
      adminIam(DEV)
          .createPolicyVersion(r -> r.policyArn(slot).policyDocument(document).setAsDefault(false));
    }
    assertThat(adminIam(DEV).listPolicyVersions(r -> r.policyArn(slot)).versions()).hasSize(5);
    long mark = emulator().calls().mark();

    client
        .resource(
            GrantFixtures.grantForArn("third", roleArn(GRANTS - 1), List.of(), List.of(GROUP)))
        .create();
    await().atMost(WAIT).until(() -> converged() == 3);

    assertThat(sidsOf(slot))
        .containsExactlyInAnyOrderElementsOf(
            grants().stream().map(g -> GrantPackPlanner.sid(g.getMetadata().getUid())).toList());
    List<Call> calls =
        emulator().calls().since(mark).stream()
            .filter(c -> DEV.equals(c.accountId()) && slot.equals(c.entity()))
            .toList();
    assertThat(calls)
        .filteredOn(c -> c.action().equals("CreatePolicyVersion") && !c.succeeded())
        .as("the write from memory met IAM's five")
        .isNotEmpty();
    assertThat(calls)
        .filteredOn(c -> c.action().equals("ListPolicyVersions"))
        .as("listed again before the retry")
        .isNotEmpty();
    assertThat(adminIam(DEV).listPolicyVersions(r -> r.policyArn(slot)).versions()).hasSize(5);
  }

  /**
   * The operator remembers its pack's slots between its own writes; a slot someone deleted
   * meanwhile makes the next write fail (IAM answers NoSuchEntity, nothing changes), the pack is
   * listed again before the retry, and the grant lands in a slot that exists, attached to its
   * group.
   */
  @Test
  void aSlotDeletedByHandBetweenTwoOfTheOperatorsWritesIsListedAgainBeforeTheRetry() {
    setUpAccounts();
    client
        .resource(GrantFixtures.grantForArn("before", roleArn(0), List.of(), List.of(GROUP)))
        .create();
    await().atMost(WAIT).until(() -> converged() == 1);
    String slot = grant("before").getStatus().getPolicyArn();
    String oldId = adminIam(DEV).getPolicy(r -> r.policyArn(slot)).policy().policyId();
    deleteByHand(slot);
    long mark = emulator().calls().mark();

    AssumeRoleGrant after =
        client
            .resource(GrantFixtures.grantForArn("after", roleArn(57), List.of(), List.of(GROUP)))
            .create();
    await().atMost(WAIT).until(() -> converged(NAMESPACE, "after"));

    List<Call> calls =
        emulator().calls().since(mark).stream()
            .filter(c -> DEV.equals(c.accountId()) && "iam".equals(c.service()))
            .toList();
    assertThat(calls)
        .filteredOn(c -> c.action().equals("CreatePolicyVersion"))
        .as("the write from memory met the deleted slot, and failed")
        .first()
        .satisfies(c -> assertThat(c.succeeded()).isFalse());
    assertThat(calls)
        .filteredOn(c -> c.action().equals("ListPolicies"))
        .as("listed again before the retry")
        .isNotEmpty();
    String landed = grant("after").getStatus().getPolicyArn();
    assertThat(adminIam(DEV).getPolicy(r -> r.policyArn(landed)).policy().policyId())
        .isNotEqualTo(oldId);
    assertThat(sidsOf(landed)).contains(GrantPackPlanner.sid(after.getMetadata().getUid()));
    assertThat(groupPolicies()).contains(landed);
    // The operator's permissions require the pack's tags on the policy it writes: IAM answered
    // AccessDenied for the policy that was gone, and that was not reported as the operator's
    // missing permission.
    assertThat(
            client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
                .filter(e -> "after".equals(e.getInvolvedObject().getName()))
                .map(e -> e.getReason()))
        .doesNotContain("AccessDenied", "AwsError");
    sts(ALICE).assumeRole(r -> r.roleArn(roleArn(57)).roleSessionName("alice"));
  }

  /**
   * Grants that arrive while their pack's batch waits on IAM are put off instead of holding a
   * reconcile thread each for the pack's lock: more of them than the operator has threads leave a
   * grant of another pack free to run (it is written while the batch is still at IAM), and they
   * come back to be written together.
   */
  @Test
  void grantsWaitingForABusyPackDoNotHoldTheThreadsAGrantOfAnotherPackNeeds() throws Exception {
    setUpAccounts();
    client
        .resource(GrantFixtures.grantForArn("first", roleArn(0), List.of(), List.of(GROUP)))
        .create();
    await().atMost(WAIT).until(() -> converged() == 1);
    emulator().faults().latency("CreatePolicyVersion", DEV, Duration.ofSeconds(4));
    try {
      long mark = emulator().calls().mark();
      client
          .resource(GrantFixtures.grantForArn("slow", roleArn(57), List.of(), List.of(GROUP)))
          .create();
      Thread.sleep(500);
      // More than the 50 reconcile threads, all to the busy pack.
      int joining = 60;
      for (int i = 0; i < joining; i++) {
        client
            .resource(
                GrantFixtures.grantForArn("joining-" + i, roleArn(0), List.of(), List.of(GROUP)))
            .create();
      }
      client
          .resource(
              GrantFixtures.grantForArn("elsewhere", roleArn(0), List.of(OUTSIDER), List.of()))
          .create();
      await().atMost(WAIT).until(() -> converged() == joining + 3);

      List<Call> calls =
          emulator().calls().since(mark).stream().filter(c -> DEV.equals(c.accountId())).toList();
      long slowWrite =
          calls.stream()
              .filter(c -> c.action().equals("CreatePolicyVersion"))
              .findFirst()
              .orElseThrow()
              .sequence();
      long elsewhereAttached =
          calls.stream()
              .filter(c -> c.action().equals("AttachUserPolicy"))
              .findFirst()
              .orElseThrow()
              .sequence();
      assertThat(elsewhereAttached)
          .as("the other pack's grant was written while the busy pack's write was at IAM")
          .isLessThan(slowWrite);
      assertThat(calls)
          .filteredOn(
              c -> c.action().equals("CreatePolicyVersion") || c.action().equals("CreatePolicy"))
          .as("the grants that waited were written in a few batches")
          .hasSizeLessThanOrEqualTo(6);
      assertThat(statementSids())
          .containsAll(
              grants().stream()
                  .filter(g -> !g.getMetadata().getName().equals("elsewhere"))
                  .map(g -> GrantPackPlanner.sid(g.getMetadata().getUid()))
                  .toList());
    } finally {
      emulator().faults().clear();
    }
  }

  /**
   * Grants created while a batch lists its pack (here slowly) join that batch: which statements of
   * a slot stay was asked before they existed, yet theirs are written, not only reported so.
   */
  @Test
  void grantsCreatedWhileTheirPackIsListedAreWrittenByTheBatchNotOnlyReported() throws Exception {
    setUpAccounts();
    emulator().faults().latency("ListPolicies", DEV, Duration.ofSeconds(3));
    try {
      client
          .resource(GrantFixtures.grantForArn("lister", roleArn(0), List.of(), List.of(GROUP)))
          .create();
      Thread.sleep(1000);
      for (int i = 0; i < 5; i++) {
        client
            .resource(
                GrantFixtures.grantForArn("arriving-" + i, roleArn(57), List.of(), List.of(GROUP)))
            .create();
      }
      await().atMost(WAIT).until(() -> converged() == 6);
    } finally {
      emulator().faults().clear();
    }
    for (AssumeRoleGrant grant : grants()) {
      assertThat(sidsOf(grant.getStatus().getPolicyArn()))
          .as(grant.getMetadata().getName() + "'s statement in the slot its status names")
          .contains(GrantPackPlanner.sid(grant.getMetadata().getUid()));
    }
  }

  /**
   * A grant put off while its pack is busy, then deleted, or moved to other principals, before it
   * came back: its statement is never written into the pack it waited for, by the batch that
   * follows or any later one.
   */
  @Test
  void aGrantDeletedOrMovedWhileItWaitsForABusyPackIsNeverWrittenThere() throws Exception {
    setUpAccounts();
    client
        .resource(GrantFixtures.grantForArn("first", roleArn(0), List.of(), List.of(GROUP)))
        .create();
    await().atMost(WAIT).until(() -> converged() == 1);
    emulator().faults().latency("CreatePolicyVersion", DEV, Duration.ofSeconds(3));
    String doomedSid;
    String movedSid;
    try {
      client
          .resource(GrantFixtures.grantForArn("slow", roleArn(57), List.of(), List.of(GROUP)))
          .create();
      Thread.sleep(500);
      doomedSid =
          GrantPackPlanner.sid(
              client
                  .resource(
                      GrantFixtures.grantForArn("doomed", roleArn(0), List.of(), List.of(GROUP)))
                  .create()
                  .getMetadata()
                  .getUid());
      movedSid =
          GrantPackPlanner.sid(
              client
                  .resource(
                      GrantFixtures.grantForArn("moved", roleArn(0), List.of(), List.of(GROUP)))
                  .create()
                  .getMetadata()
                  .getUid());
      Thread.sleep(300);
      client.resources(AssumeRoleGrant.class).inNamespace(NAMESPACE).withName("doomed").delete();
      moveToOutsider(NAMESPACE, "moved");
      await().atMost(WAIT).until(() -> grant("doomed") == null);
    } finally {
      emulator().faults().clear();
    }
    // Later batches of the group's pack.
    client
        .resource(
            GrantFixtures.grantForArn("later", roleArn(GRANTS - 1), List.of(), List.of(GROUP)))
        .create();
    await()
        .atMost(WAIT)
        .until(
            () ->
                converged() == 4
                    && grant("moved")
                        .getStatus()
                        .getObservedGeneration()
                        .equals(grant("moved").getMetadata().getGeneration()));

    assertThat(statementSids()).doesNotContain(doomedSid, movedSid);
    assertThat(sidsOf(grant("moved").getStatus().getPolicyArn())).containsExactly(movedSid);
    sts(OUTSIDER).assumeRole(r -> r.roleArn(roleArn(0)).roleSessionName("moved"));
  }

  /** Gives the grant to the outsider instead of the group: another pack. */
  private void moveToOutsider(String namespace, String name) {
    Edits.retrying(
        client.resources(AssumeRoleGrant.class).inNamespace(namespace).withName(name),
        g -> {
          g.getSpec().getPrincipals().setGroups(List.of());
          g.getSpec().getPrincipals().setUsers(List.of(OUTSIDER));
          return g;
        });
  }

  /** Deletes a slot left with only Retained statements by hand, as its owner would. */
  private static void deleteByHand(String slot) {
    adminIam(DEV).detachGroupPolicy(r -> r.groupName(GROUP).policyArn(slot));
    adminIam(DEV).listPolicyVersions(r -> r.policyArn(slot)).versions().stream()
        .filter(v -> !v.isDefaultVersion())
        .forEach(
            v ->
                adminIam(DEV).deletePolicyVersion(r -> r.policyArn(slot).versionId(v.versionId())));
    adminIam(DEV).deletePolicy(r -> r.policyArn(slot));
  }

  private static String defaultVersion(String arn) {
    return adminIam(DEV).getPolicy(r -> r.policyArn(arn)).policy().defaultVersionId();
  }

  private static List<String> sidsOf(String slot) {
    return GrantPackPlanner.statements(GrantFixtures.devDocument(slot)).stream()
        .map(s -> s.path("Sid").asText())
        .toList();
  }

  /** A new default version written by someone else (an older one deleted at IAM's five). */
  private static void setDefaultDocument(String arn, String document) {
    var versions = adminIam(DEV).listPolicyVersions(r -> r.policyArn(arn)).versions();
    if (versions.size() == 5) {
      String oldest =
          versions.stream()
              .filter(v -> !v.isDefaultVersion())
              .min(java.util.Comparator.comparing(v -> v.createDate()))
              .orElseThrow()
              .versionId();
      adminIam(DEV).deletePolicyVersion(r -> r.policyArn(arn).versionId(oldest));
    }
    adminIam(DEV)
        .createPolicyVersion(r -> r.policyArn(arn).policyDocument(document).setAsDefault(true));
  }

  /** Resyncs of converged grants so far, by any observation. */
  private double grantResyncs() {
    return registry.find(OperatorMetrics.RESYNCS).tag("kind", "AssumeRoleGrant").counters().stream()
        .mapToDouble(c -> c.count())
        .sum();
  }

  private static String roleArn(int i) {
    return "arn:aws:iam::" + PROD + ":role/Packed" + i;
  }

  private long converged() {
    return converged(NAMESPACE);
  }

  private boolean converged(String namespace, String name) {
    return grants(namespace).stream()
        .anyMatch(
            g ->
                g.getMetadata().getName().equals(name)
                    && g.getStatus() != null
                    && g.getStatus()
                        .readyCondition()
                        .filter(c -> "Converged".equals(c.getReason()))
                        .isPresent());
  }

  private long converged(String namespace) {
    return grants(namespace).stream()
        .filter(
            g ->
                g.getStatus() != null
                    && g.getStatus()
                        .readyCondition()
                        .filter(c -> "Converged".equals(c.getReason()))
                        .isPresent())
        .count();
  }

  private List<AssumeRoleGrant> grants() {
    return grants(NAMESPACE);
  }

  private List<AssumeRoleGrant> grants(String namespace) {
    return client.resources(AssumeRoleGrant.class).inNamespace(namespace).list().getItems();
  }

  private AssumeRoleGrant grant(String name) {
    return client.resources(AssumeRoleGrant.class).inNamespace(NAMESPACE).withName(name).get();
  }

  private static List<String> groupPolicies() {
    return adminIam(DEV)
        .listAttachedGroupPolicies(r -> r.groupName(GROUP))
        .attachedPolicies()
        .stream()
        .map(AttachedPolicy::policyArn)
        .toList();
  }

  private static Set<String> statementSids() {
    return groupPolicies().stream()
        .map(GrantFixtures::devDocument)
        .flatMap(d -> GrantPackPlanner.statements(d).stream())
        .map(s -> s.path("Sid").asText())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** An STS client with the user's own keys (one key per user: IAM allows two). */
  private static StsClient sts(String user) {
    return STS.computeIfAbsent(user, GrantFixtures::userSts);
  }
}
