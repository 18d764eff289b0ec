package io.xaccount.operator.reconciler.role;

import static io.xaccount.operator.testsupport.EmulatorResource.DEV;
import static io.xaccount.operator.testsupport.EmulatorResource.PROD;
import static io.xaccount.operator.testsupport.EmulatorResource.adminIam;
import static io.xaccount.operator.testsupport.EmulatorResource.emulator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.xaccount.emulator.knobs.Call;
import io.xaccount.operator.api.v1alpha1.Adoption;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrantSpec;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.GrantPrincipals;
import io.xaccount.operator.api.v1alpha1.GrantTarget;
import io.xaccount.operator.api.v1alpha1.ManagementPolicy;
import io.xaccount.operator.api.v1alpha1.PlannedChange;
import io.xaccount.operator.api.v1alpha1.RoleRef;
import io.xaccount.operator.reconciler.NotOurs;
import io.xaccount.operator.testsupport.Edits;
import io.xaccount.operator.testsupport.KubeSystem;
import io.xaccount.operator.testsupport.Ready;
import io.xaccount.operator.testsupport.Resources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * spec.managementPolicy Plan and Observe end to end: the plan in status is what Manage then does,
 * call for call; Observe reports drift; neither writes or deletes anything in IAM (the emulator's
 * call log says so).
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = KubeSystem.class)
class PlanModeTest extends RoleTestSupport {
  private static final String READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";
  private static final String POWER_USER = "arn:aws:iam::aws:policy/PowerUserAccess";
  private static final String ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";

  @Test
  void aPlanOfBothHalvesWritesNothingAndManageThenMakesExactlyThePlannedCalls() {
    account("plan-prod", PROD);
    account("plan-dev", DEV);
    ensureGroup("plan-developers");
    CrossAccountRole role = Resources.role(NAMESPACE, "planned", "plan-prod", "PlannedRole", DEV);
    role.getSpec().setManagedPolicyArns(List.of(READ_ONLY));
    role.getSpec().setInlinePolicies(List.of(inline("deny-iam", "iam:*")));
    role.getSpec().setManagementPolicy(ManagementPolicy.Plan);
    AssumeRoleGrant grant = grant("planned-grant", "planned", "plan-developers");
    grant.getSpec().setManagementPolicy(ManagementPolicy.Plan);
    long mark = emulator().calls().mark();

    create(role);
    Condition planned = awaitReason("planned", "Planned");
    client.resource(grant).create();
    Condition grantPlanned = awaitGrantReason("planned-grant", "Planned");

    String arn = "arn:aws:iam::" + PROD + ":role/PlannedRole";
    List<PlannedChange> roleChanges = get("planned").getStatus().getPlannedChanges();
    assertThat(roleChanges)
        .extracting(PlannedChange::getAction)
        .containsExactly("CreateRole", "PutRolePolicy", "AttachRolePolicy");
    assertThat(roleChanges).extracting(PlannedChange::getTarget).containsOnly(arn);
    assertThat(roleChanges.get(0).getDiff())
        .contains("+ Path: \"/\"")
        .anyMatch(l -> l.startsWith("+ AssumeRolePolicyDocument.Statement") && l.contains(DEV));
    assertThat(roleChanges.get(1).getDiff()).anyMatch(l -> l.contains("iam:*"));
    assertThat(roleChanges.get(2).getDiff())
        .containsExactly("+ ManagedPolicy: \"" + READ_ONLY + "\"");
    assertThat(planned.getStatus()).isEqualTo("True");
    assertThat(planned.getMessage()).contains("3 IAM write calls");
    assertThat(get("planned").getStatus().getRoleArn()).isNull();
    List<PlannedChange> grantChanges = grantStatus("planned-grant").getPlannedChanges();
    assertThat(grantChanges)
        .extracting(PlannedChange::getAction)
        .containsExactly("CreatePolicy", "AttachGroupPolicy");
    // The grant's statement names the role the role's plan would create.
    assertThat(grantChanges.get(0).getDiff()).anyMatch(l -> l.contains(arn));
    assertThat(grantPlanned.getStatus()).isEqualTo("True");
    assertThat(writes(mark, PROD)).isEmpty();
    assertThat(writes(mark, DEV)).isEmpty();
    assertThat(emulator().account(PROD).roleNames()).doesNotContain("PlannedRole");

    long switched = emulator().calls().mark();
    edit("planned", r -> managed(r, ManagementPolicy.Manage));
    awaitReason("planned", "Converged");
    List<Call> roleWrites = writes(switched, PROD);
    assertThat(roleWrites).extracting(Call::action).containsExactlyElementsOf(actions(roleChanges));
    assertThat(roleWrites)
        .extracting(c -> "arn:aws:iam::" + PROD + ":role/" + c.entity())
        .containsOnly(arn);
    long grantSwitched = emulator().calls().mark();
    Edits.retrying(
        client.resources(AssumeRoleGrant.class).inNamespace(NAMESPACE).withName("planned-grant"),
        g -> managedGrant(g, ManagementPolicy.Manage));
    awaitGrantReason("planned-grant", "Converged");
    List<Call> grantWrites = writes(grantSwitched, DEV);
    assertThat(grantWrites)
        .extracting(Call::action)
        .containsExactlyElementsOf(actions(grantChanges));
    // Each call names what its planned change named: the policy created, the group attached to.
    for (int i = 0; i < grantWrites.size(); i++) {
      PlannedChange change = grantChanges.get(i);
      String entity = grantWrites.get(i).entity();
      assertThat(List.of(change.getTarget(), change.getSummary()))
          .as("%s %s names %s", change.getAction(), change.getTarget(), entity)
          .anyMatch(named -> named.endsWith("/" + entity) || named.endsWith(" " + entity));
    }
    assertThat(grantStatus("planned-grant").getPolicyArn())
        .isEqualTo(grantChanges.get(0).getTarget());

    // Back to Plan: nothing to do, and still nothing written.
    long again = emulator().calls().mark();
    edit("planned", r -> managed(r, ManagementPolicy.Plan));
    awaitReason("planned", "InSync");
    assertThat(get("planned").getStatus().getPlanHash()).isNotNull();
    assertThat(
            Objects.requireNonNullElse(get("planned").getStatus().getPlannedChanges(), List.of()))
        .isEmpty();
    assertThat(get("planned").getStatus().getRoleArn()).isEqualTo(arn);
    assertThat(writes(again, PROD)).isEmpty();

    // A grant deleted in Plan leaves its statement and attachment where they are.
    String policyArn = grantStatus("planned-grant").getPolicyArn();
    Edits.retrying(
        client.resources(AssumeRoleGrant.class).inNamespace(NAMESPACE).withName("planned-grant"),
        g -> managedGrant(g, ManagementPolicy.Plan));
    awaitGrantReason("planned-grant", "InSync");
    client
        .resources(AssumeRoleGrant.class)
        .inNamespace(NAMESPACE)
        .withName("planned-grant")
        .delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client
                        .resources(AssumeRoleGrant.class)
                        .inNamespace(NAMESPACE)
                        .withName("planned-grant")
                        .get()
                    == null);
    assertThat(writes(again, DEV)).isEmpty();
    assertThat(
            adminIam(DEV)
                .listAttachedGroupPolicies(r -> r.groupName("plan-developers"))
                .attachedPolicies())
        .extracting(AttachedPolicy::policyArn)
        .containsExactly(policyArn);
    assertThat(eventMessages("planned-grant")).anyMatch(m -> m.contains("nothing was deleted"));
  }

  @Test
  void observeReportsDriftAsTheCallsThatWouldUndoItAndDeletingLeavesTheRole() {
    account("observe-prod", PROD);
    CrossAccountRole role =
        Resources.role(NAMESPACE, "watched", "observe-prod", "WatchedRole", DEV);
    role.getSpec().setManagedPolicyArns(List.of(READ_ONLY));
    create(role);
    awaitConverged("watched");
    adminIam(PROD).attachRolePolicy(r -> r.roleName("WatchedRole").policyArn(POWER_USER));
    adminIam(PROD)
        .updateAssumeRolePolicy(
            r ->
                r.roleName("WatchedRole")
                    .policyDocument(
                        """
                        {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
                        "Principal":{"AWS":["arn:aws:iam::%s:root","arn:aws:iam::%s:root"]},\
                        "Action":"sts:AssumeRole"}]}"""
                            .formatted(DEV, PROD)));
    long mark = emulator().calls().mark();

    edit("watched", r -> managed(r, ManagementPolicy.Observe));
    Condition drifted = awaitReason("watched", "Drifted");

    List<PlannedChange> changes = get("watched").getStatus().getPlannedChanges();
    assertThat(changes)
        .extracting(PlannedChange::getAction)
        .containsExactly("UpdateAssumeRolePolicy", "DetachRolePolicy");
    // Only what differs: the Sid the operator renders, and the principal added out of band.
    assertThat(changes.get(0).getDiff())
        .containsExactly(
            "- Statement[TrustedPrincipals].Principal.AWS: \"arn:aws:iam::" + PROD + ":root\"",
            "+ Statement[TrustedPrincipals].Sid: \"TrustedPrincipals\"");
    assertThat(changes.get(1).getDiff()).containsExactly("- ManagedPolicy: \"" + POWER_USER + "\"");
    assertThat(drifted.getStatus()).isEqualTo("True");
    assertThat(writes(mark, PROD)).isEmpty();

    client.resource(get("watched")).delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> get("watched") == null);
    assertThat(writes(mark, PROD)).isEmpty();
    assertThat(emulator().account(PROD).roleNames()).contains("WatchedRole");
    assertThat(eventMessages("watched"))
        .anyMatch(m -> m.contains("nothing was deleted in IAM") && m.contains("WatchedRole"));
    adminIam(PROD).detachRolePolicy(r -> r.roleName("WatchedRole").policyArn(POWER_USER));
    adminIam(PROD).detachRolePolicy(r -> r.roleName("WatchedRole").policyArn(READ_ONLY));
    adminIam(PROD).deleteRole(r -> r.roleName("WatchedRole"));
  }

  @Test
  void observeOfALegacyRoleShowsDriftOnlyWhereItsAdoptionIsAllowed() {
    AwsAccount account = Resources.account("migrate-prod", PROD, NAMESPACE);
    Adoption adoption = new Adoption();
    adoption.setNamespaces(new ArrayList<>(List.of(NAMESPACE)));
    adoption.setRoles(new ArrayList<>(List.of("/legacy/*")));
    account.getSpec().setAdoption(adoption);
    Ready.createAccount(client, account);
    for (String name : List.of("LegacyOps", "SecretOps")) {
      String path = name.equals("LegacyOps") ? "/legacy/" : "/";
      adminIam(PROD)
          .createRole(
              r ->
                  r.roleName(name)
                      .path(path)
                      .assumeRolePolicyDocument(
                          """
                          {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
                          "Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":"sts:AssumeRole"}]}"""
                              .formatted(DEV))
                      .tags(Tag.builder().key("owner").value("secteam").build()));
      adminIam(PROD).attachRolePolicy(r -> r.roleName(name).policyArn(ADMIN));
    }
    long mark = emulator().calls().mark();

    CrossAccountRole legacy = migrating("legacy", "LegacyOps", "/legacy/");
    CrossAccountRole secret = migrating("secret", "SecretOps", "/");
    create(legacy);
    create(secret);
    Condition drifted = awaitReason("legacy", "Drifted");
    Condition refused = awaitReason("secret", "NameConflict");

    List<PlannedChange> changes = get("legacy").getStatus().getPlannedChanges();
    assertThat(changes)
        .extracting(PlannedChange::getAction)
        .containsExactly(
            "TagRole",
            "UntagRole",
            "UpdateAssumeRolePolicy",
            "DetachRolePolicy",
            "AttachRolePolicy");
    assertThat(changes.get(0).getSummary()).startsWith("adopt role /legacy/LegacyOps");
    assertThat(changes.get(0).getDiff())
        .contains("+ Tags.xaccount.io/adopted: \"(the time of adoption)\"");
    assertThat(drifted.getStatus()).isEqualTo("True");
    assertThat(refused.getStatus()).isEqualTo("False");
    // Not adoptable (no pattern matches it): told as any name that is not this resource's.
    assertThat(refused.getMessage()).isEqualTo(NotOurs.ROLE_NAME.formatted("SecretOps"));
    String secretStatus = String.valueOf(get("secret").getStatus().getPlannedChanges());
    assertThat(secretStatus).isEqualTo("null");
    assertThat(Serialization.asJson(get("secret").getStatus()) + eventMessages("secret"))
        .doesNotContain("AdministratorAccess", "secteam", "spec.adoption.roles");
    assertThat(writes(mark, PROD)).isEmpty();
    assertThat(adminIam(PROD).listRoleTags(r -> r.roleName("LegacyOps")).tags())
        .extracting(Tag::key)
        .containsExactly("owner");

    client.resource(get("legacy")).delete();
    client.resource(get("secret")).delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> get("legacy") == null && get("secret") == null);
    assertThat(writes(mark, PROD)).isEmpty();
    for (String name : List.of("LegacyOps", "SecretOps")) {
      assertThat(adminIam(PROD).listAttachedRolePolicies(r -> r.roleName(name)).attachedPolicies())
          .extracting(AttachedPolicy::policyArn)
          .containsExactly(ADMIN);
      adminIam(PROD).detachRolePolicy(r -> r.roleName(name).policyArn(ADMIN));
      adminIam(PROD).deleteRole(r -> r.roleName(name));
    }
  }

  @Test
  void aPlanIsRefusedWhereManageWouldBe() {
    account("refuse-prod", PROD);
    long mark = emulator().calls().mark();
    CrossAccountRole otherPartition =
        Resources.role(NAMESPACE, "elsewhere", "refuse-prod", "Elsewhere", DEV);
    otherPartition
        .getSpec()
        .getTrust()
        .setPrincipalArns(List.of("arn:aws-cn:iam::" + DEV + ":role/Somebody"));
    otherPartition.getSpec().setManagementPolicy(ManagementPolicy.Plan);
    CrossAccountRole operatorRole =
        Resources.role(NAMESPACE, "operator", "refuse-prod", "XAccount-Operator", DEV);
    operatorRole.getSpec().setManagementPolicy(ManagementPolicy.Plan);
    create(otherPartition);
    create(operatorRole);

    Condition invalid = awaitReason("elsewhere", "InvalidSpec");
    Condition conflict = awaitReason("operator", "NameConflict");

    assertThat(invalid.getMessage()).contains("is not in partition aws");
    assertThat(conflict.getMessage()).isEqualTo(NotOurs.ROLE_NAME.formatted("XAccount-Operator"));
    assertThat(get("operator").getStatus().getPlannedChanges()).isNull();
    assertThat(get("operator").getStatus().getRoleArn()).isNull();
    assertThat(Serialization.asJson(get("operator").getStatus()) + eventMessages("operator"))
        .doesNotContain("xaccount-operator", "acts as");
    assertThat(writes(mark, PROD)).isEmpty();
  }

  private CrossAccountRole migrating(String name, String roleName, String path) {
    CrossAccountRole role = Resources.role(NAMESPACE, name, "migrate-prod", roleName, DEV);
    role.getSpec().setPath(path);
    role.getSpec().setManagedPolicyArns(List.of(READ_ONLY));
    role.getSpec().setManagementPolicy(ManagementPolicy.Observe);
    role.getMetadata().setAnnotations(Map.of("xaccount.io/adopt", "true"));
    return role;
  }

  private static CrossAccountRole managed(CrossAccountRole role, ManagementPolicy policy) {
    role.getSpec().setManagementPolicy(policy);
    return role;
  }

  private static AssumeRoleGrant managedGrant(AssumeRoleGrant grant, ManagementPolicy policy) {
    grant.getSpec().setManagementPolicy(policy);
    return grant;
  }

  private static AssumeRoleGrant grant(String name, String roleRef, String group) {
    AssumeRoleGrant grant = new AssumeRoleGrant();
    grant.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
    AssumeRoleGrantSpec spec = new AssumeRoleGrantSpec();
    spec.setAccountRef("plan-dev");
    GrantTarget target = new GrantTarget();
    RoleRef ref = new RoleRef();
    ref.setName(roleRef);
    target.setRoleRef(ref);
    spec.setTarget(target);
    GrantPrincipals principals = new GrantPrincipals();
    principals.setGroups(new ArrayList<>(List.of(group)));
    spec.setPrincipals(principals);
    grant.setSpec(spec);
    return grant;
  }

  private Condition awaitGrantReason(String name, String reason) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                Ready.of(
                    client
                        .resources(AssumeRoleGrant.class)
                        .inNamespace(NAMESPACE)
                        .withName(name)
                        .get()),
            c -> c != null && reason.equals(c.getReason()));
  }

  private io.xaccount.operator.api.v1alpha1.AssumeRoleGrantStatus grantStatus(String name) {
    return client
        .resources(AssumeRoleGrant.class)
        .inNamespace(NAMESPACE)
        .withName(name)
        .get()
        .getStatus();
  }

  private static List<String> actions(List<PlannedChange> changes) {
    return changes.stream().map(PlannedChange::getAction).toList();
  }

  /** Successful IAM writes in the account since the mark, in order. */
  private static List<Call> writes(long mark, String accountId) {
    return iamCalls(mark, accountId).stream()
        .filter(Call::isWrite)
        .filter(Call::succeeded)
        .toList();
  }

  private static void ensureGroup(String name) {
    try {
      adminIam(DEV).getGroup(r -> r.groupName(name));
    } catch (NoSuchEntityException e) {
      emulator().account(DEV).createGroup(name);
    }
  }
}
