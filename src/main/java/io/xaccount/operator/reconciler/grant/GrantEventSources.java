package io.xaccount.operator.reconciler.grant;

import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.PrimaryToSecondaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.CrossAccountRoleStatus;
import io.xaccount.operator.iam.Arns;
import io.xaccount.operator.reconciler.SecretValues;
import io.xaccount.operator.reconciler.account.AccountEventSource;
import io.xaccount.operator.reconciler.account.NamespaceEventSource;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What wakes a grant besides its own changes: its AwsAccount (spec change or Ready flip), its
 * namespace's labels, and the CrossAccountRole its roleRef names (a change of what grants read from
 * it, above all its status.roleArn appearing). Their caches, and one of ExternalId Secrets, are
 * what a grant's reconcile reads instead of the API server.
 */
final class GrantEventSources {
  private GrantEventSources() {}

  /**
   * Roles of {@code accountId} that CrossAccountRoles of other namespaces manage without listing
   * the grant's namespace in spec.allowedGrantNamespaces: lower-case role name to {@code
   * namespace/name}, from the role informer (no API call).
   */
  @SuppressWarnings("unchecked")
  static Map<String, String> foreignRoles(
      Context<AssumeRoleGrant> context, AssumeRoleGrant grant, String accountId) {
    String namespace = grant.getMetadata().getNamespace();
    Map<String, String> foreign = new TreeMap<>();
    ((InformerEventSource<CrossAccountRole, AssumeRoleGrant>)
            context
                .eventSourceRetriever()
                .getEventSourceFor(CrossAccountRole.class, AssumeRoleGrantReconciler.ROLES))
        .list(role -> !namespace.equals(role.getMetadata().getNamespace()))
        .filter(role -> !consents(role, namespace))
        .forEach(
            role ->
                Optional.ofNullable(role.getStatus())
                    .map(s -> s.getRoleArn())
                    .flatMap(Arns::parseRole)
                    .filter(arn -> arn.accountId().equals(accountId))
                    .ifPresent(
                        arn ->
                            foreign.put(
                                arn.name().toLowerCase(Locale.ROOT),
                                role.getMetadata().getNamespace()
                                    + "/"
                                    + role.getMetadata().getName())));
    return foreign;
  }

  private static boolean consents(CrossAccountRole role, String namespace) {
    List<String> allowed = role.getSpec().getAllowedGrantNamespaces();
    return allowed != null && allowed.contains(namespace);
  }

  /**
   * True when a role's update changes what its grants read from it: its spec (trust,
   * allowedGrantNamespaces), its deletion, or the status fields grants use (ARN, switch link,
   * console note, rendered trust). A status write that only moves the role's conditions, as every
   * reconcile of a converging role does, wakes no grant, which would otherwise observe its policy
   * in IAM again for nothing.
   */
  static boolean concernsGrants(CrossAccountRole next, CrossAccountRole previous) {
    if (!Objects.equals(next.getMetadata().getGeneration(), previous.getMetadata().getGeneration())
        || !Objects.equals(
            next.getMetadata().getDeletionTimestamp(),
            previous.getMetadata().getDeletionTimestamp())) {
      return true;
    }
    CrossAccountRoleStatus a = next.getStatus();
    CrossAccountRoleStatus b = previous.getStatus();
    if (a == null || b == null) {
      return a != b;
    }
    return !Objects.equals(a.getRoleArn(), b.getRoleArn())
        || !Objects.equals(a.getSwitchRoleUrl(), b.getSwitchRoleUrl())
        || !Objects.equals(a.getConsoleNote(), b.getConsoleNote())
        || !Objects.equals(a.getTrustPolicy(), b.getTrustPolicy());
  }

  static List<EventSource<?, AssumeRoleGrant>> of(
      EventSourceContext<AssumeRoleGrant> context, String rolesName, SecretValues secretValues) {
    var accounts =
        AccountEventSource.of(AssumeRoleGrant.class, context, g -> g.getSpec().getAccountRef());
    // The accounts' ExternalIds, read when a grant opens its account; their changes wake the
    // AwsAccount, not the grants.
    var secrets =
        secretValues
            .informer(AssumeRoleGrant.class)
            .withSecondaryToPrimaryMapper(secret -> Set.of())
            .build();
    // A grant learns of its role's ARN (and later changes) from this informer: no polling.
    PrimaryToSecondaryMapper<AssumeRoleGrant> roleOfGrant =
        grant -> GrantTargets.roleId(grant).map(Set::of).orElse(Set.of());
    var roles =
        InformerEventSourceConfiguration.from(CrossAccountRole.class, AssumeRoleGrant.class)
            .withName(rolesName)
            .withPrimaryToSecondaryMapper(roleOfGrant)
            .withOnUpdateFilter(GrantEventSources::concernsGrants)
            .withSecondaryToPrimaryMapper(
                role ->
                    context
                        .getPrimaryCache()
                        // Grants of any namespace: a role may let other namespaces reference it.
                        .list(
                            g ->
                                GrantTargets.roleId(g)
                                    .filter(id -> id.equals(ResourceID.fromResource(role)))
                                    .isPresent())
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .build();
    return List.of(
        accounts,
        NamespaceEventSource.of(AssumeRoleGrant.class, context),
        new InformerEventSource<>(secrets, context),
        new InformerEventSource<>(roles, context));
  }
}
