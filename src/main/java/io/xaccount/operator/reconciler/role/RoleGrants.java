package io.xaccount.operator.reconciler.role;

import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.PrimaryToSecondaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.GrantPrincipals;
import io.xaccount.operator.api.v1alpha1.GrantTarget;
import io.xaccount.operator.api.v1alpha1.RoleRef;
import io.xaccount.operator.iam.Arns;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The AssumeRoleGrants of the cluster that target a CrossAccountRole, by roleRef or by its ARN,
 * from an informer of the role controller with an index by target: a role's access map costs no API
 * call and no scan of every grant. The same informer wakes a role when a grant targeting it
 * appears, changes what the map shows of it, stops targeting it, or disappears.
 */
final class RoleGrants {
  static final String NAME = "role-grants";
  private static final String BY_TARGET = "by-target";
  private static final String BY_ARN = "by-arn";

  /** The roles each grant was last mapped to (by uid), so that a retargeted grant wakes both. */
  private final Map<String, Set<ResourceID>> lastTargets = new ConcurrentHashMap<>();

  private InformerEventSource<AssumeRoleGrant, CrossAccountRole> source;

  /** The event source, with the index {@link #of} reads. */
  InformerEventSource<AssumeRoleGrant, CrossAccountRole> eventSource(
      EventSourceContext<CrossAccountRole> context) {
    context
        .getPrimaryCache()
        .addIndexer(BY_ARN, role -> arnKey(role).map(List::of).orElse(List.of()));
    // A mapper of its own, so that JOSDK keeps no index calling toWake a second time per event.
    PrimaryToSecondaryMapper<CrossAccountRole> grantsOfRole =
        role ->
            of(role, role.getStatus() == null ? null : role.getStatus().getRoleArn()).stream()
                .map(ResourceID::fromResource)
                .collect(Collectors.toSet());
    var configuration =
        InformerEventSourceConfiguration.from(AssumeRoleGrant.class, CrossAccountRole.class)
            .withName(NAME)
            .withOnUpdateFilter((next, previous) -> !shown(next).equals(shown(previous)))
            .withPrimaryToSecondaryMapper(grantsOfRole)
            .withSecondaryToPrimaryMapper(grant -> toWake(grant, context))
            .build();
    source = new InformerEventSource<>(configuration, context);
    source.addIndexers(Map.of(BY_TARGET, RoleGrants::targetKeys));
    return source;
  }

  /**
   * The grants of the cluster that target {@code role}, from the informer's index.
   *
   * @param roleArn the role's ARN, null while it has none
   */
  List<AssumeRoleGrant> of(CrossAccountRole role, String roleArn) {
    Map<String, AssumeRoleGrant> found = new LinkedHashMap<>();
    List<String> keys = new ArrayList<>();
    keys.add(refKey(role.getMetadata().getNamespace(), role.getMetadata().getName()));
    arnKey(roleArn).ifPresent(keys::add);
    for (String key : keys) {
      source.byIndex(BY_TARGET, key).forEach(g -> found.putIfAbsent(g.getMetadata().getUid(), g));
    }
    return List.copyOf(found.values());
  }

  /**
   * The roles a grant event concerns: those it targets now and those it targeted when last seen (it
   * may have been retargeted, or be gone). Called once per event, on the informer's thread.
   */
  private Set<ResourceID> toWake(AssumeRoleGrant grant, EventSourceContext<CrossAccountRole> ctx) {
    String uid = grant.getMetadata().getUid();
    Set<ResourceID> now = new HashSet<>();
    RoleRef ref = roleRef(grant);
    if (ref != null) {
      now.add(new ResourceID(ref.getName(), refNamespace(grant, ref)));
    }
    arnKey(roleArn(grant))
        .ifPresent(
            key ->
                ctx.getPrimaryCache().byIndex(BY_ARN, key).stream()
                    .map(ResourceID::fromResource)
                    .forEach(now::add));
    boolean gone = source != null && source.get(ResourceID.fromResource(grant)).isEmpty();
    Set<ResourceID> before = gone ? lastTargets.remove(uid) : lastTargets.put(uid, Set.copyOf(now));
    Set<ResourceID> wake = new HashSet<>(now);
    if (before != null) {
      wake.addAll(before);
    }
    return wake;
  }

  /** What a role's map shows of a grant, and which role it is on: a change of it wakes roles. */
  private static List<Object> shown(AssumeRoleGrant grant) {
    if (grant.getSpec() == null) {
      return List.of();
    }
    GrantPrincipals p = grant.getSpec().getPrincipals();
    List<Object> shown = new ArrayList<>();
    shown.add(targetKeys(grant));
    shown.add(Objects.toString(grant.getSpec().getAccountRef()));
    shown.add(p == null ? "" : p.getUsers() + " " + p.getGroups() + " " + p.getRoles());
    shown.add(grant.getSpec().isRequireMfa());
    shown.add(Objects.toString(grant.getStatus() == null ? null : grant.getStatus().getPhase()));
    return shown;
  }

  /** Index keys of what a grant targets: {@code ref:NS/NAME} and {@code arn:...} forms. */
  static List<String> targetKeys(AssumeRoleGrant grant) {
    List<String> keys = new ArrayList<>();
    RoleRef ref = roleRef(grant);
    if (ref != null) {
      keys.add(refKey(refNamespace(grant, ref), ref.getName()));
    }
    arnKey(roleArn(grant)).ifPresent(keys::add);
    return keys;
  }

  private static RoleRef roleRef(AssumeRoleGrant grant) {
    GrantTarget target = grant.getSpec() == null ? null : grant.getSpec().getTarget();
    RoleRef ref = target == null ? null : target.getRoleRef();
    return ref == null || ref.getName() == null ? null : ref;
  }

  private static String roleArn(AssumeRoleGrant grant) {
    GrantTarget target = grant.getSpec() == null ? null : grant.getSpec().getTarget();
    return target == null ? null : target.getRoleArn();
  }

  private static String refNamespace(AssumeRoleGrant grant, RoleRef ref) {
    return ref.getNamespace() == null ? grant.getMetadata().getNamespace() : ref.getNamespace();
  }

  private static String refKey(String namespace, String name) {
    return "ref:" + namespace + "/" + name;
  }

  private static Optional<String> arnKey(CrossAccountRole role) {
    return arnKey(role.getStatus() == null ? null : role.getStatus().getRoleArn());
  }

  /**
   * A role ARN by partition, account and name without regard to case or path: IAM role names are
   * unique per account case-insensitively, and a grant naming the role slightly differently is
   * better listed (it may not work) than hidden.
   */
  private static Optional<String> arnKey(String arn) {
    return Optional.ofNullable(arn)
        .flatMap(Arns::parseRole)
        .map(
            a ->
                "arn:"
                    + a.partition()
                    + ":"
                    + a.accountId()
                    + ":"
                    + a.name().toLowerCase(Locale.ROOT));
  }
}
