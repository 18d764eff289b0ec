package io.xaccount.sandbox.bench;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.xaccount.emulator.IamEmulator;
import io.xaccount.emulator.knobs.Call;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.ReadyStatus;
import io.xaccount.sandbox.BenchMemory;
import io.xaccount.sandbox.OperatorChild;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The benchmark's phases against the running operator: create everything and wait for Ready, let
 * resync periods pass, change 10 % of the specs, delete everything; each phase's IAM calls come
 * from the emulator's call log, apply-to-Ready latencies from polling the resources.
 */
final class BenchRun implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(250);
  private static final Duration LIST_POLL = Duration.ofSeconds(10);
  private static final int WRITE_ATTEMPTS = 5;
  private static final Duration PHASE_TIMEOUT = Duration.ofMinutes(30);

  /** One phase: when it began, how long it took and the IAM calls made meanwhile. */
  record Phase(String name, Instant start, Duration took, List<Call> calls, boolean completed) {}

  private final BenchOptions options;
  private final KubernetesClient client;
  private final IamEmulator emulator;
  private final Workload workload;
  final List<Phase> phases = new ArrayList<>();
  final List<Duration> readyLatencies = new ArrayList<>();

  /** How long creating every role and grant took the benchmark: the embedded API's pace. */
  Duration applied = Duration.ZERO;

  BenchMemory memory;

  /** Break-glass latencies by busy spell ({@code create}, {@code restart}). */
  final Map<String, BreakGlass.Spell> breakGlass = new java.util.LinkedHashMap<>();

  /** How often a break-glass grant is applied during a busy spell. */
  static final Duration BREAK_GLASS_INTERVAL = Duration.ofSeconds(3);

  private final java.util.function.Supplier<BenchMemory> measureMemory;
  private final java.util.Optional<OperatorChild> operator;
  private final SharedIndexInformer<CrossAccountRole> roles;
  private final SharedIndexInformer<AssumeRoleGrant> grants;

  /** When the watches first delivered each workload resource Ready (by {@link #key}). */
  private final Map<String, Instant> firstReady = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * @param measureMemory measures memory and CPU once everything is converged
   */
  BenchRun(
      BenchOptions options,
      KubernetesClient client,
      IamEmulator emulator,
      Workload workload,
      java.util.function.Supplier<BenchMemory> measureMemory,
      java.util.Optional<OperatorChild> operator) {
    this.options = options;
    this.operator = operator;
    this.measureMemory = measureMemory;
    this.client = client;
    this.emulator = emulator;
    this.workload = workload;
    this.roles = client.resources(CrossAccountRole.class).inNamespace(Workload.NAMESPACE).inform();
    this.grants = client.resources(AssumeRoleGrant.class).inNamespace(Workload.NAMESPACE).inform();
    roles.addEventHandler(new EachVersion<>(this::noteReady));
    grants.addEventHandler(new EachVersion<>(this::noteReady));
  }

  /**
   * Notes when the watch first delivers a resource Ready, by {@link #key}: the create wave's
   * latencies are taken from these, not from the polls that begin once the wave is applied.
   */
  private void noteReady(HasMetadata resource) {
    if (ready(resource)) {
      firstReady.putIfAbsent(key(resource), Instant.now());
    }
  }

  void run() throws InterruptedException {
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(Workload.NAMESPACE)
                .endMetadata()
                .build())
        .create();
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(Workload.BREAK_GLASS)
                .endMetadata()
                .build())
        .create();
    workload.accounts().forEach(a -> client.resource(a).create());
    awaitAll(() -> client.resources(AwsAccount.class).list().getItems(), BenchRun::ready);
    // The role break-glass grants reach exists before the operator gets busy.
    CrossAccountRole target = client.resource(workload.breakGlassRole()).create();
    awaitAll(() -> List.of(client.resource(target).get()), BenchRun::ready);

    try (BreakGlass glass = new BreakGlass(client, workload, emulator.calls())) {
      phases(glass);
    }
  }

  /**
   * The phases. Break-glass grants are applied during the busy spells only at IAM's pace (without
   * it their latencies mean nothing, and CI's smoke counts the workload's calls alone).
   */
  private void phases(BreakGlass glass) throws InterruptedException {
    long mark = emulator.mark();
    Instant start = Instant.now();
    if (options.pace()) {
      glass.start(BREAK_GLASS_INTERVAL);
    }
    Map<String, Instant> applied = new HashMap<>();
    for (int i = 0; i < options.roles(); i++) {
      applied.put(key(create(workload.role(i))), Instant.now());
    }
    for (int j = 0; j < options.grants(); j++) {
      applied.put(key(create(workload.grant(j))), Instant.now());
    }
    this.applied = Duration.between(start, Instant.now());
    Map<String, Instant> readyAt = new HashMap<>();
    boolean created =
        awaitAll(
            this::resources,
            options.roles() + options.grants(),
            r -> {
              glass.observe();
              boolean ready = ready(r);
              if (ready) {
                readyAt.putIfAbsent(key(r), Instant.now());
              }
              return ready;
            });
    readyAt.forEach(
        (k, polled) -> {
          Instant at = firstReady.getOrDefault(k, polled);
          Instant apply = applied.get(k);
          readyLatencies.add(at.isBefore(apply) ? Duration.ZERO : Duration.between(apply, at));
        });
    record(
        new Phase(
            "create",
            start,
            Duration.between(start, Instant.now()),
            emulator.callsSince(mark),
            created));
    if (options.pace()) {
      breakGlass.put("create", glass.stop());
    }
    if (!options.runs("steady")) {
      return;
    }

    mark = emulator.mark();
    start = Instant.now();
    // A resync comes every interval, jittered by up to 10 %: wait that long for each.
    Thread.sleep(
        options.resyncInterval().multipliedBy(11).dividedBy(10).toMillis() * options.resyncs());
    record(
        new Phase(
            "steady",
            start,
            Duration.between(start, Instant.now()),
            emulator.callsSince(mark),
            true));
    // Memory with every resource present and converged.
    memory = measureMemory.get();
    System.out.printf(
        "bench: heap after GC %d MiB, RSS %d MiB (%s)%n",
        memory.heapAfterGcBytes() / (1024 * 1024), memory.rssKiB() / 1024, memory.measured());
    if (operator.isPresent() && options.runs("restart")) {
      restart(operator.get(), glass);
    }
    if (!options.runs("change")) {
      return;
    }

    mark = emulator.mark();
    start = Instant.now();
    for (int i = 0; i < options.roles(); i += 10) {
      change(CrossAccountRole.class, "bench-role-" + i, Workload::changeRole);
    }
    for (int j = 0; j < options.grants(); j += 10) {
      change(AssumeRoleGrant.class, "bench-grant-" + j, Workload::changeGrant);
    }
    boolean changed =
        awaitAll(this::resources, options.roles() + options.grants(), BenchRun::ready);
    record(
        new Phase(
            "change",
            start,
            Duration.between(start, Instant.now()),
            emulator.callsSince(mark),
            changed));
    if (!options.runs("delete")) {
      return;
    }

    mark = emulator.mark();
    start = Instant.now();
    client.resources(AssumeRoleGrant.class).inNamespace(Workload.NAMESPACE).delete();
    client.resources(CrossAccountRole.class).inNamespace(Workload.NAMESPACE).delete();
    boolean deleted = awaitDeleted();
    record(
        new Phase(
            "delete",
            start,
            Duration.between(start, Instant.now()),
            emulator.callsSince(mark),
            deleted));
  }

  /**
   * Kills the operator and starts it again over every resource converged, applying break-glass
   * grants meanwhile: the phase lasts until the new operator has finished a reconcile of every
   * resource (its {@code xaccount_reconcile_results_total}) and IAM has been quiet for a second.
   */
  private void restart(OperatorChild child, BreakGlass glass) throws InterruptedException {
    int resources = options.roles() + options.grants() + 1;
    child.kill();
    long mark = emulator.mark();
    Instant start = Instant.now();
    child.start();
    glass.start(BREAK_GLASS_INTERVAL);
    Instant deadline = start.plus(PHASE_TIMEOUT);
    boolean confirmed = false;
    while (Instant.now().isBefore(deadline) && !confirmed) {
      glass.observe();
      // Roles and grants only: the AwsAccounts' reconciles are not the workload's.
      Map<String, Long> byKind = child.reconciles();
      long reconciled =
          byKind.getOrDefault("CrossAccountRole", 0L) + byKind.getOrDefault("AssumeRoleGrant", 0L);
      confirmed = reconciled >= resources + glass.appliedCount();
      Thread.sleep(POLL.toMillis());
    }
    Instant done = Instant.now();
    List<Call> calls = emulator.callsSince(mark);
    record(new Phase("restart", start, Duration.between(start, done), calls, confirmed));
    breakGlass.put("restart", glass.stop());
  }

  /**
   * Edits a resource's spec as a person would: read, change, write; read again when the operator
   * wrote its status in between (409).
   */
  private <T extends HasMetadata> void change(
      Class<T> kind, String name, java.util.function.Consumer<T> edit) {
    for (int attempt = 1; ; attempt++) {
      T resource = get(kind, name);
      edit.accept(resource);
      try {
        client.resource(resource).update();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == WRITE_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private <T extends HasMetadata> T get(Class<T> kind, String name) {
    return client.resources(kind).inNamespace(Workload.NAMESPACE).withName(name).get();
  }

  /**
   * The workload's resources as last seen by the watches: polling lists of 10,000 resources every
   * 250 ms would make the benchmark the embedded API's heaviest client.
   */
  List<HasMetadata> resources() {
    List<HasMetadata> all = new ArrayList<>(roles.getStore().list());
    all.addAll(grants.getStore().list());
    return all;
  }

  /**
   * Polls until nothing is left: the watches' view every {@link #POLL}, the API's own list when the
   * watches see nothing and every {@link #LIST_POLL} regardless (a watch of the N=5,000 run kept
   * resources the API had deleted long before).
   */
  private boolean awaitDeleted() throws InterruptedException {
    Instant deadline = Instant.now().plus(PHASE_TIMEOUT);
    Instant nextList = Instant.now().plus(LIST_POLL);
    while (Instant.now().isBefore(deadline)) {
      if (resources().isEmpty() || Instant.now().isAfter(nextList)) {
        if (listed().isEmpty()) {
          return true;
        }
        nextList = Instant.now().plus(LIST_POLL);
      }
      Thread.sleep(POLL.toMillis());
    }
    return false;
  }

  /** The workload's resources as the API lists them. */
  private List<HasMetadata> listed() {
    List<HasMetadata> all = new ArrayList<>();
    all.addAll(
        client.resources(CrossAccountRole.class).inNamespace(Workload.NAMESPACE).list().getItems());
    all.addAll(
        client.resources(AssumeRoleGrant.class).inNamespace(Workload.NAMESPACE).list().getItems());
    return all;
  }

  /**
   * Creates {@code resource}; a request that timed out on a busy API may still have created it, so
   * a retry that meets it counts as created.
   */
  private <T extends HasMetadata> T create(T resource) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return client.resource(resource).create();
      } catch (KubernetesClientException e) {
        if (e.getCode() == 409 && attempt > 1) {
          return client.resource(resource).get();
        }
        if (e.getCode() != 0 || attempt == WRITE_ATTEMPTS) {
          throw e;
        }
        Thread.sleep(POLL.toMillis() * attempt);
      }
    }
  }

  /** How many accounts the workload spreads over. */
  long accountCount() {
    return workload.accountIds.size();
  }

  /** Stops the watches. */
  @Override
  public void close() {
    roles.close();
    grants.close();
  }

  /** Polls until every listed resource satisfies {@code done} (an empty list counts as done). */
  private void record(Phase phase) {
    phases.add(phase);
    System.out.printf(
        "bench: %s %s in %.1f s, %d IAM calls%n",
        phase.name(),
        phase.completed() ? "done" : "TIMED OUT",
        phase.took().toMillis() / 1000.0,
        phase.calls().size());
  }

  private static <T extends HasMetadata> boolean awaitAll(
      java.util.function.Supplier<List<T>> list, Predicate<T> done) throws InterruptedException {
    return awaitAll(list, 0, done);
  }

  /** Polls until at least {@code count} resources are listed and each satisfies {@code done}. */
  private static <T extends HasMetadata> boolean awaitAll(
      java.util.function.Supplier<List<T>> list, int count, Predicate<T> done)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(PHASE_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      List<T> items = list.get();
      boolean all = items.size() >= count;
      for (T item : items) {
        all &= done.test(item);
      }
      if (all) {
        return true;
      }
      Thread.sleep(POLL.toMillis());
    }
    return false;
  }

  static boolean ready(HasMetadata resource) {
    Object status =
        resource instanceof CrossAccountRole r
            ? r.getStatus()
            : resource instanceof AssumeRoleGrant g
                ? g.getStatus()
                : resource instanceof AwsAccount a ? a.getStatus() : null;
    if (!(status instanceof ReadyStatus s) || s.getObservedGeneration() == null) {
      return false;
    }
    return s.getObservedGeneration().equals(resource.getMetadata().getGeneration())
        && s.readyCondition().map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  /** A grant's Ready condition, or null while it has none. */
  static Condition readyCondition(AssumeRoleGrant grant) {
    return grant.getStatus() == null ? null : grant.getStatus().readyCondition().orElse(null);
  }

  private static String key(HasMetadata resource) {
    return resource.getKind() + "/" + resource.getMetadata().getName();
  }
}
