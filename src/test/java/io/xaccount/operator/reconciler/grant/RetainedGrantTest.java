package io.xaccount.operator.reconciler.grant;

import static io.xaccount.operator.reconciler.grant.GrantFixtures.DEV_ACCOUNT;
import static io.xaccount.operator.reconciler.grant.GrantFixtures.NAMESPACE;
import static io.xaccount.operator.testsupport.EmulatorResource.DEV;
import static io.xaccount.operator.testsupport.EmulatorResource.PROD;
import static io.xaccount.operator.testsupport.EmulatorResource.adminIam;
import static io.xaccount.operator.testsupport.EmulatorResource.emulator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.api.v1alpha1.DeletionPolicy;
import io.xaccount.operator.api.v1alpha1.Guardrails;
import io.xaccount.operator.iam.GrantPackPlanner;
import io.xaccount.operator.testsupport.KubeSystem;
import io.xaccount.operator.testsupport.Ready;
import io.xaccount.operator.testsupport.Resources;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/**
 * Issue 24, finding 6, for grants: a statement kept by Retain only as the operator accepted it, and
 * never removed nor released when the account withdraws allowRetain: the deletion waits.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = KubeSystem.class)
class RetainedGrantTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String USER = "retained-grant-user";
  private static final String ROLE_ARN = "arn:aws:iam::" + PROD + ":role/RetainedGrantTarget";

  @Inject KubernetesClient client;

  @AfterEach
  void cleanUp() {
    Resources.deleteAll(client);
  }

  @Test
  void anAcceptedRetainTheAccountNoLongerAllowsKeepsTheStatementUntilTheAccountAllowsIt() {
    account(true);
    AssumeRoleGrant grant = converge("kept", DeletionPolicy.Retain);
    assertThat(grant.getStatus().getDeletionPolicy()).isEqualTo(DeletionPolicy.Retain);
    String slot = grant.getStatus().getPolicyArn();
    String live = GrantPackPlanner.sid(grant.getMetadata().getUid());
    allowRetain(false);
    awaitReason("kept", "Forbidden");
    long mark = emulator().calls().mark();

    client.resource(grant).delete();

    await()
        .atMost(WAIT)
        .until(
            () ->
                client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
                    .anyMatch(
                        e ->
                            "kept".equals(e.getInvolvedObject().getName())
                                && "DeletionBlocked".equals(e.getReason())
                                && e.getMessage().contains("guardrail allowRetain")));
    assertThat(emulator().calls().writesSince(mark)).isEmpty();
    assertThat(sids(slot)).contains(live);
    assertThat(get("kept")).isNotNull();

    allowRetain(true);

    await().atMost(WAIT).until(() -> get("kept") == null);
    assertThat(sids(slot))
        .contains(GrantPackPlanner.retainedSid(grant.getMetadata().getUid()))
        .doesNotContain(live);
  }

  @Test
  void aRetainTheOperatorNeverAcceptedRemovesTheStatement() {
    account(false);
    AssumeRoleGrant grant = converge("flipped", DeletionPolicy.Delete);
    String slot = grant.getStatus().getPolicyArn();

    client
        .resource(grant)
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"deletionPolicy\":\"Retain\"}}");
    client.resource(grant).delete();

    await().atMost(WAIT).until(() -> get("flipped") == null);
    String uid = grant.getMetadata().getUid();
    assertThat(slotOrNothing(slot))
        .doesNotContain(GrantPackPlanner.sid(uid))
        .doesNotContain(GrantPackPlanner.retainedSid(uid));
  }

  private void account(boolean allowRetain) {
    if (adminIam(DEV).listUsers().users().stream().noneMatch(u -> u.userName().equals(USER))) {
      emulator().account(DEV).createUser(USER);
    }
    AwsAccount dev = Resources.account(DEV_ACCOUNT, DEV, NAMESPACE);
    Guardrails guardrails = new Guardrails();
    guardrails.setAllowedTargetAccountIds(List.of(PROD));
    guardrails.setAllowRetain(allowRetain);
    dev.getSpec().setGuardrails(guardrails);
    Ready.createAccount(client, dev);
  }

  private AssumeRoleGrant converge(String name, DeletionPolicy policy) {
    AssumeRoleGrant grant = GrantFixtures.grantForArn(name, ROLE_ARN, List.of(USER), List.of());
    grant.getSpec().setDeletionPolicy(policy);
    client.resource(grant).create();
    awaitReason(name, "Converged");
    return get(name);
  }

  private void allowRetain(boolean allow) {
    client
        .resources(AwsAccount.class)
        .withName(DEV_ACCOUNT)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"guardrails\":{\"allowRetain\":" + allow + "}}}");
  }

  /** The Sids of the slot's statements. */
  private static List<String> sids(String slot) {
    List<String> sids = new ArrayList<>();
    GrantFixtures.devDocument(slot)
        .toJsonNode()
        .path("Statement")
        .forEach(s -> sids.add(s.path("Sid").asText()));
    return sids;
  }

  /** The same, or none when the slot is gone (a slot left empty is deleted). */
  private static List<String> slotOrNothing(String slot) {
    try {
      return sids(slot);
    } catch (NoSuchEntityException e) {
      return List.of();
    }
  }

  private void awaitReason(String name, String reason) {
    await()
        .atMost(WAIT)
        .until(() -> Ready.of(get(name)), c -> c != null && reason.equals(c.getReason()));
  }

  private AssumeRoleGrant get(String name) {
    return client.resources(AssumeRoleGrant.class).inNamespace(NAMESPACE).withName(name).get();
  }
}
