package io.xaccount.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.xaccount.operator.api.v1alpha1.ReadyStatus;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Owns the rules of our conditions: one {@code Ready} condition with a reason from {@link Reason},
 * a message, the observed generation, and a {@code lastTransitionTime} that only moves when the
 * condition's status changes.
 */
public final class ReadyConditions {
  public static final String READY = ReadyStatus.READY;
  public static final String RECONCILING = "Reconciling";
  public static final String STALLED = "Stalled";
  private static final Set<String> OWNED = Set.of(READY, RECONCILING, STALLED);

  private final Clock clock;

  public ReadyConditions(Clock clock) {
    this.clock = clock;
  }

  /**
   * Writes Ready into {@code next}, carrying {@code lastTransitionTime} over from {@code previous}
   * when the status is unchanged. Alongside Ready it keeps the kstatus conditions Flux reads:
   * {@code Stalled=True} while a terminal reason holds, {@code Reconciling=True} while a
   * recoverable one does, both False once Ready.
   */
  public <S extends ReadyStatus> S ready(
      S next, ReadyStatus previous, long generation, boolean ready, Reason reason, String message) {
    List<Condition> conditions = new ArrayList<>();
    if (previous != null && previous.getConditions() != null) {
      previous.getConditions().stream()
          .filter(c -> !OWNED.contains(c.getType()))
          .forEach(conditions::add);
    }
    // Always the same three, in the same order: a status patch then only replaces entries and
    // never shifts the list, so it applies even over a slightly stale copy of the resource.
    conditions.add(condition(previous, READY, ready, reason, message, generation));
    boolean stalled = !ready && reason.isTerminal();
    conditions.add(
        condition(previous, RECONCILING, !ready && !stalled, reason, message, generation));
    conditions.add(condition(previous, STALLED, stalled, reason, message, generation));
    next.setConditions(conditions);
    next.setObservedGeneration(generation);
    return next;
  }

  private Condition condition(
      ReadyStatus previous,
      String type,
      boolean value,
      Reason reason,
      String message,
      long generation) {
    String status = value ? "True" : "False";
    Condition before =
        previous == null || previous.getConditions() == null
            ? null
            : previous.getConditions().stream()
                .filter(c -> type.equals(c.getType()))
                .findFirst()
                .orElse(null);
    String transitionTime =
        before != null && status.equals(before.getStatus())
            ? before.getLastTransitionTime()
            : now();
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason.name())
        .withMessage(message)
        .withObservedGeneration(generation)
        .withLastTransitionTime(transitionTime)
        .build();
  }

  /** True when the Ready condition of both statuses says the same thing. */
  public static boolean sameReady(ReadyStatus a, ReadyStatus b) {
    Condition x = a == null ? null : a.readyCondition().orElse(null);
    Condition y = b == null ? null : b.readyCondition().orElse(null);
    return Objects.equals(x, y);
  }

  /** The current time in the RFC 3339 form Kubernetes uses, to the second. */
  public String now() {
    return DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
  }
}
