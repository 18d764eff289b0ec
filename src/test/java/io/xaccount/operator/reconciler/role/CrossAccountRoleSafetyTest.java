package io.xaccount.operator.reconciler.role;

import static io.xaccount.operator.testsupport.EmulatorResource.DEV;
import static io.xaccount.operator.testsupport.EmulatorResource.PROD;
import static io.xaccount.operator.testsupport.EmulatorResource.adminIam;
import static io.xaccount.operator.testsupport.EmulatorResource.emulator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.xaccount.operator.api.v1alpha1.Adoption;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.InlinePolicy;
import io.xaccount.operator.reconciler.NotOurs;
import io.xaccount.operator.reconciler.Ownership;
import io.xaccount.operator.testsupport.Edits;
import io.xaccount.operator.testsupport.EmulatorResource;
import io.xaccount.operator.testsupport.KubeSystem;
import io.xaccount.operator.testsupport.Resources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.Tag;

@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = KubeSystem.class)
class CrossAccountRoleSafetyTest extends RoleTestSupport {
  private static final String FOREIGN_TRUST =
      """
      {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
      "Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":"sts:AssumeRole"}]}""";

  @AfterEach
  void clearFaults() {
    emulator().faults().clear();
  }

  @Test
  void anUntaggedRoleIsLeftAloneUntilTheTenantAsksAndTheAccountAllowsAdoption() {
    account("prod-conflict", PROD);
    emulator().account(PROD).createRole("Existing", FOREIGN_TRUST);
    long mark = emulator().calls().mark();
    create(Resources.role(NAMESPACE, "conflict", "prod-conflict", "Existing", DEV));

    Condition conflict = awaitReason("conflict", "NameConflict");

    assertThat(conflict.getMessage())
        .isEqualTo(NotOurs.ROLE_NAME.formatted("Existing"))
        .contains("xaccount.io/adopt", "spec.adoption");
    assertThat(writeActions(mark, PROD)).isEmpty();

    long generation =
        edit(
                "conflict",
                r -> {
                  r.getMetadata().setAnnotations(Map.of("xaccount.io/adopt", "true"));
                  r.getSpec().setDescription("adopted");
                  return r;
                })
            .getMetadata()
            .getGeneration();
    Condition notAllowed =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> ready("conflict"),
                c -> c != null && Long.valueOf(generation).equals(c.getObservedGeneration()));
    // Asked for but not allowed by the account: the same words as before it was asked for.
    assertThat(notAllowed.getReason()).isEqualTo("NameConflict");
    assertThat(notAllowed.getMessage()).isEqualTo(conflict.getMessage());
    assertThat(writeActions(mark, PROD)).isEmpty();

    Edits.retrying(
        client.resources(AwsAccount.class).withName("prod-conflict"),
        a -> {
          Adoption adoption = new Adoption();
          adoption.setNamespaces(List.of(NAMESPACE));
          adoption.setRoles(List.of("/Exist*"));
          a.getSpec().setAdoption(adoption);
          return a;
        });
    awaitReason("conflict", "Converged");
    assertThat(adminIam(PROD).getRole(r -> r.roleName("Existing")).role().tags())
        .extracting(Tag::key)
        .contains("xaccount.io/managed-by", "xaccount.io/name", "xaccount.io/uid");
    assertThat(writeActions(mark, PROD)).contains("UpdateAssumeRolePolicy", "TagRole");
  }

  @Test
  void aRoleWithOurTagsIsCarriedOnAfterACrashAfterCreate() {
    CrossAccountRole resource = crashedBeforeStatus("crashed", "Crashed", clusterIdentity());
    long mark = emulator().calls().mark();
    account("prod-crash", PROD);

    CrossAccountRole converged = awaitConverged("crashed");

    assertThat(converged.getStatus().getRoleArn()).endsWith(":role/Crashed");
    assertThat(converged.getMetadata().getUid()).isEqualTo(resource.getMetadata().getUid());
    assertThat(writeActions(mark, PROD))
        .doesNotContain("CreateRole")
        .contains("UpdateAssumeRolePolicy");
  }

  @Test
  void aRoleTaggedByAVersionWithoutClusterIdentityIsStillOursAndReTagged() {
    crashedBeforeStatus("upgraded", "Upgraded", Ownership.LEGACY_DEFAULT_CLUSTER);
    account("prod-crash", PROD);

    awaitConverged("upgraded");

    assertThat(adminIam(PROD).getRole(r -> r.roleName("Upgraded")).role().tags())
        .contains(tag("xaccount.io/cluster", clusterIdentity()));
    long mark = emulator().calls().mark();
    touchAccount("prod-crash", "elsewhere");
    awaitSettled("upgraded");
    assertThat(writeActions(mark, PROD)).isEmpty();
  }

  /**
   * What a crash right after CreateRole leaves behind: the resource without status, and its role
   * tagged for it (with {@code cluster} as the cluster tag). The resource is created before its
   * account, so that the operator can do nothing until the role is in place.
   */
  private CrossAccountRole crashedBeforeStatus(String name, String roleName, String cluster) {
    CrossAccountRole resource =
        create(Resources.role(NAMESPACE, name, "prod-crash", roleName, DEV));
    awaitReason(name, "AccountNotReady");
    adminIam(PROD)
        .createRole(
            r ->
                r.roleName(roleName)
                    .assumeRolePolicyDocument(FOREIGN_TRUST)
                    .tags(
                        tag("xaccount.io/managed-by", "xaccount-operator"),
                        tag("xaccount.io/cluster", cluster),
                        tag("xaccount.io/kind", "CrossAccountRole"),
                        tag("xaccount.io/namespace", NAMESPACE),
                        tag("xaccount.io/name", name),
                        tag("xaccount.io/uid", resource.getMetadata().getUid())));
    return resource;
  }

  private String clusterIdentity() {
    return client.namespaces().withName("kube-system").get().getMetadata().getUid();
  }

  @Test
  void aChangedRoleNameIsRefusedAndTheOldRoleIsNeitherOrphanedNorDuplicated() {
    account("prod-immutable", PROD);
    create(Resources.role(NAMESPACE, "immutable", "prod-immutable", "Immutable", DEV));
    awaitConverged("immutable");
    long mark = emulator().calls().mark();

    edit(
        "immutable",
        r -> {
          r.getSpec().setRoleName("Renamed");
          return r;
        });
    Condition refused = awaitReason("immutable", "InvalidSpec");

    assertThat(refused.getMessage()).contains("immutable").contains("role/Immutable");
    assertThat(writeActions(mark, PROD)).isEmpty();
    assertThat(emulator().account(PROD).roleNames())
        .contains("Immutable")
        .doesNotContain("Renamed");
  }

  @Test
  void accessDeniedNamesTheMissingActionAndRecovers() {
    account("prod-denied", PROD);
    emulator().faults().deny(PROD, "iam:CreateRole");
    create(Resources.role(NAMESPACE, "denied", "prod-denied", "Denied", DEV));

    Condition denied = awaitReason("denied", "AccessDenied");
    assertThat(denied.getMessage()).contains("iam:CreateRole");

    emulator().faults().allow(PROD, "iam:CreateRole");
    awaitConverged("denied");
  }

  @Test
  void throttlingBacksOffAndConverges() {
    account("prod-throttled", PROD);
    emulator().faults().failNext("CreateRole", PROD, "Throttling", 4);
    create(Resources.role(NAMESPACE, "throttled", "prod-throttled", "Throttled", DEV));

    awaitConverged("throttled");

    assertThat(emulator().calls().entries())
        .filteredOn(c -> c.action().equals("CreateRole") && "Throttling".equals(c.errorCode()))
        .hasSize(4);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(eventMessages("throttled")).anyMatch(m -> m.contains("Rate exceeded")));
  }

  @Test
  void aTrustedPrincipalIamCannotSeeYetIsWaitedForThenTrusted() {
    account("prod-late", PROD);
    CrossAccountRole spec = Resources.role(NAMESPACE, "late", "prod-late", "Late");
    spec.getSpec()
        .getTrust()
        .setPrincipalArns(List.of("arn:aws:iam::" + DEV + ":role/late-deployer"));
    create(spec);

    Condition waiting = awaitReason("late", "Creating");
    assertThat(waiting.getMessage()).contains("IAM does not see a trusted principal yet");

    emulator().account(DEV).createRole("late-deployer", EmulatorResource.trustOperator());
    awaitConverged("late");
  }

  @Test
  void invalidInputIsRefusedBeforeAnyWrite() {
    account("prod-invalid", PROD);
    long mark = emulator().calls().mark();
    CrossAccountRole badInline =
        Resources.role(NAMESPACE, "bad-inline", "prod-invalid", "BadInline", DEV);
    InlinePolicy policy = new InlinePolicy();
    policy.setName("no-statement");
    policy.setDocument(new ObjectMapper().valueToTree(Map.of("Version", "2012-10-17")));
    badInline.getSpec().setInlinePolicies(List.of(policy));
    create(badInline);
    CrossAccountRole tooBig = Resources.role(NAMESPACE, "too-big", "prod-invalid", "TooBig");
    tooBig
        .getSpec()
        .getTrust()
        .setAccountIds(
            new ArrayList<>(IntStream.range(0, 80).mapToObj(i -> "3%011d".formatted(i)).toList()));
    create(tooBig);
    CrossAccountRole reserved =
        Resources.role(NAMESPACE, "reserved-tag", "prod-invalid", "Reserved", DEV);
    reserved.getSpec().setTags(Map.of("xaccount.io/name", "someone-else"));
    create(reserved);

    assertThat(awaitReason("bad-inline", "InvalidSpec").getMessage())
        .contains("spec.inlinePolicies[no-statement].document.Statement");
    assertThat(awaitReason("too-big", "InvalidSpec").getMessage()).contains("2048");
    assertThat(awaitReason("reserved-tag", "InvalidSpec").getMessage()).contains("spec.tags");
    assertThat(writeActions(mark, PROD)).isEmpty();
  }

  @Test
  void aManagedPolicyThatDoesNotExistIsASpecError() {
    account("prod-nopolicy", PROD);
    CrossAccountRole spec =
        Resources.role(NAMESPACE, "no-policy", "prod-nopolicy", "NoPolicy", DEV);
    spec.getSpec().setManagedPolicyArns(List.of("arn:aws:iam::aws:policy/DoesNotExist"));
    create(spec);

    Condition invalid = awaitReason("no-policy", "InvalidSpec");

    assertThat(invalid.getMessage()).contains("spec.managedPolicyArns").contains("DoesNotExist");
  }

  @Test
  void aNamespaceTheAccountDoesNotAllowIsForbiddenWithoutAnyIamCall() {
    account("prod-closed", PROD);
    long mark = emulator().calls().mark();
    CrossAccountRole spec = Resources.role("intruders", "sneaky", "prod-closed", "Sneaky", DEV);
    client.resource(spec).create();

    Condition forbidden =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> {
                  CrossAccountRole r =
                      client
                          .resources(CrossAccountRole.class)
                          .inNamespace("intruders")
                          .withName("sneaky")
                          .get();
                  return r.getStatus() == null ? null : r.getStatus().readyCondition().orElse(null);
                },
                c -> c != null && "Forbidden".equals(c.getReason()));

    assertThat(forbidden.getMessage()).contains("does not allow namespace intruders");
    assertThat(iamCalls(mark, PROD)).isEmpty();
  }

  private static Tag tag(String key, String value) {
    return Tag.builder().key(key).value(value).build();
  }
}
