package io.xaccount.operator.reconciler.account;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrantSpec;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrantStatus;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.CrossAccountRoleSpec;
import io.xaccount.operator.api.v1alpha1.CrossAccountRoleStatus;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The account controller's cache of the roles and grants that use an account, holding of each only
 * what {@link AccountUsers} reads: its identity, {@code spec.accountRef} and the ARN its status
 * reports (for a grant, also whom that policy is attached to, for {@link GrantSlotUsage}). The role
 * and grant controllers keep the whole resources already; a third full copy of every policy
 * document, status and access map was a fifth of the operator's heap at 5,000 roles and 5,000
 * grants (issue 14).
 */
final class AccountUserStore<R extends HasMetadata> implements ItemStore<R> {
  private final BasicItemStore<R> store = new BasicItemStore<>(Cache::metaNamespaceKeyFunc);
  private final UnaryOperator<R> prune;

  private AccountUserStore(UnaryOperator<R> prune) {
    this.prune = prune;
  }

  static AccountUserStore<CrossAccountRole> roles() {
    return new AccountUserStore<>(AccountUserStore::pruned);
  }

  static AccountUserStore<AssumeRoleGrant> grants() {
    return new AccountUserStore<>(AccountUserStore::pruned);
  }

  static CrossAccountRole pruned(CrossAccountRole role) {
    CrossAccountRole copy = new CrossAccountRole();
    copy.setMetadata(identity(role.getMetadata()));
    if (role.getSpec() != null) {
      CrossAccountRoleSpec spec = new CrossAccountRoleSpec();
      spec.setAccountRef(role.getSpec().getAccountRef());
      copy.setSpec(spec);
    }
    if (role.getStatus() != null && role.getStatus().getRoleArn() != null) {
      CrossAccountRoleStatus status = new CrossAccountRoleStatus();
      status.setRoleArn(role.getStatus().getRoleArn());
      copy.setStatus(status);
    }
    return copy;
  }

  static AssumeRoleGrant pruned(AssumeRoleGrant grant) {
    AssumeRoleGrant copy = new AssumeRoleGrant();
    copy.setMetadata(identity(grant.getMetadata()));
    if (grant.getSpec() != null) {
      AssumeRoleGrantSpec spec = new AssumeRoleGrantSpec();
      spec.setAccountRef(grant.getSpec().getAccountRef());
      copy.setSpec(spec);
    }
    if (grant.getStatus() != null && grant.getStatus().getPolicyArn() != null) {
      AssumeRoleGrantStatus status = new AssumeRoleGrantStatus();
      status.setPolicyArn(grant.getStatus().getPolicyArn());
      // For the account's status.grantSlots: whom that policy is attached to.
      status.setAttachedPrincipals(grant.getStatus().getAttachedPrincipals());
      copy.setStatus(status);
    }
    return copy;
  }

  /** What an informer and its event source need: name, namespace, uid, versions, deletion. */
  private static ObjectMeta identity(ObjectMeta meta) {
    return new ObjectMetaBuilder()
        .withName(meta.getName())
        .withNamespace(meta.getNamespace())
        .withUid(meta.getUid())
        .withResourceVersion(meta.getResourceVersion())
        .withGeneration(meta.getGeneration())
        .withDeletionTimestamp(meta.getDeletionTimestamp())
        .build();
  }

  @Override
  public String getKey(R resource) {
    return store.getKey(resource);
  }

  @Override
  public R put(String key, R resource) {
    return store.put(key, prune.apply(resource));
  }

  @Override
  public R remove(String key) {
    return store.remove(key);
  }

  @Override
  public Stream<String> keySet() {
    return store.keySet();
  }

  @Override
  public Stream<R> values() {
    return store.values();
  }

  @Override
  public int size() {
    return store.size();
  }

  @Override
  public R get(String key) {
    return store.get(key);
  }
}
