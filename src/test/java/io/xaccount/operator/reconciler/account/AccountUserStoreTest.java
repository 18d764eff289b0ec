package io.xaccount.operator.reconciler.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrantStatus;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.CrossAccountRoleStatus;
import io.xaccount.operator.testsupport.Resources;
import org.junit.jupiter.api.Test;

/**
 * The account controller keeps of each role and grant only what tells whether it uses the account;
 * that the whole protection still works is {@link AccountInUseTest}.
 */
class AccountUserStoreTest {
  @Test
  void aRoleIsKeptWithItsIdentityAccountAndArnOnly() throws Exception {
    CrossAccountRole role = Resources.role("team-a", "deploy", "prod", "Deploy", "111111111111");
    role.getMetadata().setUid("uid-1");
    role.getMetadata().setResourceVersion("42");
    role.getMetadata().setGeneration(3L);
    role.getMetadata().setDeletionTimestamp("2026-11-30T00:00:00Z");
    role.getMetadata().setAnnotations(java.util.Map.of("big", "x".repeat(1000)));
    CrossAccountRoleStatus status = new CrossAccountRoleStatus();
    status.setRoleArn("arn:aws:iam::222222222222:role/Deploy");
    status.setTrustPolicy(new ObjectMapper().readTree("{\"Version\":\"2012-10-17\"}"));
    role.setStatus(status);

    AccountUserStore<CrossAccountRole> store = AccountUserStore.roles();
    store.put(store.getKey(role), role);
    CrossAccountRole kept = store.get("team-a/deploy");

    assertThat(kept.getMetadata().getName()).isEqualTo("deploy");
    assertThat(kept.getMetadata().getNamespace()).isEqualTo("team-a");
    assertThat(kept.getMetadata().getUid()).isEqualTo("uid-1");
    assertThat(kept.getMetadata().getResourceVersion()).isEqualTo("42");
    assertThat(kept.getMetadata().getGeneration()).isEqualTo(3L);
    assertThat(kept.isMarkedForDeletion()).isTrue();
    assertThat(kept.getKind()).isEqualTo("CrossAccountRole");
    assertThat(kept.getSpec().getAccountRef()).isEqualTo("prod");
    assertThat(kept.getStatus().getRoleArn()).isEqualTo("arn:aws:iam::222222222222:role/Deploy");
    assertThat(kept.getMetadata().getAnnotations()).isNullOrEmpty();
    assertThat(kept.getSpec().getTrust()).isNull();
    assertThat(kept.getSpec().getRoleName()).isNull();
    assertThat(kept.getStatus().getTrustPolicy()).isNull();
    assertThat(store.size()).isEqualTo(1);
    assertThat(store.remove("team-a/deploy")).isSameAs(kept);
    assertThat(store.size()).isZero();
  }

  @Test
  void aGrantIsKeptWithItsIdentityAccountPolicyAndItsAttachmentsOnly() {
    AssumeRoleGrant grant =
        Resources.grant("team-a", "alice", "dev", Resources.roleRef("deploy", null), "alice");
    AssumeRoleGrantStatus status = new AssumeRoleGrantStatus();
    status.setPolicyArn(
        "arn:aws:iam::111111111111:policy/xaccount/grants/abc/xaccount-grants.abc.1");
    status.setAttachedPrincipals(grant.getSpec().getPrincipals());
    status.setWarnings(java.util.List.of("x".repeat(1000)));
    grant.setStatus(status);

    AccountUserStore<AssumeRoleGrant> store = AccountUserStore.grants();
    store.put(store.getKey(grant), grant);
    AssumeRoleGrant kept = store.get("team-a/alice");

    assertThat(kept.getSpec().getAccountRef()).isEqualTo("dev");
    assertThat(kept.getStatus().getPolicyArn()).isEqualTo(status.getPolicyArn());
    // Whom that policy is attached to: the account's status.grantSlots counts it.
    assertThat(kept.getStatus().getAttachedPrincipals().getUsers()).containsExactly("alice");
    assertThat(kept.getStatus().getWarnings()).isNullOrEmpty();
    assertThat(kept.getSpec().getPrincipals()).isNull();
    assertThat(kept.getSpec().getTarget()).isNull();
  }

  @Test
  void aResourceWithoutStatusIsKeptWithoutOne() {
    CrossAccountRole role = Resources.role("team-a", "new", "prod", "New", "111111111111");
    assertThat(AccountUserStore.pruned(role).getStatus()).isNull();
  }
}
