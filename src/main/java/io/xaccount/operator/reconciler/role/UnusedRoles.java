package io.xaccount.operator.reconciler.role;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.CrossAccountRoleStatus;
import io.xaccount.operator.api.v1alpha1.RoleLastUsed;
import io.xaccount.operator.iam.Periods;
import io.xaccount.operator.iam.RoleUse;
import io.xaccount.operator.reconciler.EventRecorder;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A role's last use in its status ({@code status.lastUsed}, from the read that checked the role: no
 * call of its own), and what is said when it has gone unused for longer than its account's {@code
 * guardrails.unusedRoleWarningAfter} (or the role's shorter {@code spec.unusedWarningAfter}): a
 * warning in status, one Event {@value #EVENT} when the role crosses the line (not at every
 * resync), and the gauge {@value #GAUGE}{@code {account}} for on-call. Nothing is deleted: whether
 * a role nobody uses is still needed is for people to decide.
 */
@ApplicationScoped
public class UnusedRoles {
  public static final String GAUGE = "xaccount_unused_roles";
  static final String EVENT = "RoleUnused";

  /** The threshold that applies to a role, and which field set it. */
  record Threshold(Duration period, String text, String source) {}

  private final EventRecorder events;
  private final MeterRegistry registry;
  private final Clock clock;
  // By AWS account ID: the uids of the roles over their threshold (one label value per account).
  private final Map<String, Set<String>> unused = new ConcurrentHashMap<>();

  public UnusedRoles(EventRecorder events, MeterRegistry registry, Clock clock) {
    this.events = events;
    this.registry = registry;
    this.clock = clock;
  }

  /**
   * Writes {@code status.lastUsed} into {@code next} from {@code use}, with the warnings that go
   * with it, records the Event when the role has just crossed its threshold, and counts it.
   */
  void report(
      CrossAccountRole resource,
      AwsAccount account,
      String accountId,
      RoleUse use,
      CrossAccountRoleStatus next) {
    List<String> notes = new ArrayList<>();
    Optional<Threshold> threshold = threshold(account, resource, notes);
    RoleLastUsed shown = shown(use, threshold, clock.instant());
    next.setLastUsed(shown);
    Optional<String> warning = warning(use, shown, threshold);
    warning.ifPresent(notes::add);
    if (!notes.isEmpty()) {
      List<String> warnings =
          new ArrayList<>(next.getWarnings() == null ? List.of() : next.getWarnings());
      warnings.addAll(notes);
      next.setWarnings(RoleStatusFactory.capped(warnings));
    }
    RoleLastUsed before = resource.getStatus() == null ? null : resource.getStatus().getLastUsed();
    if (warning.isPresent() && (before == null || before.getUnusedLongerThan() == null)) {
      events.warning(resource, EVENT, warning.get());
    }
    String uid = resource.getMetadata().getUid();
    if (warning.isPresent()) {
      counted(accountId).add(uid);
    } else {
      unused.values().forEach(roles -> roles.remove(uid));
    }
  }

  /** The role is gone: it counts no more. */
  void forget(CrossAccountRole resource) {
    unused.values().forEach(roles -> roles.remove(resource.getMetadata().getUid()));
  }

  /**
   * The threshold that applies: the account's, or the role's own when the account sets none or the
   * role's is shorter. A longer one of the role's is noted and not used: the account's is a
   * guardrail, which a tenant may tighten, never loosen.
   */
  static Optional<Threshold> threshold(
      AwsAccount account, CrossAccountRole resource, List<String> notes) {
    var guardrails = account.getSpec() == null ? null : account.getSpec().getGuardrails();
    String accountText = guardrails == null ? null : guardrails.getUnusedRoleWarningAfter();
    String roleText = resource.getSpec().getUnusedWarningAfter();
    Optional<Threshold> ofAccount =
        Periods.parse(accountText)
            .map(
                p ->
                    new Threshold(
                        p,
                        accountText,
                        "guardrails.unusedRoleWarningAfter of AwsAccount "
                            + account.getMetadata().getName()));
    Optional<Threshold> ofRole =
        Periods.parse(roleText).map(p -> new Threshold(p, roleText, "spec.unusedWarningAfter"));
    if (ofRole.isEmpty()) {
      return ofAccount;
    }
    if (ofAccount.isPresent() && ofAccount.get().period().compareTo(ofRole.get().period()) < 0) {
      notes.add(
          "spec.unusedWarningAfter %s is longer than %s %s, which applies: a role may only shorten it"
              .formatted(roleText, ofAccount.get().source(), accountText));
      return ofAccount;
    }
    return ofRole;
  }

  /** What the status shows of the role's use at {@code now}. */
  static RoleLastUsed shown(RoleUse use, Optional<Threshold> threshold, Instant now) {
    RoleLastUsed shown = new RoleLastUsed();
    shown.setTime(text(use.lastUsed()));
    shown.setRegion(use.lastUsed() == null ? null : use.region());
    shown.setRoleCreated(text(use.created()));
    Optional<Instant> since = use.unusedSince();
    if (threshold.isPresent()
        && since.isPresent()
        && now.isAfter(since.get().plus(threshold.get().period()))) {
      shown.setUnusedLongerThan(threshold.get().text());
    }
    return shown;
  }

  /**
   * The warning of a role over its threshold. It names instants, never a count of days, so that it
   * stays the same from one resync to the next (a status is written only when it changes).
   */
  private static Optional<String> warning(
      RoleUse use, RoleLastUsed shown, Optional<Threshold> threshold) {
    if (shown.getUnusedLongerThan() == null) {
      return Optional.empty();
    }
    String since =
        use.lastUsed() != null
            ? "its last use at %s%s"
                .formatted(use.lastUsed(), use.region() == null ? "" : " (in " + use.region() + ")")
            : "its creation at %s (IAM reports no use in its tracking period of 400 days)"
                .formatted(use.created());
    return Optional.of(
        ("unused: nobody has assumed the role since %s, longer than %s (%s). If it is no longer"
                + " needed, delete the CrossAccountRole; nothing is deleted automatically (see"
                + " docs/unused-access.md)")
            .formatted(since, threshold.get().text(), threshold.get().source()));
  }

  private Set<String> counted(String accountId) {
    return unused.computeIfAbsent(
        accountId,
        id -> {
          Set<String> roles = ConcurrentHashMap.newKeySet();
          Gauge.builder(GAUGE, roles, Set::size)
              .description(
                  "CrossAccountRoles unused for longer than their warning threshold, by account")
              .tag("account", id)
              .strongReference(true)
              .register(registry);
          return roles;
        });
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
