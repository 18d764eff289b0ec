package io.xaccount.operator.reconciler.guardrails;

import static io.xaccount.operator.testsupport.EmulatorResource.DEV;
import static io.xaccount.operator.testsupport.EmulatorResource.PROD;
import static io.xaccount.operator.testsupport.EmulatorResource.adminIam;
import static io.xaccount.operator.testsupport.EmulatorResource.emulator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.xaccount.emulator.knobs.Call;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrantSpec;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.GrantPrincipals;
import io.xaccount.operator.api.v1alpha1.GrantTarget;
import io.xaccount.operator.api.v1alpha1.Guardrails;
import io.xaccount.operator.api.v1alpha1.InlinePolicy;
import io.xaccount.operator.api.v1alpha1.ManagementPolicy;
import io.xaccount.operator.api.v1alpha1.RoleRef;
import io.xaccount.operator.testsupport.Edits;
import io.xaccount.operator.testsupport.KubeSystem;
import io.xaccount.operator.testsupport.Ready;
import io.xaccount.operator.testsupport.Resources;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/**
 * Issue 11's holes, one row each: a tenant allowed on the accounts tries to get more than they
 * allow (escalating grants, action-pattern bypasses, documents IAM refuses, other namespaces'
 * roles). Each row ends terminal, naming the rule or field, with zero IAM writes in any account.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = KubeSystem.class)
class GuardrailHolesTest {
  private static final String NS = "holes";
  private static final String OTHER_NS = "holes-neighbour";
  private static final String ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";
  private static final String POWER_USER = "arn:aws:iam::aws:policy/PowerUserAccess";
  private static final String UNPUBLISHED = "arn:aws:iam::aws:policy/DoesNotExist";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Every principal a grant may not use, whosever it is. */
  private static final String NOT_AVAILABLE =
      " is not available as a grant's principal: the operator never attaches a grant to its own"
          + " identities, nor to a role another namespace's CrossAccountRole manages unless that"
          + " role lists this namespace in its spec.allowedGrantNamespaces.";

  @Inject KubernetesClient client;

  @BeforeEach
  void accounts() {
    if (!emulator().account(DEV).roleNames().contains("OrgAdmin")) {
      // An administrators' role in Dev trusting Dev's root: any identity policy there decides.
      emulator()
          .account(DEV)
          .createRole(
              "OrgAdmin",
              """
              {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
              "Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":"sts:AssumeRole"}]}"""
                  .formatted(DEV));
      adminIam(DEV).attachRolePolicy(r -> r.roleName("OrgAdmin").policyArn(ADMIN));
    }
    ensurePeople();
    AwsAccount prod = Resources.account("holes-prod", PROD, NS, OTHER_NS);
    // Listed exactly, the owner's decision is trusted without the operator's data knowing the
    // policy: IAM is then the one to say it does not exist.
    prod.getSpec().getGuardrails().getAllowedManagedPolicyArns().add(UNPUBLISHED);
    Ready.createAccount(client, prod);
    AwsAccount dev = Resources.account("holes-dev", DEV, NS, OTHER_NS);
    Guardrails guardrails = new Guardrails();
    guardrails.setAllowedTargetRoleArns(List.of("arn:aws:iam::" + PROD + ":role/Allowed*"));
    guardrails.setAllowedGrantPrincipals(List.of("group/developers", "user/alice"));
    dev.getSpec().setGuardrails(guardrails);
    Ready.createAccount(client, dev);
  }

  @AfterEach
  void cleanUp() {
    Resources.deleteAll(client);
  }

  static Stream<Arguments> grants() {
    String prodRole = "arn:aws:iam::" + PROD + ":role/";
    return Stream.of(
        grant(
            "a same-account admin role by ARN",
            t -> t.setRoleArn("arn:aws:iam::" + DEV + ":role/OrgAdmin"),
            p -> p.setUsers(List.of("alice")),
            "Forbidden",
            "is a role of this account"),
        grant(
            "a role of another account the allow-list does not name",
            t -> t.setRoleArn(prodRole + "CrossAccountSignin"),
            p -> p.setUsers(List.of("alice")),
            "Forbidden",
            "allowedTargetRoleArns"),
        grant(
            "the operator's own role by ARN, refused as any role the patterns do not list",
            t -> t.setRoleArn(prodRole + "xaccount-operator"),
            p -> p.setUsers(List.of("alice")),
            "Forbidden",
            "matches none of allowedTargetRoleArns"),
        grant(
            "the operator's own role as a principal, any case",
            t -> t.setRoleArn(prodRole + "AllowedReader"),
            p -> p.setRoles(List.of("XAccount-Operator")),
            "Forbidden",
            "role/XAccount-Operator" + NOT_AVAILABLE),
        grant(
            "a principal outside allowedGrantPrincipals",
            t -> t.setRoleArn(prodRole + "AllowedReader"),
            p -> p.setUsers(List.of("bob")),
            "Forbidden",
            "allowedGrantPrincipals"),
        grant(
            "another namespace's CrossAccountRole that did not consent",
            t -> t.setRoleRef(ref(OTHER_NS, "neighbour-role")),
            p -> p.setUsers(List.of("alice")),
            "Forbidden",
            "spec.allowedGrantNamespaces"));
  }

  /**
   * Every row as it is, and the operator's identities and another namespace's role asked for in
   * Plan too: the same refusal, no plan.
   */
  static Stream<Arguments> grantsAndPlans() {
    List<Arguments> all = grants().toList();
    Stream<Arguments> managed = all.stream().map(a -> with(a, ManagementPolicy.Manage));
    Stream<Arguments> planned =
        Stream.of(all.get(2), all.get(3), all.get(5)).map(a -> with(a, ManagementPolicy.Plan));
    return Stream.concat(managed, planned);
  }

  private static Arguments with(Arguments row, ManagementPolicy policy) {
    Object[] args = row.get();
    return Arguments.of(args[0], args[1], args[2], args[3], args[4], policy);
  }

  @ParameterizedTest(name = "{5}: {0}")
  @MethodSource("grantsAndPlans")
  void aGrantCannotReachBeyondTheAccountsGuardrails(
      String name,
      Consumer<GrantTarget> target,
      Consumer<GrantPrincipals> principals,
      String reason,
      String says,
      ManagementPolicy policy) {
    Ready.createRole(client, neighbourRole(List.of()));
    long mark = emulator().calls().mark();
    AssumeRoleGrant grant = grant(target, principals);
    grant.getSpec().setManagementPolicy(policy);

    client.resource(grant).create();

    Condition refused = awaitReason(AssumeRoleGrant.class, "escalation", reason);
    assertThat(refused.getMessage()).contains(says);
    assertThat(get(AssumeRoleGrant.class, "escalation").getStatus().getPlannedChanges()).isNull();
    assertThat(emulator().calls().writesSince(mark)).isEmpty();
  }

  @Test
  void anotherNamespacesRoleIsNotAPrincipalToAttachPoliciesTo() {
    CrossAccountRole victim =
        Ready.createRole(
            client, Resources.role(OTHER_NS, "dev-neighbour", "holes-dev", "DevNeighbour", PROD));
    long mark = emulator().calls().mark();

    client
        .resource(
            grant(
                t -> t.setRoleArn("arn:aws:iam::" + PROD + ":role/AllowedReader"),
                p -> p.setRoles(List.of("devneighbour"))))
        .create();

    Condition refused = awaitReason(AssumeRoleGrant.class, "escalation", "Forbidden");
    // The same words as for the operator's own identity: which namespace manages the role is
    // not this namespace's to learn.
    assertThat(refused.getMessage()).contains("role/devneighbour" + NOT_AVAILABLE);
    assertThat(Serialization.asJson(get(AssumeRoleGrant.class, "escalation").getStatus()))
        .doesNotContain(OTHER_NS, "dev-neighbour", victim.getMetadata().getUid());
    assertThat(emulator().calls().writesSince(mark)).isEmpty();
    assertThat(
            adminIam(DEV)
                .listAttachedRolePolicies(r -> r.roleName("DevNeighbour"))
                .attachedPolicies())
        .isEmpty();
    assertThat(victim.getStatus().getRoleArn()).endsWith(":role/DevNeighbour");
  }

  @Test
  void aRoleStatusPointedElsewhereDoesNotCarryARoleRefGrantPastTheGuardrails() {
    // Anyone with rights on the status subresource aims the namespace's own role at Dev's
    // administrators' role, which the guardrails refuse by ARN, and grants the role by roleRef.
    Ready.createRole(client, Resources.role(NS, "own-role", "holes-prod", "OwnRole", DEV));
    String orgAdmin = "arn:aws:iam::" + DEV + ":role/OrgAdmin";
    Resources.editStatus(
        client, CrossAccountRole.class, NS, "own-role", status -> status.setRoleArn(orgAdmin));
    long mark = emulator().calls().mark();

    client.resource(grant(t -> t.setRoleRef(ref(null, "own-role")), alice())).create();

    Condition refused = awaitReason(AssumeRoleGrant.class, "escalation", "TargetNotReady");
    assertThat(refused.getMessage())
        .contains(orgAdmin)
        .contains("not the role its spec names (arn:aws:iam::" + PROD + ":role/OwnRole)");
    assertThat(emulator().calls().writesSince(mark)).isEmpty();
    assertThat(adminIam(DEV).listAttachedUserPolicies(r -> r.userName("alice")).attachedPolicies())
        .isEmpty();
  }

  @Test
  void aNamespaceMayReferenceAnotherNamespacesRoleOnceThatRoleConsents() {
    Ready.createRole(client, neighbourRole(List.of(NS)));
    client.resource(grant(t -> t.setRoleRef(ref(OTHER_NS, "neighbour-role")), alice())).create();

    AssumeRoleGrant granted =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> get(AssumeRoleGrant.class, "escalation"), g -> isReady(g));

    assertThat(granted.getStatus().getRoleArn()).endsWith(":role/NeighbourRole");
  }

  @Test
  void groupNamesCompareAsIamComparesThemAndAResyncWritesNothing() {
    client
        .resource(
            grant(
                t -> t.setRoleArn("arn:aws:iam::" + PROD + ":role/AllowedReader"),
                p -> p.setGroups(List.of("Developers"))))
        .create();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> get(AssumeRoleGrant.class, "escalation"), g -> isReady(g));
    long mark = emulator().calls().mark();

    Edits.retrying(
        client.resources(AwsAccount.class).withName("holes-dev"),
        a -> {
          a.getSpec().getAllowedNamespaces().getNames().add("resync");
          return a;
        });

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                emulator().calls().since(mark).stream()
                    .anyMatch(c -> c.action().equals("ListEntitiesForPolicy")));
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(10))
        .until(() -> emulator().calls().writesSince(mark).isEmpty());
  }

  static Stream<Arguments> inlinePolicies() {
    return Stream.of(
        inline("iam:?* slips past a literal iam:* check", allow("iam:?*"), "deniedInlineActions"),
        inline("iam:*? likewise", allow("iam:*?"), "deniedInlineActions"),
        inline("a wildcard in the service", allow("i?m:*"), "deniedInlineActions"),
        inline("upper case", allow("IAM:*"), "deniedInlineActions"),
        inline("PassRole alone escalates", allow("iam:PassRole"), "deniedInlineActions"),
        inline("sts:* chains into other roles", allow("sts:*"), "deniedInlineActions"),
        inline(
            "NotAction with Allow allows everything it does not name",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"NotAction\":\"s3:*\",\"Resource\":\"*\"}]}",
            "NotAction"),
        inline(
            "a typo in Resource",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\","
                + "\"Action\":\"aws-portal:*\",\"Resourse\":\"*\"}]}",
            "spec.inlinePolicies[guard].document.Statement[0]: unknown element \"Resourse\""),
        inline(
            "a typo in Effect",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Alow\","
                + "\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}",
            "spec.inlinePolicies[guard].document.Statement[0].Effect"),
        inline(
            "a typo in Action",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\","
                + "\"Actions\":\"aws-portal:*\",\"Resource\":\"*\"}]}",
            "unknown element \"Actions\""),
        inline(
            "a Sid IAM refuses",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"deny-billing\","
                + "\"Effect\":\"Deny\",\"Action\":\"aws-portal:*\",\"Resource\":\"*\"}]}",
            "Statement[0].Sid"),
        inline(
            "a condition operator IAM does not know",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\","
                + "\"Action\":\"s3:*\",\"Resource\":\"*\",\"Condition\":{\"StringEqualsMaybe\":"
                + "{\"aws:RequestedRegion\":\"us-east-1\"}}}]}",
            "\"StringEqualsMaybe\" is not a condition operator IAM knows"),
        inline(
            "Null has no IfExists form",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\","
                + "\"Action\":\"s3:*\",\"Resource\":\"*\",\"Condition\":{\"NullIfExists\":"
                + "{\"aws:TokenIssueTime\":\"true\"}}}]}",
            "\"NullIfExists\" is not a condition operator IAM knows"),
        inline(
            "one Sid for two different statements",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Guard\",\"Effect\":\"Deny\","
                + "\"Action\":\"aws-portal:*\",\"Resource\":\"*\"},{\"Sid\":\"Guard\","
                + "\"Effect\":\"Deny\",\"Action\":\"budgets:*\",\"Resource\":\"*\"}]}",
            "is used by another statement"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inlinePolicies")
  void anInlinePolicyIamOrTheGuardrailsWouldRefuseChangesNothing(
      String name, String document, String says) throws Exception {
    long mark = emulator().calls().mark();
    CrossAccountRole role = Resources.role(NS, "inline", "holes-prod", "HolesInline", DEV);
    role.getSpec().setManagedPolicyArns(List.of(POWER_USER));
    InlinePolicy policy = new InlinePolicy();
    policy.setName("guard");
    policy.setDocument(JSON.readTree(document));
    role.getSpec().setInlinePolicies(List.of(policy));
    client.resource(role).create();

    Condition refused =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> Ready.of(get(CrossAccountRole.class, "inline")),
                c -> c != null && c.getReason() != null);
    assertThat(refused.getReason()).isIn("Forbidden", "InvalidSpec");
    assertThat(refused.getMessage()).contains(says);
    assertThat(emulator().calls().writesSince(mark)).isEmpty();
    assertThat(emulator().account(PROD).roleNames()).doesNotContain("HolesInline");
  }

  @Test
  void aManagedPolicyOfAnotherPartitionChangesNothing() {
    long mark = emulator().calls().mark();
    CrossAccountRole role = Resources.role(NS, "partition", "holes-prod", "HolesPartition", DEV);
    role.getSpec().setManagedPolicyArns(List.of("arn:aws-cn:iam::aws:policy/ReadOnlyAccess"));
    client.resource(role).create();

    Condition refused =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> Ready.of(get(CrossAccountRole.class, "partition")),
                c -> c != null && c.getReason() != null);
    assertThat(refused.getReason()).isEqualTo("InvalidSpec");
    assertThat(refused.getMessage()).contains("is in partition aws-cn");
    assertThat(emulator().calls().writesSince(mark)).isEmpty();
    assertThat(emulator().account(PROD).roleNames()).doesNotContain("HolesPartition");
  }

  @Test
  void aRoleHalfBuiltByAFailedWriteCarriesItsGuardsAndIsReported() throws Exception {
    long mark = emulator().calls().mark();
    CrossAccountRole role = Resources.role(NS, "half", "holes-prod", "HolesHalf", DEV);
    role.getSpec().setManagedPolicyArns(List.of(POWER_USER, UNPUBLISHED));
    InlinePolicy deny = new InlinePolicy();
    deny.setName("deny-billing");
    deny.setDocument(
        JSON.readTree(
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\","
                + "\"Action\":\"aws-portal:*\",\"Resource\":\"*\"}]}"));
    role.getSpec().setInlinePolicies(List.of(deny));
    client.resource(role).create();

    Condition invalid = awaitReason(CrossAccountRole.class, "half", "InvalidSpec");

    assertThat(invalid.getMessage()).contains("spec.managedPolicyArns").contains("DoesNotExist");
    CrossAccountRole reported = get(CrossAccountRole.class, "half");
    assertThat(reported.getStatus().getRoleArn())
        .isEqualTo("arn:aws:iam::" + PROD + ":role/HolesHalf");
    List<String> writes =
        emulator().calls().writesSince(mark).stream()
            .filter(c -> PROD.equals(c.accountId()))
            .filter(Call::succeeded)
            .map(Call::action)
            .toList();
    // The guard is in place before anything is attached.
    assertThat(writes).startsWith("CreateRole", "PutRolePolicy");
    assertThat(adminIam(PROD).listRolePolicies(r -> r.roleName("HolesHalf")).policyNames())
        .containsExactly("deny-billing");
    assertThat(
            client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> "half".equals(e.getInvolvedObject().getName()))
                .filter(e -> "Warning".equals(e.getType())))
        .anyMatch(e -> e.getMessage().contains("DoesNotExist"));
    assertThat(
            adminIam(PROD)
                .listAttachedRolePolicies(r -> r.roleName("HolesHalf"))
                .attachedPolicies()
                .stream()
                .map(AttachedPolicy::policyArn))
        .doesNotContain(UNPUBLISHED);
  }

  @Test
  void trustThatNarrowsNothingIsCalledOut() {
    CrossAccountRole role = Resources.role(NS, "wide", "holes-prod", "HolesWide", DEV);
    role.getSpec()
        .getTrust()
        .setPrincipalArnPatterns(
            List.of("arn:aws:iam::" + DEV + ":role/aws-reserved/sso.amazonaws.com/*"));
    CrossAccountRole converged = Ready.createRole(client, role);

    assertThat(converged.getStatus().getWarnings())
        .singleElement()
        .asString()
        .contains("trusts every principal of account " + DEV)
        .contains("restrict nothing");
  }

  private static Arguments grant(
      String name,
      Consumer<GrantTarget> target,
      Consumer<GrantPrincipals> principals,
      String reason,
      String says) {
    return Arguments.of(name, target, principals, reason, says);
  }

  private static Arguments inline(String name, String document, String says) {
    return Arguments.of(name, document, says);
  }

  private static String allow(String action) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\""
        + action
        + "\",\"Resource\":\"*\"}]}";
  }

  private static Consumer<GrantPrincipals> alice() {
    return p -> p.setUsers(List.of("alice"));
  }

  private static RoleRef ref(String namespace, String name) {
    RoleRef ref = new RoleRef();
    ref.setNamespace(namespace);
    ref.setName(name);
    return ref;
  }

  private static CrossAccountRole neighbourRole(List<String> allowedGrantNamespaces) {
    CrossAccountRole role =
        Resources.role(OTHER_NS, "neighbour-role", "holes-prod", "NeighbourRole", DEV);
    role.getSpec().setAllowedGrantNamespaces(new ArrayList<>(allowedGrantNamespaces));
    return role;
  }

  private static AssumeRoleGrant grant(
      Consumer<GrantTarget> target, Consumer<GrantPrincipals> principals) {
    AssumeRoleGrant grant = new AssumeRoleGrant();
    grant.setMetadata(new ObjectMetaBuilder().withName("escalation").withNamespace(NS).build());
    AssumeRoleGrantSpec spec = new AssumeRoleGrantSpec();
    spec.setAccountRef("holes-dev");
    GrantTarget t = new GrantTarget();
    target.accept(t);
    spec.setTarget(t);
    GrantPrincipals p = new GrantPrincipals();
    principals.accept(p);
    spec.setPrincipals(p);
    grant.setSpec(spec);
    return grant;
  }

  private static void ensurePeople() {
    var dev = emulator().account(DEV);
    for (String user : List.of("alice", "bob")) {
      try {
        adminIam(DEV).getUser(r -> r.userName(user));
      } catch (NoSuchEntityException e) {
        dev.createUser(user);
      }
    }
    try {
      adminIam(DEV).getGroup(r -> r.groupName("developers"));
    } catch (NoSuchEntityException e) {
      dev.createGroup("developers");
    }
  }

  private <R extends CustomResource<?, ?>> R get(Class<R> type, String name) {
    return client.resources(type).inNamespace(NS).withName(name).get();
  }

  private static boolean isReady(AssumeRoleGrant grant) {
    Condition ready = Ready.of(grant);
    return ready != null && "True".equals(ready.getStatus());
  }

  private <R extends CustomResource<?, ?>> Condition awaitReason(
      Class<R> type, String name, String reason) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              R resource = get(type, name);
              if (resource instanceof AssumeRoleGrant g) {
                return Ready.of(g);
              }
              return resource instanceof CrossAccountRole r ? Ready.of(r) : null;
            },
            c -> c != null && reason.equals(c.getReason()));
  }
}
