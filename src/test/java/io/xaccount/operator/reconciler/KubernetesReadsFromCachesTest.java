package io.xaccount.operator.reconciler;

import static io.xaccount.operator.testsupport.EmulatorResource.DEV;
import static io.xaccount.operator.testsupport.EmulatorResource.PROD;
import static io.xaccount.operator.testsupport.EmulatorResource.emulator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.xaccount.emulator.knobs.Call;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.ManagementPolicy;
import io.xaccount.operator.api.v1alpha1.ReadyStatus;
import io.xaccount.operator.api.v1alpha1.SecretKeyRef;
import io.xaccount.operator.testsupport.Edits;
import io.xaccount.operator.testsupport.EmulatorResource;
import io.xaccount.operator.testsupport.KubeSystem;
import io.xaccount.operator.testsupport.Ready;
import io.xaccount.operator.testsupport.Resources;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/**
 * A resync of a converged role and grant reads what it needs from Kubernetes (their AwsAccounts,
 * the namespace's labels for allowedNamespaces.selector, the ExternalId Secrets of the accounts and
 * of the role) from the operator's informers: the mock API server records no GET or LIST of them.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = KubeSystem.class)
class KubernetesReadsFromCachesTest {
  private static final String NS = "cached-reads";
  private static final String EXTERNAL_ID = "cached-ext-5d1f";
  private static final String TEST_AGENT = "xaccount-test";

  /** A GET of one AwsAccount, one Namespace, or Secrets (by name or listed), but not a watch. */
  private static final Pattern READ_PER_RECONCILE =
      Pattern.compile(
          "/apis/xaccount\\.io/v1alpha1/awsaccounts/[^/?]+(\\?.*)?"
              + "|/api/v1/namespaces/[^/?]+(\\?.*)?"
              + "|/api/v1/(namespaces/[^/]+/)?secrets(/[^/?]+)?(\\?.*)?");

  @Inject KubernetesClient client;
  @KubernetesTestServer KubernetesServer server;

  @AfterEach
  void cleanUp() {
    Resources.deleteAll(client);
    client.secrets().inNamespace(NS).delete();
  }

  @BeforeEach
  void setUp() {
    namespace(NS, Map.of("team", "cached"));
    secret("account-external-id");
    secret("role-external-id");
    try {
      EmulatorResource.adminIam(DEV).getUser(r -> r.userName("cached-alice"));
    } catch (NoSuchEntityException e) {
      emulator().account(DEV).createUser("cached-alice");
    }
  }

  @Test
  void aResyncOfAConvergedRoleAndGrantGetsNoAccountNamespaceOrSecret() throws Exception {
    Ready.createAccount(client, account("cached-prod", PROD));
    Ready.createAccount(client, account("cached-dev", DEV));
    CrossAccountRole role = Resources.role(NS, "cached-role", "cached-prod", "CachedReads", DEV);
    role.getSpec()
        .getTrust()
        .setExternalIdSecretRef(new SecretKeyRef(null, "role-external-id", "externalId"));
    Ready.createRole(client, role);
    client.resource(grant()).create();
    awaitReason(AssumeRoleGrant.class, NS, "cached-grant", "Converged");

    KubernetesMockServer api = server.getKubernetesMockServer();
    drain(api);
    long mark = emulator().calls().mark();
    // Wakes the role and grant, changing nothing they depend on: a label on their namespace (the
    // grant looks at IAM again; the role, whose map is all a grant or namespace can move, does
    // not), and the role's default management policy written out, a new generation that it
    // checks against IAM as a resync would.
    touchNamespace(NS, "touched", Long.toString(System.nanoTime()));
    asAnotherClient(
        test ->
            Edits.retrying(
                test.resources(CrossAccountRole.class).inNamespace(NS).withName("cached-role"),
                r -> {
                  r.getSpec().setManagementPolicy(ManagementPolicy.Manage);
                  return r;
                }));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                emulator().calls().since(mark).stream()
                        .map(Call::action)
                        .filter(
                            a -> a.equals("ListRolePolicies") || a.equals("ListEntitiesForPolicy"))
                        .distinct()
                        .count()
                    == 2);
    // Give a (wrong) read that would follow the IAM reads the time to show up.
    await().pollDelay(Duration.ofMillis(500)).until(() -> true);

    List<String> reads = new ArrayList<>();
    for (RecordedRequest r = api.takeRequest(1, TimeUnit.MILLISECONDS);
        r != null;
        r = api.takeRequest(1, TimeUnit.MILLISECONDS)) {
      if (!TEST_AGENT.equals(r.getHeader("User-Agent"))
          && r.getMethod().equals("GET")
          && !r.getPath().contains("watch=true")
          && READ_PER_RECONCILE.matcher(r.getPath()).matches()) {
        reads.add(r.getPath());
      }
    }
    assertThat(emulator().calls().writesSince(mark)).isEmpty();
    assertThat(reads).isEmpty();
  }

  @Test
  void labellingItsNamespaceLetsAForbiddenRoleInWithoutWaitingForAResync() {
    namespace("cached-late", Map.of());
    Ready.createAccount(client, account("cached-late", PROD));
    client
        .resource(Resources.role("cached-late", "late-role", "cached-late", "CachedLate", DEV))
        .create();
    // Forbidden is terminal: nothing retries it but a change it depends on.
    awaitReason(CrossAccountRole.class, "cached-late", "late-role", "Forbidden");

    touchNamespace("cached-late", "team", "cached");

    awaitReason(CrossAccountRole.class, "cached-late", "late-role", "Converged");
  }

  private <R extends CustomResource<?, ? extends ReadyStatus>> void awaitReason(
      Class<R> kind, String namespace, String name, String reason) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> Ready.of(client.resources(kind).inNamespace(namespace).withName(name).get()),
            c -> c != null && reason.equals(c.getReason()));
  }

  private void namespace(String name, Map<String, String> labels) {
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels(labels)
                .endMetadata()
                .build())
        .createOr(existing -> existing.update());
  }

  private static void drain(KubernetesMockServer api) throws InterruptedException {
    while (api.takeRequest(1, TimeUnit.MILLISECONDS) != null) {
      // Requests of earlier tests and of this one's set-up.
    }
  }

  /**
   * Labels a namespace, which wakes its roles and grants. A client of its own user agent makes the
   * change, so that its requests are not taken for the operator's.
   */
  private void touchNamespace(String namespace, String label, String value) {
    asAnotherClient(
        test ->
            Edits.retrying(
                test.namespaces().withName(namespace),
                ns -> {
                  ns.getMetadata().getLabels().put(label, value);
                  return ns;
                }));
  }

  /** Runs {@code change} with a client of the test's own user agent. */
  private void asAnotherClient(Consumer<KubernetesClient> change) {
    Config config = new ConfigBuilder(client.getConfiguration()).withUserAgent(TEST_AGENT).build();
    try (KubernetesClient test = new KubernetesClientBuilder().withConfig(config).build()) {
      change.accept(test);
    }
  }

  /** An account that selects the namespace by label and assumes its role with an ExternalId. */
  private static AwsAccount account(String name, String accountId) {
    String roleName = "operator-" + name;
    EmulatorResource.operatorRole(
        accountId,
        roleName,
        """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
            "Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":"sts:AssumeRole",\
            "Condition":{"StringEquals":{"sts:ExternalId":"%s"}}}]}"""
            .formatted(EmulatorResource.OPERATOR_ACCOUNT, EXTERNAL_ID));
    AwsAccount account = Resources.account(name, accountId);
    account.getSpec().getAllowedNamespaces().setNames(new ArrayList<>());
    account
        .getSpec()
        .getAllowedNamespaces()
        .setSelector(new LabelSelectorBuilder().addToMatchLabels("team", "cached").build());
    var assume = account.getSpec().getCredentials().getAssumeRole();
    assume.setRoleArn("arn:aws:iam::%s:role/%s".formatted(accountId, roleName));
    assume.setExternalIdSecretRef(new SecretKeyRef(NS, "account-external-id", "externalId"));
    return account;
  }

  private static AssumeRoleGrant grant() {
    return Resources.grant(
        NS, "cached-grant", "cached-dev", Resources.roleRef("cached-role", null), "cached-alice");
  }

  private void secret(String name) {
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .addToLabels(SecretValues.LABEL, "true")
                .endMetadata()
                .addToStringData("externalId", EXTERNAL_ID)
                .build())
        .createOr(existing -> existing.update());
  }
}
