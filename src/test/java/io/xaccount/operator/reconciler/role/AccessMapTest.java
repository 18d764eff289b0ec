package io.xaccount.operator.reconciler.role;

import static io.xaccount.operator.testsupport.EmulatorResource.DEV;
import static io.xaccount.operator.testsupport.EmulatorResource.OTHER;
import static io.xaccount.operator.testsupport.EmulatorResource.PROD;
import static io.xaccount.operator.testsupport.EmulatorResource.adminIam;
import static io.xaccount.operator.testsupport.EmulatorResource.emulator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.xaccount.emulator.knobs.Call;
import io.xaccount.operator.api.v1alpha1.AccessGrant;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.GrantPhase;
import io.xaccount.operator.api.v1alpha1.GrantTarget;
import io.xaccount.operator.api.v1alpha1.Guardrails;
import io.xaccount.operator.api.v1alpha1.RoleAccess;
import io.xaccount.operator.testsupport.Edits;
import io.xaccount.operator.testsupport.KubeSystem;
import io.xaccount.operator.testsupport.Resources;
import io.xaccount.operator.testsupport.Sts;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/**
 * The access map end to end: a role's status.access lists the grants of the cluster that target it
 * and warns where the halves do not fit, and keeping it current reads nothing in IAM.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = KubeSystem.class)
class AccessMapTest extends RoleTestSupport {
  private static final String TENANT = "team-b";

  @BeforeEach
  void accounts() {
    try {
      adminIam(DEV).getUser(r -> r.userName("alice"));
    } catch (NoSuchEntityException e) {
      emulator().account(DEV).createUser("alice");
    }
    account("prod", PROD);
    AwsAccount dev = Resources.account("dev", DEV, NAMESPACE, TENANT);
    Guardrails guardrails = new Guardrails();
    guardrails.setAllowedTargetAccountIds(List.of(PROD));
    dev.getSpec().setGuardrails(guardrails);
    client.resource(dev).create();
  }

  @Test
  void mapListsTheGrantsOfEveryNamespaceWarnsAndFollowsThemWithoutIamCalls() {
    create(Resources.role(NAMESPACE, "two-accounts", "prod", "AccessTwoAccounts", DEV, OTHER));
    create(Resources.role(NAMESPACE, "second", "prod", "AccessSecond", DEV));
    String roleArn = awaitConverged("two-accounts").getStatus().getRoleArn();
    String secondArn = awaitConverged("second").getStatus().getRoleArn();
    RoleAccess before = awaitSettled("two-accounts").getStatus().getAccess();
    assertThat(before.getTrust().getAccountIds()).containsExactly(DEV, OTHER);
    assertThat(before.getGrants()).isEmpty();
    long mark = emulator().calls().mark();

    client
        .resource(grant(NAMESPACE, "dev-engineers", Resources.roleRef("two-accounts", null)))
        .create();
    // Another namespace: by ARN (its account allows the target), and by roleRef without the
    // role's consent, which the operator refuses; neither can hide from the role's owners.
    client.resource(grant(TENANT, "by-arn", Resources.roleArn(roleArn))).create();
    client.resource(grant(TENANT, "by-ref", Resources.roleRef("two-accounts", NAMESPACE))).create();

    RoleAccess access =
        awaitAccess(
            "two-accounts",
            a ->
                phases(a).equals(List.of(GrantPhase.Active, GrantPhase.Active, GrantPhase.Failed)));
    assertThat(access.getGrants())
        .extracting(g -> g.getNamespace() + "/" + g.getName() + " " + g.getVia())
        .containsExactly(
            NAMESPACE + "/dev-engineers roleRef",
            TENANT + "/by-arn roleArn",
            TENANT + "/by-ref roleRef");
    AccessGrant listed = access.getGrants().get(0);
    assertThat(listed.getAccountId()).isEqualTo(DEV);
    assertThat(listed.getPrincipals()).containsExactly("user/alice");
    assertThat(access.getWarnings())
        .containsExactly(
            "Account "
                + OTHER
                + " is trusted but no AssumeRoleGrant of this cluster grants access from it:"
                + " nobody there can switch through the operator yet, or access is granted"
                + " outside it (see docs/who-can-reach-this-role.md)",
            "AssumeRoleGrant "
                + TENANT
                + "/by-ref of other namespaces name this role by roleRef, but"
                + " spec.allowedGrantNamespaces does not list their namespace: the operator"
                + " refuses them");

    client
        .resources(AssumeRoleGrant.class)
        .inNamespace(NAMESPACE)
        .withName("dev-engineers")
        .delete();
    client.resources(AssumeRoleGrant.class).inNamespace(TENANT).withName("by-ref").delete();
    access = awaitAccess("two-accounts", a -> a.getGrants().size() == 1);
    assertThat(access.getGrants().get(0).getName()).isEqualTo("by-arn");
    assertThat(access.getWarnings()).hasSize(1).allMatch(w -> w.contains("Account " + OTHER));

    // Retargeted: it leaves the first role's map and joins the second's.
    Edits.retrying(
        client.resources(AssumeRoleGrant.class).inNamespace(TENANT).withName("by-arn"),
        g -> {
          g.getSpec().getTarget().setRoleArn(secondArn);
          return g;
        });
    awaitAccess("two-accounts", a -> a.getGrants().isEmpty());
    awaitAccess("second", a -> a.getGrants().size() == 1);

    // Every change of the map above was a status refresh: not one IAM call in the role's account.
    assertThat(iamCalls(mark, PROD)).isEmpty();
  }

  @Test
  void grantFromAnUntrustedAccountAndMfaOnOneSideAreWarnings() {
    CrossAccountRole mfa = Resources.role(NAMESPACE, "mfa-other", "prod", "AccessMfaOther", OTHER);
    mfa.getSpec().getTrust().setRequireMfa(true);
    create(mfa);
    awaitConverged("mfa-other");

    client.resource(grant(NAMESPACE, "no-mfa", Resources.roleRef("mfa-other", null))).create();

    RoleAccess access = awaitAccess("mfa-other", a -> phases(a).equals(List.of(GrantPhase.Active)));
    assertThat(access.getTrust().isRequireMfa()).isTrue();
    assertThat(access.getWarnings())
        .containsExactly(
            "AssumeRoleGrant "
                + NAMESPACE
                + "/no-mfa from account "
                + DEV
                + ", which the trust does not name: it can never work; add "
                + DEV
                + " to spec.trust.accountIds (or principalArns, principalArnPatterns)",
            "Account "
                + OTHER
                + " is trusted but no AssumeRoleGrant of this cluster grants access from it:"
                + " nobody there can switch through the operator yet, or access is granted"
                + " outside it (see docs/who-can-reach-this-role.md)",
            "The role requires MFA but AssumeRoleGrant "
                + NAMESPACE
                + "/no-mfa does not: its principals are denied without an MFA session; set"
                + " spec.requireMfa: true on the grant to say so");
  }

  @Test
  void aStatusPointedAtAnotherRoleIsNeitherMappedNorActedOn() {
    String victimArn = convergedArn("victim", "AccessVictim");
    String forgerArn = convergedArn("forger", "AccessForger");
    client.resource(grant(TENANT, "to-victim", Resources.roleArn(victimArn))).create();
    awaitAccess("victim", a -> a.getGrants().size() == 1);
    awaitSettled("forger");

    // Someone with rights on the status subresource points the forger at the victim's role, then
    // a grant of the forger's wakes it: the map would list the victim's grants if the status were
    // believed.
    long mark = emulator().calls().mark();
    Resources.editStatus(
        client,
        CrossAccountRole.class,
        NAMESPACE,
        "forger",
        status -> status.setRoleArn(victimArn));
    client.resource(grant(NAMESPACE, "to-forger", Resources.roleRef("forger", null))).create();

    RoleAccess access =
        awaitAccess(
            "forger", a -> a.getGrants().stream().anyMatch(g -> g.getName().equals("to-forger")));
    assertThat(access.getGrants()).extracting(AccessGrant::getName).containsExactly("to-forger");
    // The status no longer names the role the spec does: taken for an identity change, refused
    // before any IAM write (fails closed; restoring the status, or re-creating the resource, mends
    // it).
    assertThat(ready("forger").getReason()).isEqualTo("InvalidSpec");
    assertThat(ready("forger").getMessage()).contains(victimArn).contains(forgerArn);
    assertThat(iamCalls(mark, PROD)).noneMatch(Call::isWrite);
    assertThat(awaitSettled("victim").getStatus().getAccess().getGrants())
        .extracting(AccessGrant::getName)
        .containsExactly("to-victim");
  }

  /** Creates a role trusting DEV in prod and returns its ARN once it converged. */
  /**
   * Finding 3's path, where the owner allows it: Dev's guardrails let its roles reach Prod
   * (allowedTargetAccountIds), so a Dev role may allow sts:AssumeRole on the Prod role. The Prod
   * role's map shows that hop, IAM lets alice through it (her grant reaches the Dev role, the Dev
   * role reaches Prod), and the hop goes from the map when the Dev role stops reaching.
   */
  @Test
  void aRoleThatCanAssumeThisOneIsAHopAndIamAgrees() throws Exception {
    String target = convergedArn("hop-target", "AccessHopTarget");
    CrossAccountRole hop = Resources.role(NAMESPACE, "dev-hop", "dev", "AccessDevHop", DEV);
    hop.getSpec().setInlinePolicies(List.of(inline("chain", "Allow", "sts:AssumeRole", target)));
    create(hop);
    String hopArn = awaitConverged("dev-hop").getStatus().getRoleArn();
    assertThat(get("dev-hop").getStatus().getAssumableRoleArns()).containsExactly(target);
    client.resource(grant(NAMESPACE, "alice-to-hop", Resources.roleRef("dev-hop", null))).create();

    RoleAccess access = awaitAccess("hop-target", a -> a.getHops() != null);

    assertThat(access.getHops())
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.getNamespace() + "/" + h.getName()).isEqualTo(NAMESPACE + "/dev-hop");
              assertThat(h.getRoleArn()).isEqualTo(hopArn);
              assertThat(h.getThrough())
                  .isEqualTo("its policies allow sts:AssumeRole on " + target);
            });
    var alice = Sts.of(DEV, "alice");
    var inHop =
        await()
            .atMost(Duration.ofSeconds(30))
            .ignoreExceptions()
            .until(() -> Sts.assume(alice, hopArn, "alice"), c -> c != null);
    assertThat(Sts.assume(Sts.of(inHop), target, "alice-hop")).isNotNull();

    edit("dev-hop", r -> withoutPolicies(r));
    awaitAccess("hop-target", a -> a.getHops() == null);
    assertThat(get("dev-hop").getStatus().getAssumableRoleArns()).isNull();
  }

  private static CrossAccountRole withoutPolicies(CrossAccountRole role) {
    role.getSpec().setInlinePolicies(List.of());
    return role;
  }

  private String convergedArn(String name, String roleName) {
    create(Resources.role(NAMESPACE, name, "prod", roleName, DEV));
    return awaitConverged(name).getStatus().getRoleArn();
  }

  private RoleAccess awaitAccess(String role, Predicate<RoleAccess> until) {
    // A status write that meets a conflict is retried with backoff (up to a minute apart): under
    // the full suite's load one refresh of the map once took longer than 30 s.
    return await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () -> {
              CrossAccountRole r = get(role);
              return r.getStatus() == null ? null : r.getStatus().getAccess();
            },
            a -> a != null && until.test(a));
  }

  private static List<GrantPhase> phases(RoleAccess access) {
    return access.getGrants().stream().map(AccessGrant::getPhase).toList();
  }

  private static AssumeRoleGrant grant(String namespace, String name, GrantTarget target) {
    return Resources.grant(namespace, name, "dev", target, "alice");
  }
}
