package io.xaccount.operator.reconciler.grant;

import static io.xaccount.operator.reconciler.grant.GrantFixtures.DEV_ACCOUNT;
import static io.xaccount.operator.reconciler.grant.GrantFixtures.NAMESPACE;
import static io.xaccount.operator.testsupport.EmulatorResource.DEV;
import static io.xaccount.operator.testsupport.EmulatorResource.PROD;
import static io.xaccount.operator.testsupport.EmulatorResource.adminIam;
import static io.xaccount.operator.testsupport.EmulatorResource.awaitQuiet;
import static io.xaccount.operator.testsupport.EmulatorResource.emulator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.xaccount.emulator.knobs.Call;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.api.v1alpha1.Guardrails;
import io.xaccount.operator.iam.GrantPackPlanner;
import io.xaccount.operator.reconciler.OperatorMetrics;
import io.xaccount.operator.reconciler.role.RoleSnapshots;
import io.xaccount.operator.testsupport.KubeSystem;
import io.xaccount.operator.testsupport.Resources;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.PolicyVersion;

/**
 * Grants resync from the account's shared bulk read (GetAccountAuthorizationDetails with the
 * LocalManagedPolicy, User, Group and Role filters): a period of converged grants costs that read
 * and nothing per grant or per pack slot; a slot the read shows otherwise is read directly before
 * anything is written; a policy made again at a slot's ARN by someone else is never taken for ours.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = KubeSystem.class)
class GrantBulkResyncTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final int GRANTS = 30;
  private static final String GROUP = "bulk-developers";
  private static final String TARGET = "BulkTarget";

  @Inject KubernetesClient client;
  @Inject MeterRegistry registry;
  @Inject RoleSnapshots snapshots;
  @Inject GrantPacks packs;

  @AfterEach
  void deleteEverything() {
    Resources.deleteAll(client);
  }

  @Test
  void aPeriodOfConvergedGrantsCostsOneBulkReadOfTheAccountAndNoWrite() {
    createConverged();
    awaitSettled();
    snapshots.nextPeriod();
    double bulk = resyncs("bulk");
    double direct = resyncs("direct");
    long mark = emulator().calls().mark();

    GrantFixtures.touchAccount(client, "resync-1");
    await().atMost(WAIT).until(() -> resyncs("bulk") - bulk >= GRANTS);
    awaitQuiet();

    assertThat(operatorCalls(mark))
        .extracting(Call::action)
        .containsExactly("GetAccountAuthorizationDetails");
    assertThat(resyncs("direct")).isEqualTo(direct);

    // Each status names its slot's IAM policy ID; a process that knows none of them (restarted),
    // nor which grants it checked, takes them from there and still makes that one read from the
    // first resync on (its cache shows the account's grants), asking for no slot's tags.
    IamClient admin = adminIam(DEV);
    assertThat(grants())
        .allSatisfy(
            g ->
                assertThat(g.getStatus().getPolicyId())
                    .isEqualTo(
                        admin
                            .getPolicy(r -> r.policyArn(g.getStatus().getPolicyArn()))
                            .policy()
                            .policyId()));
    packs.forgetAsRestarted();
    snapshots.nextPeriod();
    double bulkAgain = resyncs("bulk");
    long restarted = emulator().calls().mark();

    GrantFixtures.touchAccount(client, "resync-2");
    await().atMost(WAIT).until(() -> resyncs("bulk") - bulkAgain >= GRANTS);
    awaitQuiet();

    assertThat(operatorCalls(restarted))
        .extracting(Call::action)
        .containsExactly("GetAccountAuthorizationDetails");
    assertThat(resyncs("direct")).isEqualTo(direct);
  }

  @Test
  void driftTheBulkReadShowsIsReadDirectlyAndRepairedAndNothingElseIsRead() {
    createConverged();
    // Grants woken again right after their writes (a batch's followers, their role's status) put
    // off their resync until the writes settle; the drift is made once they are served.
    awaitSettled();
    awaitQuiet();
    List<String> slots = groupPolicies();
    String widened = slots.get(0);
    IamClient admin = adminIam(DEV);
    // Out of band: one slot widened to every role, one taken off the group.
    String wide =
        GrantFixtures.devDocument(widened)
            .toJson()
            .replace(
                "\"Statement\":[",
                "\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"},");
    trimVersions(admin, widened);
    admin.createPolicyVersion(r -> r.policyArn(widened).policyDocument(wide).setAsDefault(true));
    String detached = slots.get(slots.size() - 1);
    admin.detachGroupPolicy(r -> r.groupName(GROUP).policyArn(detached));
    awaitSettled();
    snapshots.nextPeriod();
    long mark = emulator().calls().mark();

    GrantFixtures.touchAccount(client, "resync-drift");
    await()
        .atMost(WAIT)
        .until(
            () ->
                !GrantFixtures.devDocument(widened).toJson().contains("\"Resource\":\"*\"")
                    && groupPolicies().contains(detached));
    awaitQuiet();

    List<Call> calls = operatorCalls(mark);
    assertThat(calls)
        .filteredOn(c -> c.action().equals("GetAccountAuthorizationDetails"))
        .hasSize(1);
    // Only the drifted slots are read on their own; the writes are the repairs.
    assertThat(calls)
        .filteredOn(
            c -> c.action().equals("GetPolicy") || c.action().equals("ListEntitiesForPolicy"))
        .extracting(Call::entity)
        .allSatisfy(entity -> assertThat(entity).isIn(widened, detached));
    assertThat(calls)
        .filteredOn(c -> c.isWrite() && c.succeeded())
        .extracting(Call::action)
        .contains("CreatePolicyVersion", "AttachGroupPolicy")
        .isSubsetOf("CreatePolicyVersion", "DeletePolicyVersion", "AttachGroupPolicy");
    assertThat(statementSids()).isEqualTo(grantSids());
  }

  @Test
  void aPolicyMadeAgainAtASlotsArnBySomeoneElseIsNeverTakenForOursNorTouched() {
    createConverged();
    String victim = groupPolicies().get(0);
    String document = GrantFixtures.devDocument(victim).toJson();
    IamClient admin = adminIam(DEV);
    // Someone deletes the slot and makes a policy of their own at the same ARN, with the same
    // statements, untagged, attached to the same group.
    admin.detachGroupPolicy(r -> r.groupName(GROUP).policyArn(victim));
    admin.listPolicyVersions(r -> r.policyArn(victim)).versions().stream()
        .filter(v -> !v.isDefaultVersion())
        .forEach(v -> admin.deletePolicyVersion(r -> r.policyArn(victim).versionId(v.versionId())));
    admin.deletePolicy(r -> r.policyArn(victim));
    String path = victim.substring(victim.indexOf(":policy") + 7, victim.lastIndexOf('/') + 1);
    String name = victim.substring(victim.lastIndexOf('/') + 1);
    admin.createPolicy(r -> r.policyName(name).path(path).policyDocument(document));
    admin.attachGroupPolicy(r -> r.groupName(GROUP).policyArn(victim));
    String squatterId = admin.getPolicy(r -> r.policyArn(victim)).policy().policyId();
    awaitSettled();
    snapshots.nextPeriod();
    long mark = emulator().calls().mark();

    GrantFixtures.touchAccount(client, "resync-squat");
    // The grants whose statements were in the victim's place move to a slot of the operator's own.
    await()
        .atMost(WAIT)
        .until(
            () ->
                grants().stream()
                    .allMatch(
                        g ->
                            g.getStatus() != null
                                && !victim.equals(g.getStatus().getPolicyArn())
                                && converged(g)));
    awaitQuiet();

    // Nothing was written to the policy at that ARN; it is as its maker left it.
    assertThat(emulator().calls().writesSince(mark))
        .filteredOn(c -> DEV.equals(c.accountId()))
        .noneMatch(c -> victim.equals(c.entity()));
    assertThat(admin.getPolicy(r -> r.policyArn(victim)).policy().policyId()).isEqualTo(squatterId);
    assertThat(admin.getPolicy(r -> r.policyArn(victim)).policy().defaultVersionId())
        .isEqualTo("v1");
    assertThat(GrantFixtures.devDocument(victim).toJson()).isEqualTo(document);
    assertThat(admin.listEntitiesForPolicy(r -> r.policyArn(victim)).policyGroups())
        .extracting(g -> g.groupName())
        .containsExactly(GROUP);

    // Its maker takes it away again, so that the next test starts from a clean account.
    admin.detachGroupPolicy(r -> r.groupName(GROUP).policyArn(victim));
    admin.deletePolicy(r -> r.policyArn(victim));
  }

  /** {@link #GRANTS} grants to one group, all converged, and the operator quiet. */
  private void createConverged() {
    try {
      adminIam(DEV).getGroup(r -> r.groupName(GROUP));
    } catch (NoSuchEntityException e) {
      emulator().account(DEV).createGroup(GROUP);
    }
    if (!emulator().account(PROD).roleNames().contains(TARGET)) {
      emulator()
          .account(PROD)
          .createRole(
              TARGET,
              "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                  + "{\"AWS\":\"arn:aws:iam::"
                  + DEV
                  + ":root\"},\"Action\":\"sts:AssumeRole\"}]}");
    }
    AwsAccount dev = Resources.account(DEV_ACCOUNT, DEV, NAMESPACE);
    Guardrails guardrails = new Guardrails();
    guardrails.setAllowedTargetAccountIds(List.of(PROD));
    dev.getSpec().setGuardrails(guardrails);
    client.resource(dev).create();
    for (int i = 0; i < GRANTS; i++) {
      client
          .resource(
              GrantFixtures.grantForArn(
                  "bulk-" + i,
                  "arn:aws:iam::" + PROD + ":role/" + TARGET,
                  List.of(),
                  List.of(GROUP)))
          .create();
    }
    await().atMost(WAIT).until(() -> grants().stream().filter(this::converged).count() == GRANTS);
    awaitQuiet();
  }

  private boolean converged(AssumeRoleGrant g) {
    return g.getStatus() != null
        && g.getStatus()
            .readyCondition()
            .filter(c -> "Converged".equals(c.getReason()))
            .filter(c -> c.getObservedGeneration().equals(g.getMetadata().getGeneration()))
            .isPresent();
  }

  private List<AssumeRoleGrant> grants() {
    return client.resources(AssumeRoleGrant.class).inNamespace(NAMESPACE).list().getItems();
  }

  private static List<String> groupPolicies() {
    return adminIam(DEV)
        .listAttachedGroupPolicies(r -> r.groupName(GROUP))
        .attachedPolicies()
        .stream()
        .map(AttachedPolicy::policyArn)
        .filter(arn -> arn.contains(":policy/xaccount/grants/"))
        .sorted()
        .toList();
  }

  private Set<String> grantSids() {
    Set<String> sids = new TreeSet<>();
    grants().forEach(g -> sids.add(GrantPackPlanner.sid(g.getMetadata().getUid())));
    return sids;
  }

  private static Set<String> statementSids() {
    Set<String> sids = new TreeSet<>();
    for (String slot : groupPolicies()) {
      GrantPackPlanner.statements(GrantFixtures.devDocument(slot))
          .forEach(s -> sids.add(s.path("Sid").asText()));
    }
    return sids;
  }

  /** Makes room for one more version at IAM's five, as an administrator would. */
  private static void trimVersions(IamClient admin, String arn) {
    List<PolicyVersion> versions = admin.listPolicyVersions(r -> r.policyArn(arn)).versions();
    if (versions.size() == 5) {
      String oldest =
          versions.stream()
              .filter(v -> !v.isDefaultVersion())
              .min(java.util.Comparator.comparing(PolicyVersion::createDate))
              .orElseThrow()
              .versionId();
      admin.deletePolicyVersion(r -> r.policyArn(arn).versionId(oldest));
    }
  }

  /** Lets the grants' last writes settle: a bulk read begun sooner is not trusted about them. */
  private void awaitSettled() {
    Duration settle = snapshots.settleTime().plusSeconds(1);
    await().pollDelay(settle).atMost(settle.plusSeconds(5)).until(() -> true);
  }

  /**
   * The operator's IAM calls in Dev since the mark (not the test's own, as administrator, nor the
   * AwsAccount's verification through STS when the test touches it).
   */
  private static List<Call> operatorCalls(long mark) {
    return emulator().calls().since(mark).stream()
        .filter(c -> DEV.equals(c.accountId()) && "iam".equals(c.service()))
        .filter(c -> String.valueOf(c.callerArn()).contains(":assumed-role/xaccount-operator/"))
        .toList();
  }

  private double resyncs(String observation) {
    Counter counter =
        registry
            .find(OperatorMetrics.RESYNCS)
            .tag("kind", "AssumeRoleGrant")
            .tag("observation", observation)
            .counter();
    return counter == null ? 0 : counter.count();
  }
}
