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
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.xaccount.emulator.Call;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.api.v1alpha1.Guardrails;
import io.xaccount.operator.iam.GrantPack;
import io.xaccount.operator.iam.GrantPackPlanner;
import io.xaccount.operator.iam.PolicyDocument;
import io.xaccount.operator.reconciler.Ownership;
import io.xaccount.operator.testsupport.KubeSystem;
import io.xaccount.operator.testsupport.Resources;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.model.AccessKey;
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

  @Inject KubernetesClient client;
  @Inject Ownership ownership;

  @AfterEach
  void deleteEverything() {
    Resources.deleteAll(client);
  }

  @Test
  void aGroupWithAHundredGrantsGetsThemAllInAFewPoliciesAndLosesEachOneAtItsDeletion() {
    String alice = "pack-alice";
    if (adminIam(DEV).listUsers().users().stream().noneMatch(u -> u.userName().equals(alice))) {
      emulator().account(DEV).createUser(alice);
      emulator().account(DEV).createGroup(GROUP);
      emulator().account(DEV).addUserToGroup(GROUP, alice);
      emulator().account(DEV).createUser("pack-outsider");
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
    Guardrails guardrails = new Guardrails();
    guardrails.setAllowedTargetAccountIds(List.of(PROD));
    dev.getSpec().setGuardrails(guardrails);
    client.resource(dev).create();
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
        slots.stream().collect(Collectors.toMap(arn -> arn, GrantPackingTest::defaultDocument));
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

    // IAM decides with them: alice, in the group, may assume the roles; nobody else may.
    StsClient aliceSts = sts(alice);
    for (int i : List.of(0, 57, GRANTS - 1)) {
      int n = i;
      aliceSts.assumeRole(r -> r.roleArn(roleArn(n)).roleSessionName("alice"));
    }
    assertThatThrownBy(
            () -> sts("pack-outsider").assumeRole(r -> r.roleArn(roleArn(0)).roleSessionName("x")))
        .isInstanceOf(StsException.class);

    // A resync of everything: reads only.
    long steady = emulator().calls().mark();
    client
        .resources(AwsAccount.class)
        .withName(DEV_ACCOUNT)
        .edit(
            a -> {
              a.getSpec().getAllowedNamespaces().getNames().add("resync");
              return a;
            });
    await()
        .atMost(WAIT)
        .until(
            () ->
                emulator().calls().since(steady).stream()
                        .filter(c -> c.action().equals("ListEntitiesForPolicy"))
                        .count()
                    >= GRANTS);
    await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
    assertThat(emulator().calls().writesSince(steady)).noneMatch(c -> DEV.equals(c.accountId()));

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

  private static String roleArn(int i) {
    return "arn:aws:iam::" + PROD + ":role/Packed" + i;
  }

  private long converged() {
    return grants().stream()
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
    return client.resources(AssumeRoleGrant.class).inNamespace(NAMESPACE).list().getItems();
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
        .map(GrantPackingTest::defaultDocument)
        .flatMap(d -> GrantPackPlanner.statements(d).stream())
        .map(s -> s.path("Sid").asText())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static PolicyDocument defaultDocument(String arn) {
    String version = adminIam(DEV).getPolicy(r -> r.policyArn(arn)).policy().defaultVersionId();
    return PolicyDocument.parse(
        adminIam(DEV)
            .getPolicyVersion(r -> r.policyArn(arn).versionId(version))
            .policyVersion()
            .document());
  }

  private static StsClient sts(String user) {
    AccessKey key = adminIam(DEV).createAccessKey(r -> r.userName(user)).accessKey();
    return StsClient.builder()
        .endpointOverride(emulator().endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey())))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }
}
