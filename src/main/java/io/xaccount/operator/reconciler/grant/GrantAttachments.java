package io.xaccount.operator.reconciler.grant;

import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.GrantPrincipals;
import io.xaccount.operator.aws.AccountClients;
import io.xaccount.operator.aws.AwsFailure;
import io.xaccount.operator.aws.IamPolicies;
import io.xaccount.operator.aws.IamPolicies.Entities;
import io.xaccount.operator.aws.IamPolicies.EntityKind;
import io.xaccount.operator.reconciler.AwsFailures;
import io.xaccount.operator.reconciler.EventRecorder;
import io.xaccount.operator.reconciler.Reason;
import io.xaccount.operator.reconciler.ReconcileFailure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Makes the grant's policy attached to exactly the principals of the spec (Attach/Detach
 * User/Group/RolePolicy, comparing with what ListEntitiesForPolicy showed). The policy is ours, so
 * an attachment to anyone else (removed from the spec, or made out of band) is detached. The policy
 * is attached to anyone new only when every principal it is still to be attached to exists
 * (GetUser/GetGroup/GetRole, asked only then); a principal that does not exist is reported and
 * nothing new is attached. A principal whose managed-policy quota is full is reported while the
 * others are attached.
 */
@ApplicationScoped
public class GrantAttachments {
  private static final Logger LOG = Logger.getLogger(GrantAttachments.class);

  private final IamPolicies policies;
  private final EventRecorder events;

  public GrantAttachments(IamPolicies policies, EventRecorder events) {
    this.policies = policies;
    this.events = events;
  }

  /**
   * What attaching achieved.
   *
   * @param attached the principals the policy is attached to now
   * @param missing principals that do not exist, as "user alice"
   * @param full principals whose quota of managed policies is reached, with IAM's message
   */
  public record Outcome(
      GrantPrincipals attached, List<String> missing, List<String> full, boolean wrote) {
    public Outcome(GrantPrincipals attached, List<String> missing, List<String> full) {
      this(attached, missing, full, false);
    }

    boolean complete() {
      return missing.isEmpty() && full.isEmpty();
    }
  }

  /**
   * Detaches the policy from whoever the spec does not name, then attaches it to the principals it
   * is not attached to yet, once they all exist (GetUser/GetGroup/GetRole, asked only then).
   */
  public Outcome sync(
      AssumeRoleGrant grant, AccountClients clients, String policyArn, Entities observed) {
    GrantPrincipals spec = grant.getSpec().getPrincipals();
    Map<EntityKind, Set<String>> now = new EnumMap<>(EntityKind.class);
    Map<EntityKind, Set<String>> toAttach = new EnumMap<>(EntityKind.class);
    boolean wrote = false;
    for (EntityKind kind : EntityKind.values()) {
      // IAM names are unique without regard to case: "Developers" in the spec is IAM's
      // "developers", so comparing with case would detach and re-attach on every reconcile.
      Set<String> desired = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
      desired.addAll(names(spec, kind));
      Set<String> attached = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
      attached.addAll(observed.of(kind));
      for (String name : attached) {
        if (!desired.contains(name)) {
          wrote = true;
          detach(grant, clients, kind, name, policyArn);
        }
      }
      attached.retainAll(desired);
      desired.removeAll(attached);
      now.put(kind, attached);
      toAttach.put(kind, desired);
    }
    // A policy is attached to anyone new only when every principal of its set exists: attached to
    // the others alone, grants naming a principal that does not exist would fill their managed
    // policy quota (issue 24: ten grants to a group and a ghost user each were ten more policies
    // on the group). What is attached stays attached if a principal disappears later.
    List<String> missing = missing(clients, toAttach);
    List<String> full = new ArrayList<>();
    if (missing.isEmpty()) {
      wrote |= toAttach.values().stream().anyMatch(names -> !names.isEmpty());
      attachAll(grant, clients, policyArn, toAttach, now, missing, full);
    }
    GrantPrincipals attached = new GrantPrincipals();
    now.forEach((kind, names) -> set(attached, kind, new ArrayList<>(names)));
    if (!missing.isEmpty() || !full.isEmpty()) {
      events.warning(grant, reasonFor(missing).name(), problems(missing, full));
    }
    return new Outcome(attached, missing, full, wrote);
  }

  /** The principals among {@code toAttach} that IAM does not know, as "user alice". */
  private List<String> missing(AccountClients clients, Map<EntityKind, Set<String>> toAttach) {
    List<String> missing = new ArrayList<>();
    toAttach.forEach(
        (kind, names) ->
            names.stream()
                .filter(name -> !policies.principalExists(clients, kind, name))
                .forEach(name -> missing.add(label(kind, name))));
    return missing;
  }

  private void attachAll(
      AssumeRoleGrant grant,
      AccountClients clients,
      String policyArn,
      Map<EntityKind, Set<String>> toAttach,
      Map<EntityKind, Set<String>> now,
      List<String> missing,
      List<String> full) {
    toAttach.forEach(
        (kind, names) -> {
          for (String name : names) {
            try {
              policies.attach(clients, kind, name, policyArn);
              now.get(kind).add(name);
              changed(
                  grant,
                  "PolicyAttached",
                  "Attached %s to %s".formatted(policyArn, label(kind, name)));
            } catch (AwsFailure f) {
              if (f.is(AwsFailure.Kind.NOT_FOUND) && !policyMissing(f)) {
                // Deleted since it was looked up.
                missing.add(label(kind, name));
              } else if (f.is(AwsFailure.Kind.LIMIT_EXCEEDED)) {
                full.add(fullMessage(kind, name));
              } else {
                throw failure(grant, f, label(kind, name));
              }
            }
          }
        });
  }

  /** The Ready reason for an incomplete outcome: a missing principal may still appear. */
  static Reason reasonFor(List<String> missing) {
    return missing.isEmpty() ? Reason.LimitExceeded : Reason.PrincipalNotFound;
  }

  /** One sentence naming every principal the policy could not be attached to. */
  static String problems(List<String> missing, List<String> full) {
    List<String> parts = new ArrayList<>();
    if (!missing.isEmpty()) {
      parts.add(
          "these principals do not exist in the account: "
              + String.join(", ", missing)
              + " (the policy is attached to nobody new until every principal of the grant exists;"
              + " the grant retries and attaches it then)");
    }
    parts.addAll(full);
    return String.join("; ", parts);
  }

  private void detach(
      AssumeRoleGrant grant, AccountClients clients, EntityKind kind, String name, String arn) {
    try {
      policies.detach(clients, kind, name, arn);
      changed(grant, "PolicyDetached", "Detached %s from %s".formatted(arn, label(kind, name)));
    } catch (AwsFailure f) {
      if (!f.is(AwsFailure.Kind.NOT_FOUND)) {
        throw failure(grant, f, label(kind, name));
      }
    }
  }

  private void changed(AssumeRoleGrant grant, String reason, String message) {
    LOG.infof(
        "Applied IAM change: namespace=%s name=%s change=%s",
        grant.getMetadata().getNamespace(), grant.getMetadata().getName(), message);
    events.normal(grant, reason, message);
  }

  private ReconcileFailure failure(AssumeRoleGrant grant, AwsFailure f, String principal) {
    if (policyMissing(f)) {
      return new ReconcileFailure(
          Reason.AwsError, "IAM does not show the grant's policy yet; retrying", f);
    }
    ReconcileFailure failure = AwsFailures.toReconcileFailure(f);
    events.warning(
        grant, failure.reason().name(), "Could not change " + principal + ": " + f.getMessage());
    return failure;
  }

  /** NoSuchEntity about the policy itself (just created, not yet visible), not the principal. */
  private static boolean policyMissing(AwsFailure f) {
    return f.is(AwsFailure.Kind.NOT_FOUND)
        && f.getMessage() != null
        && f.getMessage().startsWith("Policy ");
  }

  private static String fullMessage(EntityKind kind, String name) {
    String limit =
        kind == EntityKind.GROUP
            ? "a group holds at most 10 managed policies, a limit AWS does not raise"
            : "the account's quota of managed policies per "
                + kind.name().toLowerCase(Locale.ROOT)
                + " is reached";
    return "%s is full: %s; detach a policy from it or grant through another principal"
        .formatted(label(kind, name), limit);
  }

  static String label(EntityKind kind, String name) {
    return kind.name().toLowerCase(Locale.ROOT) + " " + name;
  }

  private static List<String> names(GrantPrincipals p, EntityKind kind) {
    List<String> names =
        switch (kind) {
          case USER -> p == null ? null : p.getUsers();
          case GROUP -> p == null ? null : p.getGroups();
          case ROLE -> p == null ? null : p.getRoles();
        };
    return names == null ? List.of() : names;
  }

  private static void set(GrantPrincipals p, EntityKind kind, List<String> names) {
    switch (kind) {
      case USER -> p.setUsers(names);
      case GROUP -> p.setGroups(names);
      case ROLE -> p.setRoles(names);
    }
  }
}
