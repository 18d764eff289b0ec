package io.xaccount.operator.reconciler.grant;

import static io.xaccount.operator.reconciler.grant.GrantFixtures.DEV_ACCOUNT;
import static io.xaccount.operator.reconciler.grant.GrantFixtures.NAMESPACE;
import static io.xaccount.operator.reconciler.grant.GrantFixtures.PROD_ACCOUNT;
import static io.xaccount.operator.testsupport.EmulatorResource.DEV;
import static io.xaccount.operator.testsupport.EmulatorResource.PROD;
import static io.xaccount.operator.testsupport.EmulatorResource.adminIam;
import static io.xaccount.operator.testsupport.EmulatorResource.emulator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.xaccount.emulator.knobs.Call;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.ReadyStatus;
import io.xaccount.operator.iam.GrantPack;
import io.xaccount.operator.testsupport.KubeSystem;
import io.xaccount.operator.testsupport.Resources;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * A CrossAccountRole that is also the principal of an AssumeRoleGrant: the role's exclusive
 * managed-policy attachments leave the grant's policy alone, so that neither undoes the other.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = KubeSystem.class)
class RoleAsGrantPrincipalTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";

  @Inject KubernetesClient client;

  @AfterEach
  void deleteEverything() {
    Resources.deleteAll(client);
  }

  @Test
  void aRoleThatIsAGrantPrincipalStaysConvergedWithoutWritesAndStillDropsUnownedPolicies() {
    client.resource(Resources.account(PROD_ACCOUNT, PROD, NAMESPACE)).create();
    client.resource(Resources.account(DEV_ACCOUNT, DEV, NAMESPACE)).create();
    CrossAccountRole deployer =
        Resources.role(NAMESPACE, "deployer", DEV_ACCOUNT, "Deployer", PROD);
    deployer.getSpec().setManagedPolicyArns(List.of(READ_ONLY));
    client.resource(deployer).create();
    client.resource(GrantFixtures.role("deploy-target", "DeployTarget", DEV)).create();
    AssumeRoleGrant grant =
        GrantFixtures.grantForRef("deployer-to-prod", "deploy-target", List.of(), List.of());
    grant.getSpec().getPrincipals().setRoles(List.of("Deployer"));
    client.resource(grant).create();

    String policyArn =
        awaitReady(AssumeRoleGrant.class, "deployer-to-prod").getStatus().getPolicyArn();
    awaitReady(CrossAccountRole.class, "deployer");
    assertThat(attachedTo("Deployer")).containsExactlyInAnyOrder(READ_ONLY, policyArn);

    long mark = emulator().calls().mark();
    for (String touch : List.of("resync-1", "resync-2", "resync-3")) {
      long before = emulator().calls().mark();
      GrantFixtures.touchAccount(client, touch);
      await()
          .atMost(WAIT)
          .until(() -> readsSince(before).containsAll(List.of("GetRole", "ListEntitiesForPolicy")));
      await()
          .during(Duration.ofSeconds(1))
          .atMost(Duration.ofSeconds(10))
          .until(() -> emulator().calls().writesSince(mark).isEmpty());
    }
    assertThat(attachedTo("Deployer")).containsExactlyInAnyOrder(READ_ONLY, policyArn);
    assertThat(readyStatus(CrossAccountRole.class, "deployer")).isEqualTo("True");
    assertThat(readyStatus(AssumeRoleGrant.class, "deployer-to-prod")).isEqualTo("True");

    // A policy nobody owns, even at the operator's path, is still detached.
    String stray =
        adminIam(DEV)
            .createPolicy(
                r ->
                    r.path("/xaccount/" + NAMESPACE + "/")
                        .policyName("stray")
                        .policyDocument(
                            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                                + "\"Action\":\"s3:ListAllMyBuckets\",\"Resource\":\"*\"}]}"))
            .policy()
            .arn();
    adminIam(DEV).attachRolePolicy(r -> r.roleName("Deployer").policyArn(stray));
    GrantFixtures.touchAccount(client, "resync-4");
    await().atMost(WAIT).until(() -> attachedTo("Deployer"), a -> !a.contains(stray));
    assertThat(attachedTo("Deployer")).containsExactlyInAnyOrder(READ_ONLY, policyArn);
    adminIam(DEV).deletePolicy(r -> r.policyArn(stray));
  }

  @Test
  void aDedicatedPolicyOfAnOlderVersionIsReplacedByThePackAndDeletedOnceThePackIsAttached() {
    // The grant exists before its accounts: its status can be set as an older version left it.
    AssumeRoleGrant grant =
        GrantFixtures.grantForRef("legacy-grant", "legacy-target", List.of(), List.of());
    grant.getSpec().getPrincipals().setRoles(List.of("LegacyDeployer"));
    grant = client.resource(grant).create();
    await()
        .atMost(WAIT)
        .until(
            () -> get(AssumeRoleGrant.class, "legacy-grant").getStatus(),
            s -> s != null && s.readyCondition().isPresent());
    String uid = grant.getMetadata().getUid();
    String legacyArn =
        adminIam(DEV)
            .createPolicy(
                r ->
                    r.path("/xaccount/" + NAMESPACE + "/")
                        .policyName(NAMESPACE + ".legacy-grant.0123abcd")
                        .policyDocument(
                            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                                + "\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}]}")
                        .tags(
                            tag("xaccount.io/managed-by", "xaccount-operator"),
                            tag("xaccount.io/cluster", "default"),
                            tag("xaccount.io/kind", "AssumeRoleGrant"),
                            tag("xaccount.io/namespace", NAMESPACE),
                            tag("xaccount.io/name", "legacy-grant"),
                            tag("xaccount.io/uid", uid)))
            .policy()
            .arn();
    Resources.editStatus(
        client,
        AssumeRoleGrant.class,
        NAMESPACE,
        "legacy-grant",
        status -> status.setPolicyArn(legacyArn));
    await()
        .atMost(WAIT)
        .until(
            () -> get(AssumeRoleGrant.class, "legacy-grant").getStatus().getPolicyArn(),
            legacyArn::equals);
    client.resource(Resources.account(PROD_ACCOUNT, PROD, NAMESPACE)).create();
    client.resource(Resources.account(DEV_ACCOUNT, DEV, NAMESPACE)).create();
    client
        .resource(Resources.role(NAMESPACE, "legacy-deployer", DEV_ACCOUNT, "LegacyDeployer", PROD))
        .create();
    client.resource(GrantFixtures.role("legacy-target", "LegacyTarget", DEV)).create();

    String packArn =
        await()
            .atMost(WAIT)
            .until(
                () -> awaitReady(AssumeRoleGrant.class, "legacy-grant").getStatus().getPolicyArn(),
                arn -> !legacyArn.equals(arn));
    awaitReady(CrossAccountRole.class, "legacy-deployer");

    assertThat(GrantPack.slot(packArn)).isPresent();
    await()
        .atMost(WAIT)
        .until(
            () ->
                adminIam(DEV)
                    .listPolicies(r -> r.pathPrefix("/xaccount/" + NAMESPACE + "/"))
                    .policies()
                    .stream()
                    .noneMatch(p -> p.arn().equals(legacyArn)));
    assertThat(attachedTo("LegacyDeployer")).containsExactly(packArn);
    long mark = emulator().calls().mark();
    GrantFixtures.touchAccount(client, "legacy-resync");
    await()
        .atMost(WAIT)
        .until(() -> readsSince(mark).containsAll(List.of("GetRole", "ListEntitiesForPolicy")));
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(10))
        .until(() -> emulator().calls().writesSince(mark).isEmpty());
    assertThat(attachedTo("LegacyDeployer")).containsExactly(packArn);
  }

  private static Tag tag(String key, String value) {
    return Tag.builder().key(key).value(value).build();
  }

  private static List<String> readsSince(long mark) {
    return emulator().calls().since(mark).stream()
        .filter(c -> DEV.equals(c.accountId()) && !c.isWrite())
        .map(Call::action)
        .toList();
  }

  private static List<String> attachedTo(String role) {
    return adminIam(DEV).listAttachedRolePolicies(r -> r.roleName(role)).attachedPolicies().stream()
        .map(AttachedPolicy::policyArn)
        .toList();
  }

  private <R extends HasMetadata> R get(Class<R> type, String name) {
    return client.resources(type).inNamespace(NAMESPACE).withName(name).get();
  }

  private String readyStatus(Class<? extends HasMetadata> type, String name) {
    ReadyStatus status = statusOf(get(type, name));
    return status == null ? null : status.readyCondition().map(c -> c.getStatus()).orElse(null);
  }

  private static ReadyStatus statusOf(HasMetadata resource) {
    if (resource instanceof CrossAccountRole r) {
      return r.getStatus();
    }
    return resource instanceof AssumeRoleGrant g ? g.getStatus() : null;
  }

  private <R extends HasMetadata> R awaitReady(Class<R> type, String name) {
    return await()
        .atMost(WAIT)
        .until(
            () -> get(type, name),
            // Judge the object returned, not a second read: the two could differ.
            r ->
                r != null
                    && statusOf(r) != null
                    && statusOf(r)
                        .readyCondition()
                        .filter(c -> "True".equals(c.getStatus()))
                        .isPresent());
  }
}
