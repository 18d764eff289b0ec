package io.xaccount.operator.reconciler.role;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.xaccount.operator.api.v1alpha1.AccessGrant;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrantStatus;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.GrantPhase;
import io.xaccount.operator.api.v1alpha1.RoleAccess;
import io.xaccount.operator.iam.TrustPolicy;
import io.xaccount.operator.iam.TrustSpec;
import io.xaccount.operator.testsupport.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The access map as a function: bounds, order, tenancy and warnings (no operator, no AWS). */
class AccessMapsTest {
  private static final String DEV = "123456789012";
  private static final String OTHER = "222222222222";
  private static final Map<String, String> ACCOUNTS = Map.of("dev", DEV, "other", OTHER);
  private static final String ROLE_ARN = "arn:aws:iam::111111111111:role/Ops";

  @Test
  void thousandsOfGrantsAreCappedOwnNamespaceFirstAndAHostileNamespaceCannotPushThemOut() {
    List<AssumeRoleGrant> grants = new ArrayList<>();
    // A hostile namespace floods the role with references it never consented to.
    IntStream.range(0, 200).forEach(i -> grants.add(grant("hostile", "spam-" + i, "dev", true)));
    IntStream.range(0, 45).forEach(i -> grants.add(grant("platform", "own-" + i, "dev", true)));
    IntStream.range(0, 10).forEach(i -> grants.add(grant("team-b", "by-arn-" + i, "dev", false)));

    RoleAccess access = AccessMaps.of(role(), trust(false, null), grants, List.of(), ACCOUNTS::get);

    assertThat(access.getGrants()).hasSize(AccessMaps.MAX_GRANTS);
    assertThat(access.getMoreGrants()).isEqualTo(205);
    assertThat(access.getGrants().subList(0, 45))
        .allMatch(g -> g.getNamespace().equals("platform"));
    assertThat(access.getGrants().subList(45, 50)).allMatch(g -> g.getNamespace().equals("team-b"));
    assertThat(access.getWarnings())
        .containsExactly(
            "AssumeRoleGrants hostile/spam-0, hostile/spam-1, hostile/spam-10, hostile/spam-100,"
                + " hostile/spam-101 (and 195 more) of other namespaces name this role by roleRef,"
                + " but spec.allowedGrantNamespaces does not list their namespace: the operator"
                + " refuses them");
  }

  @Test
  void refusedAndExpiredGrantsReachNobodyAndAnExternalIdTrustWaitsForNoGrant() {
    AssumeRoleGrant refused = grant("hostile", "refused", "other", true);
    AssumeRoleGrant expired = grant("platform", "expired", "dev", true);
    expired.getStatus().setPhase(GrantPhase.Expired);

    RoleAccess plain =
        AccessMaps.of(
            role(), trust(false, null), List.of(refused, expired), List.of(), ACCOUNTS::get);
    RoleAccess machines =
        AccessMaps.of(role(), trust(false, "s3cr3t-value"), List.of(), List.of(), ACCOUNTS::get);

    // OTHER is not trusted, but the refused grant from it will never be written: no such warning.
    assertThat(plain.getWarnings()).hasSize(2);
    assertThat(plain.getWarnings().get(0)).startsWith("Account " + DEV + " is trusted but no");
    assertThat(plain.getWarnings().get(1)).startsWith("AssumeRoleGrant hostile/refused of other");
    assertThat(machines.getTrust().isRequireExternalId()).isTrue();
    assertThat(machines.getWarnings()).isEmpty();
    assertThat(Serialization.asJson(machines)).doesNotContain("s3cr3t-value");
  }

  @Test
  void grantAskingMfaOfARoleThatDoesNotIsAWarningAndPrincipalsAreBounded() {
    AssumeRoleGrant grant = grant("platform", "many", "dev", true);
    grant.getSpec().setRequireMfa(true);
    grant
        .getSpec()
        .getPrincipals()
        .setUsers(IntStream.range(0, 12).mapToObj(i -> "u" + i).toList());
    grant.getSpec().getPrincipals().setGroups(List.of("developers"));

    RoleAccess access =
        AccessMaps.of(role(), trust(false, null), List.of(grant), List.of(), ACCOUNTS::get);

    AccessGrant entry = access.getGrants().get(0);
    assertThat(entry.getAccountId()).isEqualTo(DEV);
    assertThat(entry.getPrincipals()).hasSize(AccessMaps.MAX_PRINCIPALS).startsWith("user/u0");
    assertThat(entry.getMorePrincipals()).isEqualTo(3);
    assertThat(entry.getPhase()).isEqualTo(GrantPhase.Active);
    assertThat(access.getWarnings())
        .containsExactly(
            "AssumeRoleGrant platform/many requires MFA but the role does not: principals it"
                + " trusts through other grants, or through access granted outside the operator,"
                + " may switch without MFA; set spec.trust.requireMfa");
  }

  private static CrossAccountRole role() {
    return Resources.role("platform", "ops", "prod", "Ops", DEV);
  }

  private static JsonNode trust(boolean mfa, String externalId) {
    TrustSpec spec =
        new TrustSpec(List.of(DEV), null, null, mfa, null, externalId, false, false, "aws");
    return RoleStatusFactory.redacted(TrustPolicy.render(spec).get().toJsonNode(), externalId);
  }

  /** An Active grant of account {@code accountRef}, naming the role by roleRef or by ARN. */
  private static AssumeRoleGrant grant(
      String namespace, String name, String accountRef, boolean byRef) {
    AssumeRoleGrant grant =
        Resources.grant(
            namespace,
            name,
            accountRef,
            byRef ? Resources.roleRef("ops", "platform") : Resources.roleArn(ROLE_ARN),
            "alice");
    grant.setMetadata(
        new ObjectMetaBuilder(grant.getMetadata()).withUid(namespace + "-" + name).build());
    AssumeRoleGrantStatus status = new AssumeRoleGrantStatus();
    status.setPhase(GrantPhase.Active);
    grant.setStatus(status);
    return grant;
  }
}
