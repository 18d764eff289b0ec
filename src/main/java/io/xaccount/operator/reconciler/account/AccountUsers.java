package io.xaccount.operator.reconciler.account;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.xaccount.operator.api.v1alpha1.AllowedNamespaces;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.reconciler.NamespaceSelector;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The CrossAccountRoles and AssumeRoleGrants that use an AwsAccount, from informers, so that an
 * account being deleted waits for them (as Kubernetes protects a PersistentVolumeClaim in use) and
 * is woken when the last one goes. Only an account that is being deleted is woken: a role's changes
 * never make the account re-verify its credentials.
 */
final class AccountUsers {
  static final String ROLES = "account-roles";
  static final String GRANTS = "account-grants";

  private AccountUsers() {}

  static List<InformerEventSource<?, AwsAccount>> eventSources(
      EventSourceContext<AwsAccount> context) {
    return List.of(
        source(
            context,
            CrossAccountRole.class,
            ROLES,
            AccountUsers::accountRef,
            AccountUserStore.roles()),
        source(
            context,
            AssumeRoleGrant.class,
            GRANTS,
            AccountUsers::accountRef,
            AccountUserStore.grants()));
  }

  /**
   * {@code Kind namespace/name} of every role and grant whose accountRef names the account and that
   * may hold IAM entities there: its status names one, or its namespace may use the account. A
   * resource the account never let in cannot hold the account's deletion hostage.
   */
  static List<String> of(AwsAccount account, Context<AwsAccount> context) {
    String name = account.getMetadata().getName();
    return Stream.concat(
            users(context, CrossAccountRole.class, ROLES, AccountUsers::accountRef, name)
                .filter(
                    r ->
                        holdsIam(
                            account,
                            r,
                            r.getStatus() != null && r.getStatus().getRoleArn() != null)),
            users(context, AssumeRoleGrant.class, GRANTS, AccountUsers::accountRef, name)
                .filter(
                    g ->
                        holdsIam(
                            account,
                            g,
                            g.getStatus() != null && g.getStatus().getPolicyArn() != null)))
        .map(AccountUsers::describe)
        .distinct()
        .sorted()
        .toList();
  }

  /** The AssumeRoleGrants whose accountRef names the account, as the informer holds them. */
  static Stream<AssumeRoleGrant> grants(AwsAccount account, Context<AwsAccount> context) {
    return users(
        context,
        AssumeRoleGrant.class,
        GRANTS,
        AccountUsers::accountRef,
        account.getMetadata().getName());
  }

  private static boolean holdsIam(AwsAccount account, HasMetadata user, boolean reportsEntity) {
    AllowedNamespaces allowed = account.getSpec().getAllowedNamespaces();
    return reportsEntity
        || (allowed != null
            && ((allowed.getNames() != null
                    && allowed.getNames().contains(user.getMetadata().getNamespace()))
                || !NamespaceSelector.isEmpty(allowed.getSelector())));
  }

  private static String describe(HasMetadata r) {
    return "%s %s/%s"
        .formatted(r.getKind(), r.getMetadata().getNamespace(), r.getMetadata().getName());
  }

  private static <R extends HasMetadata> Stream<R> users(
      Context<AwsAccount> context,
      Class<R> kind,
      String sourceName,
      Function<R, String> accountRef,
      String account) {
    var source =
        (InformerEventSource<R, AwsAccount>)
            context.eventSourceRetriever().getEventSourceFor(kind, sourceName);
    return source.list(r -> account.equals(accountRef.apply(r)));
  }

  private static String accountRef(CrossAccountRole role) {
    return role.getSpec() == null ? null : role.getSpec().getAccountRef();
  }

  private static String accountRef(AssumeRoleGrant grant) {
    return grant.getSpec() == null ? null : grant.getSpec().getAccountRef();
  }

  private static <R extends HasMetadata> InformerEventSource<R, AwsAccount> source(
      EventSourceContext<AwsAccount> context,
      Class<R> kind,
      String name,
      Function<R, String> accountRef,
      ItemStore<R> store) {
    var configuration =
        InformerEventSourceConfiguration.from(kind, AwsAccount.class)
            .withName(name)
            .withItemStore(store)
            .withSecondaryToPrimaryMapper(
                user -> {
                  String ref = accountRef.apply(user);
                  if (ref == null) {
                    return Set.of();
                  }
                  ResourceID account = new ResourceID(ref);
                  boolean deleting =
                      context
                          .getPrimaryCache()
                          .get(account)
                          .filter(HasMetadata::isMarkedForDeletion)
                          .isPresent();
                  return deleting ? Set.of(account) : Set.of();
                })
            .build();
    return new InformerEventSource<>(configuration, context);
  }
}
