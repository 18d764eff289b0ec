package io.xaccount.operator.reconciler.role;

import com.fasterxml.jackson.databind.JsonNode;
import io.xaccount.operator.api.v1alpha1.AccessGrant;
import io.xaccount.operator.api.v1alpha1.AccessHop;
import io.xaccount.operator.api.v1alpha1.AccessTrust;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.GrantPhase;
import io.xaccount.operator.api.v1alpha1.GrantPrincipals;
import io.xaccount.operator.api.v1alpha1.RoleAccess;
import io.xaccount.operator.iam.TrustReach;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Builds a role's access map ({@code status.access}) from its rendered trust policy and the grants
 * of the cluster that target it, without any call: who the trust lets in, the grants, and warnings
 * where the two halves do not fit. The trust is read with {@link TrustReach}, as the grant side's
 * own warnings read it.
 *
 * <p>Tenancy: a grant is shown by its metadata (namespace and name, which its owner cannot forge),
 * the account of the AwsAccount it names (cluster-scoped, set by administrators), what its spec
 * asks and the phase the operator wrote. A grant of a namespace the role does not let reference it
 * is still listed (it cannot hide), last, and never counts as reaching the role. Nothing secret is
 * copied: grants hold none, and the trust shows only that an ExternalId is required.
 */
final class AccessMaps {
  static final int MAX_GRANTS = 50;
  static final int MAX_PRINCIPALS = 10;
  static final int MAX_NAMES = 5;

  private AccessMaps() {}

  /** A grant as the map sees it: how it reaches the role, and whether the operator refuses it. */
  private record Seen(AccessGrant entry, int rank) {
    boolean refused() {
      return rank == REFUSED;
    }

    String label() {
      return entry.getNamespace() + "/" + entry.getName();
    }
  }

  private static final int OWN = 0;
  private static final int ELSEWHERE = 1;
  private static final int REFUSED = 2;

  /**
   * @param trustPolicy the rendered trust policy as the status shows it (ExternalId redacted)
   * @param grants the grants that target the role
   * @param hops the roles of this cluster through which it can be reached, sorted
   * @param accountIds the account ID of an AwsAccount by name, null when there is none
   */
  static RoleAccess of(
      CrossAccountRole role,
      JsonNode trustPolicy,
      Collection<AssumeRoleGrant> grants,
      List<AccessHop> hops,
      Function<String, String> accountIds) {
    TrustReach reach = TrustReach.of(trustPolicy);
    List<Seen> seen =
        grants.stream()
            .map(g -> seen(role, g, accountIds))
            .sorted(
                Comparator.comparingInt(Seen::rank)
                    .thenComparing(s -> s.entry().getNamespace())
                    .thenComparing(s -> s.entry().getName()))
            .toList();
    RoleAccess access = new RoleAccess();
    access.setTrust(trust(reach));
    access.setGrants(new ArrayList<>(seen.stream().limit(MAX_GRANTS).map(Seen::entry).toList()));
    if (seen.size() > MAX_GRANTS) {
      access.setMoreGrants(seen.size() - MAX_GRANTS);
    }
    if (!hops.isEmpty()) {
      access.setHops(new ArrayList<>(hops.subList(0, Math.min(hops.size(), RoleHops.MAX_HOPS))));
    }
    if (hops.size() > RoleHops.MAX_HOPS) {
      access.setMoreHops(hops.size() - RoleHops.MAX_HOPS);
    }
    access.setWarnings(new ArrayList<>(RoleStatusFactory.capped(warnings(reach, seen))));
    return access;
  }

  private static Seen seen(
      CrossAccountRole role, AssumeRoleGrant grant, Function<String, String> accountIds) {
    AccessGrant entry = new AccessGrant();
    entry.setNamespace(grant.getMetadata().getNamespace());
    entry.setName(grant.getMetadata().getName());
    entry.setAccountId(accountIds.apply(grant.getSpec().getAccountRef()));
    boolean byRef = grant.getSpec().getTarget().getRoleRef() != null;
    entry.setVia(byRef ? "roleRef" : "roleArn");
    List<String> principals = principals(grant.getSpec().getPrincipals());
    entry.setPrincipals(
        new ArrayList<>(principals.subList(0, Math.min(principals.size(), MAX_PRINCIPALS))));
    if (principals.size() > MAX_PRINCIPALS) {
      entry.setMorePrincipals(principals.size() - MAX_PRINCIPALS);
    }
    entry.setRequireMfa(grant.getSpec().isRequireMfa());
    GrantPhase phase = grant.getStatus() == null ? null : grant.getStatus().getPhase();
    entry.setPhase(phase == null ? GrantPhase.Pending : phase);
    String namespace = grant.getMetadata().getNamespace();
    int rank;
    if (namespace.equals(role.getMetadata().getNamespace())) {
      rank = OWN;
    } else if (!byRef || consents(role, namespace)) {
      rank = ELSEWHERE;
    } else {
      rank = REFUSED;
    }
    return new Seen(entry, rank);
  }

  private static boolean consents(CrossAccountRole role, String namespace) {
    List<String> allowed = role.getSpec().getAllowedGrantNamespaces();
    return allowed != null && allowed.contains(namespace);
  }

  private static List<String> principals(GrantPrincipals p) {
    List<String> out = new ArrayList<>();
    if (p != null) {
      add(out, "user/", p.getUsers());
      add(out, "group/", p.getGroups());
      add(out, "role/", p.getRoles());
    }
    return out;
  }

  private static void add(List<String> out, String prefix, List<String> names) {
    if (names != null) {
      names.forEach(n -> out.add(prefix + n));
    }
  }

  private static AccessTrust trust(TrustReach reach) {
    AccessTrust trust = new AccessTrust();
    trust.setAccountIds(new ArrayList<>(reach.accountIds()));
    trust.setPrincipalArns(new ArrayList<>(reach.principalArns()));
    trust.setPrincipalArnPatterns(new ArrayList<>(reach.principalArnPatterns()));
    trust.setRequireMfa(reach.requireMfa());
    trust.setMfaMaxAgeSeconds(reach.mfaMaxAgeSeconds());
    trust.setRequireExternalId(reach.requireExternalId());
    trust.setRequireSourceIdentity(reach.requireSourceIdentity());
    trust.setAllowSessionTags(reach.allowSessionTags());
    return trust;
  }

  /**
   * Grants the operator refuses, and expired ones, reach nobody: they are listed, but judged only
   * as refused. Failed grants count as aimed at the role (their account and MFA still matter), not
   * as reaching it.
   */
  private static List<String> warnings(TrustReach reach, List<Seen> seen) {
    List<Seen> aimed =
        seen.stream()
            .filter(s -> !s.refused() && s.entry().getPhase() != GrantPhase.Expired)
            .toList();
    List<String> warnings = new ArrayList<>();
    Map<String, List<Seen>> untrusted =
        byAccount(
            aimed,
            s -> s.entry().getAccountId() != null && !reach.trusts(s.entry().getAccountId()));
    untrusted.forEach(
        (account, grants) ->
            warnings.add(
                ("%s from account %s, which the trust does not name: it can never work; add %s to"
                        + " spec.trust.accountIds (or principalArns, principalArnPatterns)")
                    .formatted(grantsLabel(grants), account, account)));
    if (!reach.requireExternalId()) {
      // With an ExternalId the other side is a third party, which grants its own principals.
      Map<String, List<Seen>> reaching =
          byAccount(aimed, s -> s.entry().getPhase() != GrantPhase.Failed);
      for (String account : reach.mentioned()) {
        if (!reaching.containsKey(account)) {
          warnings.add(
              ("Account %s is trusted but no AssumeRoleGrant of this cluster grants access from"
                      + " it: nobody there can switch through the operator yet, or access is"
                      + " granted outside it (see docs/who-can-reach-this-role.md)")
                  .formatted(account));
        }
      }
    }
    List<Seen> withoutMfa = aimed.stream().filter(s -> !s.entry().isRequireMfa()).toList();
    List<Seen> withMfa = aimed.stream().filter(s -> s.entry().isRequireMfa()).toList();
    if (reach.requireMfa() && !withoutMfa.isEmpty()) {
      warnings.add(
          ("The role requires MFA but %s %s not: its principals are denied without an MFA"
                  + " session; set spec.requireMfa: true on the grant to say so")
              .formatted(grantsLabel(withoutMfa), withoutMfa.size() == 1 ? "does" : "do"));
    } else if (!reach.requireMfa() && !withMfa.isEmpty()) {
      warnings.add(
          ("%s %s MFA but the role does not: principals it trusts through other grants, or"
                  + " through access granted outside the operator, may switch without MFA; set"
                  + " spec.trust.requireMfa")
              .formatted(grantsLabel(withMfa), withMfa.size() == 1 ? "requires" : "require"));
    }
    List<Seen> refused = seen.stream().filter(Seen::refused).toList();
    if (!refused.isEmpty()) {
      warnings.add(
          ("%s of other namespaces name this role by roleRef, but spec.allowedGrantNamespaces does"
                  + " not list their namespace: the operator refuses them")
              .formatted(grantsLabel(refused)));
    }
    return warnings;
  }

  private static Map<String, List<Seen>> byAccount(List<Seen> seen, Predicate<Seen> filter) {
    Map<String, List<Seen>> out = new TreeMap<>();
    seen.stream()
        .filter(filter)
        .filter(s -> s.entry().getAccountId() != null)
        .forEach(s -> out.computeIfAbsent(s.entry().getAccountId(), a -> new ArrayList<>()).add(s));
    return out;
  }

  /** {@code AssumeRoleGrant a/b} or {@code AssumeRoleGrants a/b, a/c (and 3 more)}. */
  private static String grantsLabel(List<Seen> grants) {
    List<String> names = grants.stream().limit(MAX_NAMES).map(Seen::label).toList();
    String more =
        grants.size() > MAX_NAMES ? " (and %d more)".formatted(grants.size() - MAX_NAMES) : "";
    return (grants.size() == 1 ? "AssumeRoleGrant " : "AssumeRoleGrants ")
        + String.join(", ", names)
        + more;
  }
}
