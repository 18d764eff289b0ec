package io.xaccount.operator.reconciler.role;

import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.xaccount.operator.api.v1alpha1.AccessHop;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.CrossAccountRoleStatus;
import io.xaccount.operator.iam.Arns;
import io.xaccount.operator.iam.TrustReach;
import io.xaccount.operator.iam.Wildcards;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The roles of this cluster through which a CrossAccountRole can be reached: its access map's hops.
 * A role whose own policies allow {@code sts:AssumeRole} on a pattern matching this role, in an
 * account this role's trust lets in (status.assumableRoleArns, written at its converge), and a role
 * an AssumeRoleGrant targeting this role names as a principal. Read from the role informer's cache
 * through two indexes, without any call; a role whose reach changes wakes the roles it reaches.
 */
final class RoleHops {
  static final int MAX_HOPS = 20;
  private static final String NAME = "role-hops";
  private static final String ASSUMERS = "assumers";
  private static final String BY_ACCOUNT_NAME = "by-account-name";
  private static final String ANY = "any";

  private final Wake wake = new Wake();
  private static final Executor LATER = CompletableFuture.delayedExecutor(3, TimeUnit.SECONDS);

  /** An event source of nothing but the wakes {@link #reachChanged} sends. */
  private static final class Wake extends AbstractEventSource<Void, CrossAccountRole> {
    Wake() {
      super(Void.class, NAME);
    }

    @Override
    public Set<Void> getSecondaryResources(CrossAccountRole primary) {
      return Set.of();
    }

    /**
     * Wakes a reached role once the reaching role's new status has had time to land in the cache
     * its map is drawn from (the status is written after the reconcile that calls this returns).
     */
    void wake(ResourceID role) {
      LATER.execute(
          () -> {
            if (isRunning()) {
              getEventHandler().handleEvent(new Event(role));
            }
          });
    }
  }

  /** The event source waking reached roles, with the indexes {@link #of} reads. */
  AbstractEventSource<Void, CrossAccountRole> eventSource(
      EventSourceContext<CrossAccountRole> context) {
    context
        .getPrimaryCache()
        .addIndexer(ASSUMERS, r -> assumable(r).isEmpty() ? List.of() : List.of(ANY));
    context
        .getPrimaryCache()
        .addIndexer(BY_ACCOUNT_NAME, r -> accountName(r).map(List::of).orElse(List.of()));
    return wake;
  }

  /**
   * The hops of {@code role} at {@code roleArn}, sorted by namespace and name.
   *
   * @param grants the grants that target the role
   * @param accountIds the account ID of an AwsAccount by name
   */
  List<AccessHop> of(
      CrossAccountRole role,
      String roleArn,
      TrustReach reach,
      Collection<AssumeRoleGrant> grants,
      IndexedResourceCache<CrossAccountRole> cache,
      Function<String, String> accountIds) {
    Map<String, AccessHop> hops = new TreeMap<>();
    if (roleArn == null) {
      return List.of();
    }
    for (CrossAccountRole other : cache.byIndex(ASSUMERS, ANY)) {
      String otherArn = other.getStatus().getRoleArn();
      String account = Arns.parseRole(otherArn).map(Arns.RoleArn::accountId).orElse(null);
      if (other == role || Objects.equals(otherArn, roleArn) || account == null) {
        continue;
      }
      assumable(other).stream()
          .filter(p -> Wildcards.matches(p, roleArn, false))
          .findFirst()
          .filter(p -> reach.admits(otherArn, account))
          .ifPresent(
              p ->
                  hops.putIfAbsent(
                      key(other), hop(other, "its policies allow sts:AssumeRole on " + p)));
    }
    for (AssumeRoleGrant grant : grants) {
      String account = accountIds.apply(grant.getSpec().getAccountRef());
      List<String> roles =
          grant.getSpec().getPrincipals() == null
              ? null
              : grant.getSpec().getPrincipals().getRoles();
      for (String name : roles == null ? List.<String>of() : roles) {
        for (CrossAccountRole principal :
            cache.byIndex(BY_ACCOUNT_NAME, account + ":" + name.toLowerCase(Locale.ROOT))) {
          hops.putIfAbsent(
              key(principal),
              hop(
                  principal,
                  "AssumeRoleGrant %s/%s names it as a principal"
                      .formatted(
                          grant.getMetadata().getNamespace(), grant.getMetadata().getName())));
        }
      }
    }
    return List.copyOf(hops.values());
  }

  /** Wakes the roles a role reaches, before and after a change of its status: their hops follow. */
  void reachChanged(
      CrossAccountRoleStatus before,
      CrossAccountRoleStatus after,
      IndexedResourceCache<CrossAccountRole> cache) {
    List<String> was = patterns(before);
    List<String> now = patterns(after);
    boolean moved =
        !was.equals(now)
            || !Objects.equals(
                before == null ? null : before.getRoleArn(),
                after == null ? null : after.getRoleArn());
    if (!moved || (was.isEmpty() && now.isEmpty())) {
      return;
    }
    List<String> all = Stream.concat(was.stream(), now.stream()).distinct().toList();
    cache
        .list()
        .filter(r -> r.getStatus() != null && r.getStatus().getRoleArn() != null)
        .filter(
            r ->
                all.stream().anyMatch(p -> Wildcards.matches(p, r.getStatus().getRoleArn(), false)))
        .map(ResourceID::fromResource)
        .forEach(wake::wake);
  }

  private static List<String> patterns(CrossAccountRoleStatus status) {
    return status == null || status.getAssumableRoleArns() == null
        ? List.of()
        : status.getAssumableRoleArns();
  }

  private static List<String> assumable(CrossAccountRole role) {
    return role.getStatus() == null || role.getStatus().getRoleArn() == null
        ? List.of()
        : patterns(role.getStatus());
  }

  /** {@code <account>:<role name in lower case>}, as a grant's principal names the role. */
  private static java.util.Optional<String> accountName(CrossAccountRole role) {
    return role.getStatus() == null
        ? java.util.Optional.empty()
        : Arns.parseRole(role.getStatus().getRoleArn())
            .map(r -> r.accountId() + ":" + r.name().toLowerCase(Locale.ROOT));
  }

  private static String key(CrossAccountRole role) {
    return role.getMetadata().getNamespace() + "/" + role.getMetadata().getName();
  }

  private static AccessHop hop(CrossAccountRole role, String through) {
    AccessHop hop = new AccessHop();
    hop.setNamespace(role.getMetadata().getNamespace());
    hop.setName(role.getMetadata().getName());
    hop.setRoleArn(role.getStatus().getRoleArn());
    hop.setThrough(through);
    return hop;
  }
}
