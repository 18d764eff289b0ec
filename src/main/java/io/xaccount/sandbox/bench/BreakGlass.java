package io.xaccount.sandbox.bench;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.xaccount.emulator.knobs.Call;
import io.xaccount.emulator.knobs.CallLog;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The number an on-call engineer feels: while the operator is busy (a create wave, a restart over
 * converged resources), single grants to a role that already exists are applied at intervals, each
 * for a person of its own, and each one's time from apply to Ready is measured.
 */
final class BreakGlass implements AutoCloseable {
  /** How long a grant applied near the end of a busy spell may still take to be counted. */
  static final Duration GRACE = Duration.ofSeconds(60);

  private final KubernetesClient client;
  private final Workload workload;
  private final SharedIndexInformer<AssumeRoleGrant> grants;
  private final AtomicInteger next = new AtomicInteger();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "xaccount-bench-break-glass");
            t.setDaemon(true);
            return t;
          });

  private final CallLog calls;

  /** When the busy spell began, and the call log's mark then. */
  private volatile Instant began = Instant.now();

  private volatile long mark;

  /** One busy spell's grants: when each was applied, and when it was first seen Ready. */
  private final Map<String, Instant> applied = new ConcurrentHashMap<>();

  private final Map<String, Instant> readyAt = new ConcurrentHashMap<>();

  /** Each grant's Ready conditions as the watch delivered them, in order, while it was applied. */
  private final Map<String, List<Condition>> trail = new ConcurrentHashMap<>();

  private ScheduledFuture<?> applying;

  BreakGlass(KubernetesClient client, Workload workload, CallLog calls) {
    this.client = client;
    this.workload = workload;
    this.calls = calls;
    this.grants =
        client.resources(AssumeRoleGrant.class).inNamespace(Workload.BREAK_GLASS).inform();
    grants.addEventHandler(new EachVersion<>(this::note));
  }

  /**
   * Notes, as the watch delivers it, when a grant is first Ready and each Ready condition that
   * differs from the last one noted: the time is the delivery's, not that of a later poll (the
   * create wave's thread applying thousands of resources polls only once it has applied them all).
   */
  private void note(AssumeRoleGrant grant) {
    if (BenchRun.ready(grant)) {
      readyAt.putIfAbsent(grant.getMetadata().getName(), Instant.now());
    }
    Condition ready = BenchRun.readyCondition(grant);
    if (ready == null) {
      return;
    }
    List<Condition> seen =
        trail.computeIfAbsent(grant.getMetadata().getName(), n -> new CopyOnWriteArrayList<>());
    Condition last = seen.isEmpty() ? null : seen.get(seen.size() - 1);
    if (last == null
        || !Objects.equals(last.getStatus(), ready.getStatus())
        || !Objects.equals(last.getReason(), ready.getReason())
        || !Objects.equals(last.getMessage(), ready.getMessage())) {
      seen.add(ready);
    }
  }

  /**
   * Latencies of one busy spell.
   *
   * @param applied grants applied
   * @param latencies apply→Ready of those that became Ready, sorted
   * @param slowestAppliedAfter how long after the spell began the slowest of them was applied
   *     (whether it met the start of a wave, say); zero when none became Ready
   * @param slowestFirstCallAfter how long after its apply the slowest made its first IAM call about
   *     its person: the part of its wait spent before the operator took it up (events, queue)
   *     rather than at IAM; null when no such call was seen
   * @param slowestTrail the Ready conditions the slowest went through before it was Ready, as
   *     {@code status reason: message} (what it waited for, when it was not its turn)
   * @param slowestCalls every call in the slowest one's account from its apply to its Ready, as
   *     {@code +seconds service:action entity}: what the account's IAM served while it waited
   */
  record Spell(
      int applied,
      List<Duration> latencies,
      Duration slowestAppliedAfter,
      Duration slowestFirstCallAfter,
      List<String> slowestTrail,
      List<String> slowestCalls) {}

  /** At most this many of the slowest one's account's calls are listed. */
  static final int SLOWEST_CALLS = 60;

  /** Starts applying a grant every {@code interval}. */
  void start(Duration interval) {
    began = Instant.now();
    mark = calls.mark();
    applied.clear();
    readyAt.clear();
    trail.clear();
    applying =
        timer.scheduleAtFixedRate(this::applyOne, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Stops applying, waits up to {@link #GRACE} for the grants applied to become Ready, and returns
   * the spell's latencies.
   */
  Spell stop() throws InterruptedException {
    applying.cancel(false);
    Instant deadline = Instant.now().plus(GRACE);
    while (Instant.now().isBefore(deadline) && waited().size() < applied.size()) {
      observe();
      Thread.sleep(100);
    }
    observe();
    Map<String, Duration> waited = waited();
    List<Duration> latencies = new ArrayList<>(waited.values());
    latencies.sort(Duration::compareTo);
    Optional<String> slowest =
        waited.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey);
    Duration slowestAppliedAfter =
        slowest.map(name -> Duration.between(began, applied.get(name))).orElse(Duration.ZERO);
    List<Call> spellCalls = calls.since(mark);
    Optional<Call> firstCall =
        slowest.flatMap(
            name -> {
              String person = "bench-oncall-" + name.substring("break-glass-".length());
              return spellCalls.stream()
                  .filter(c -> person.equals(c.entity()))
                  .min(Comparator.comparing(Call::time));
            });
    Duration slowestFirstCallAfter =
        firstCall
            .map(first -> Duration.between(applied.get(slowest.get()), first.time()))
            .orElse(null);
    List<String> slowestCalls =
        firstCall
            .map(
                first ->
                    callsWhileWaiting(
                        spellCalls,
                        first.accountId(),
                        applied.get(slowest.get()),
                        readyAt.get(slowest.get())))
            .orElse(List.of());
    List<String> slowestTrail =
        slowest.stream()
            .flatMap(name -> trail.getOrDefault(name, List.of()).stream())
            .map(c -> c.getStatus() + " " + c.getReason() + ": " + c.getMessage())
            .toList();
    return new Spell(
        applied.size(),
        latencies,
        slowestAppliedAfter,
        slowestFirstCallAfter,
        slowestTrail,
        slowestCalls);
  }

  /**
   * The calls made in {@code accountId} from {@code from} to {@code to}, as {@code +seconds
   * service:action entity} after {@code from}, the first {@link #SLOWEST_CALLS}.
   */
  static List<String> callsWhileWaiting(
      List<Call> calls, String accountId, Instant from, Instant to) {
    return calls.stream()
        .filter(c -> accountId.equals(c.accountId()))
        .filter(c -> !c.time().isBefore(from) && (to == null || !c.time().isAfter(to)))
        .limit(SLOWEST_CALLS)
        .map(
            c ->
                String.format(
                        java.util.Locale.ROOT,
                        "+%.2f %s:%s %s",
                        Duration.between(from, c.time()).toMillis() / 1000.0,
                        c.service(),
                        c.action(),
                        c.entity() == null ? "" : c.entity())
                    .strip())
        .toList();
  }

  /**
   * Apply→Ready of this spell's grants that were Ready; zero for one whose Ready came before its
   * create call had returned.
   */
  private Map<String, Duration> waited() {
    Map<String, Duration> waited = new java.util.HashMap<>();
    applied.forEach(
        (name, at) -> {
          Instant ready = readyAt.get(name);
          if (ready != null) {
            waited.put(name, ready.isBefore(at) ? Duration.ZERO : Duration.between(at, ready));
          }
        });
    return waited;
  }

  /** How many grants this spell has applied so far. */
  int appliedCount() {
    return applied.size();
  }

  /** Notes the grants first seen Ready that the watch's events did not bring: a safety net. */
  void observe() {
    for (AssumeRoleGrant grant : grants.getStore().list()) {
      if (BenchRun.ready(grant)) {
        readyAt.putIfAbsent(grant.getMetadata().getName(), Instant.now());
      }
    }
  }

  private void applyOne() {
    int k = next.getAndIncrement();
    if (k >= Workload.BREAK_GLASS_PEOPLE) {
      return;
    }
    AssumeRoleGrant grant = workload.breakGlassGrant(k);
    try {
      client.resource(grant).create();
      applied.put(grant.getMetadata().getName(), Instant.now());
    } catch (RuntimeException e) {
      System.err.println("bench: break-glass grant " + k + " not applied: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    grants.close();
  }
}
