package io.xaccount.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.processing.Controller;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrantStatus;
import io.xaccount.operator.aws.CallPriority;
import io.xaccount.operator.testsupport.KubeSystem;
import jakarta.inject.Inject;
import java.lang.reflect.Constructor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A new generation is reconciled before resyncs queued ahead of it, and the Operator SDK's pools
 * are replaced by ordered ones once event processing has started.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = KubeSystem.class)
class ReconcileOrderTest {
  @Inject Operator operator;

  @Test
  void everyControllersPoolOrdersByRankOnceStarted() {
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(operator.getRegisteredControllers()).isNotEmpty();
              for (var registered : operator.getRegisteredControllers()) {
                assertThat(ReconcileOrder.ordered(((Controller<?>) registered).getEventProcessor()))
                    .as(registered.getConfiguration().getName())
                    .isTrue();
              }
            });
  }

  @Test
  void theOperatorSdksReconcileTasksShowTheirResourceSoTheyCanBeRanked() throws Exception {
    // Without this, every task would rank alike and reconciles would stay in arrival order.
    assertThat(
            ReconcileOrder.showsResource(
                Class.forName(
                    "io.javaoperatorsdk.operator.processing.event.EventProcessor$ReconcilerExecutor")))
        .isTrue();
    assertThat(ReconcileOrder.showsResource(Runnable.class)).isFalse();
    // ... and their controller's event processor, so that a task moved over runs in its own pool.
    assertThat(
            ReconcileOrder.ownerField(
                Class.forName(
                    "io.javaoperatorsdk.operator.processing.event.EventProcessor$ReconcilerExecutor")))
        .isPresent();
    assertThat(ReconcileOrder.ownerField(Runnable.class)).isEmpty();
  }

  @Test
  void thePoolTheSdkHandsItsControllersIsReachedUnderItsWrapper() throws Exception {
    // The SDK wraps the configured pool in an executor of its own: the queue is the pool's. Were it
    // not reached, the start-up listing's reconciles would stay queued there in arrival order.
    ExecutorService handed =
        operator.getConfigurationService().getExecutorServiceManager().reconcileExecutorService();
    assertThat(handed).isNotInstanceOf(ThreadPoolExecutor.class);
    assertThat(ReconcileOrder.threadPool(handed)).isInstanceOf(ThreadPoolExecutor.class);
  }

  @Test
  void aNewGenerationQueuedBehindResyncsRunsFirstThenNotReadyThenResyncsInArrivalOrder()
      throws InterruptedException {
    Map<Runnable, HasMetadata> resources = new ConcurrentHashMap<>();
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch busy = new CountDownLatch(1);
    ReconcileOrder.RankedPool pool = busyPool(resources, busy);
    submit(pool, resources, order, grant("resync-1", 3L, 3L, "True"));
    submit(pool, resources, order, grant("resync-2", 1L, 1L, "True"));
    submit(pool, resources, order, grant("retry", 2L, 2L, "False"));
    submit(pool, resources, order, grant("break-glass", 1L, null, null));
    submit(pool, resources, order, grant("edited", 4L, 3L, "True"));
    busy.countDown();
    pool.shutdown();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

    assertThat(order).containsExactly("break-glass", "edited", "retry", "resync-1", "resync-2");
  }

  @Test
  void withinARankNamespacesTakeTurnsSoOneTenantsWaveDoesNotHoldBackAnothersSingleGrant()
      throws InterruptedException {
    Map<Runnable, HasMetadata> resources = new ConcurrentHashMap<>();
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch busy = new CountDownLatch(1);
    ReconcileOrder.RankedPool pool = busyPool(resources, busy);
    for (int i = 0; i < 5; i++) {
      submit(pool, resources, order, inNamespace(grant("wave-" + i, 1L, null, null), "wave"));
    }
    submit(pool, resources, order, inNamespace(grant("break-glass", 1L, null, null), "oncall"));
    submit(pool, resources, order, inNamespace(grant("wave-5", 1L, null, null), "wave"));
    busy.countDown();
    pool.shutdown();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

    assertThat(order)
        .containsExactly("wave-0", "break-glass", "wave-1", "wave-2", "wave-3", "wave-4", "wave-5");
  }

  private static AssumeRoleGrant inNamespace(AssumeRoleGrant grant, String namespace) {
    grant.getMetadata().setNamespace(namespace);
    return grant;
  }

  @Test
  void aTaskMakesItsIamCallsWithItsRankAndNamespaceSoTheAccountsPaceKeepsItsPlace()
      throws InterruptedException {
    Map<Runnable, HasMetadata> resources = new ConcurrentHashMap<>();
    List<CallPriority> seen = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch busy = new CountDownLatch(1);
    ReconcileOrder.RankedPool pool = busyPool(resources, busy);
    for (AssumeRoleGrant grant :
        List.of(
            inNamespace(grant("break-glass", 1L, null, null), "oncall"),
            inNamespace(grant("resync", 1L, 1L, "True"), "team"))) {
      Runnable task = () -> seen.add(CallPriority.current());
      resources.put(task, grant);
      pool.execute(task);
    }
    busy.countDown();
    pool.shutdown();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

    assertThat(seen)
        .containsExactly(
            new CallPriority(ReconcileOrder.NEW_GENERATION, "oncall"),
            new CallPriority(ReconcileOrder.RESYNC, "team"));
    assertThat(CallPriority.current()).as("outside a task").isEqualTo(CallPriority.DEFAULT);
  }

  @Test
  void reconcilesTheSdksPoolHeldBeforeItWasReplacedMoveOverAndRunInRankOrder() throws Exception {
    Map<Runnable, HasMetadata> resources = new ConcurrentHashMap<>();
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch busy = new CountDownLatch(1);
    // The SDK's pool: one thread, busy, with a start-up's resyncs queued in arrival order.
    ThreadPoolExecutor sdk = busySdkPool(busy);
    for (int i = 0; i < 3; i++) {
      submit(sdk, resources, order, grant("resync-" + i, 1L, 1L, "True"));
    }
    submit(sdk, resources, order, inNamespace(grant("break-glass", 1L, null, null), "oncall"));
    // The ordered pool, busy as well: what moves over queues there.
    ReconcileOrder.RankedPool ranked = busyPool(resources, busy);

    // Moved from the pool as the SDK hands it to its controllers: inside its own wrapper.
    assertThat(
            ReconcileOrder.moveQueued(
                sdkWrapped(sdk),
                t -> Optional.ofNullable(resources.get(t)),
                task -> ranked,
                ranked,
                true))
        .isEqualTo(4);
    busy.countDown();
    assertThat(sdk.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    ranked.shutdown();
    assertThat(ranked.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

    assertThat(order).containsExactly("break-glass", "resync-0", "resync-1", "resync-2");
  }

  @Test
  void anIdleOrderedPoolIsHandedANewGenerationBeforeTheResyncsQueuedAheadOfIt() throws Exception {
    Map<Runnable, HasMetadata> resources = new ConcurrentHashMap<>();
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch busy = new CountDownLatch(1);
    ThreadPoolExecutor sdk = busySdkPool(busy);
    submit(sdk, resources, order, grant("resync-0", 1L, 1L, "True"));
    submit(sdk, resources, order, grant("resync-1", 1L, 1L, "True"));
    submit(sdk, resources, order, inNamespace(grant("break-glass", 1L, null, null), "oncall"));
    // Idle: its thread takes the first task handed to it at once, before any queue orders it.
    ReconcileOrder.RankedPool ranked =
        new ReconcileOrder.RankedPool(1, "test", t -> Optional.ofNullable(resources.get(t)));

    ReconcileOrder.moveQueued(
        sdkWrapped(sdk), t -> Optional.ofNullable(resources.get(t)), task -> ranked, ranked, true);
    busy.countDown();
    assertThat(sdk.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    ranked.shutdown();
    assertThat(ranked.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

    assertThat(order).containsExactly("break-glass", "resync-0", "resync-1");
  }

  @Test
  void whileAControllerHasNotStartedItsReconcilesStayQueuedInTheSdksPoolAndTheOthersMove()
      throws Exception {
    Map<Runnable, HasMetadata> resources = new ConcurrentHashMap<>();
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch busy = new CountDownLatch(1);
    ThreadPoolExecutor sdk = busySdkPool(busy);
    // The grant controller has started and has its ordered pool; the account controller has not.
    submit(sdk, resources, order, grant("account-0", 1L, 1L, "True"));
    submit(sdk, resources, order, grant("resync", 1L, 1L, "True"));
    submit(sdk, resources, order, grant("account-1", 1L, 1L, "True"));
    submit(sdk, resources, order, inNamespace(grant("break-glass", 1L, null, null), "oncall"));
    ReconcileOrder.RankedPool grants = busyPool(resources, busy);
    java.util.function.Function<Runnable, java.util.concurrent.Executor> owners =
        task -> resources.get(task).getMetadata().getName().startsWith("account-") ? null : grants;

    assertThat(
            ReconcileOrder.moveQueued(
                sdkWrapped(sdk), t -> Optional.ofNullable(resources.get(t)), owners, grants, false))
        .isEqualTo(2);
    // The SDK's pool stays open for the controller still starting, its reconciles in their order.
    assertThat(sdk.isShutdown()).isFalse();
    assertThat(sdk.getQueue())
        .extracting(t -> resources.get(t).getMetadata().getName())
        .containsExactly("account-0", "account-1");
    // Once every controller has started, the pool is retired; what nobody claims goes on.
    assertThat(
            ReconcileOrder.moveQueued(
                sdkWrapped(sdk),
                t -> Optional.ofNullable(resources.get(t)),
                task -> null,
                grants,
                true))
        .isEqualTo(2);
    assertThat(sdk.isShutdown()).isTrue();
    busy.countDown();
    assertThat(sdk.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    grants.shutdown();
    assertThat(grants.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

    assertThat(order).containsExactly("break-glass", "resync", "account-0", "account-1");
  }

  @Test
  void aResourceBeingDeletedRanksAsANewGeneration() {
    AssumeRoleGrant deleting = grant("deleting", 2L, 2L, "True");
    deleting.getMetadata().setDeletionTimestamp("2026-12-07T00:00:00Z");
    assertThat(ReconcileOrder.rank(Optional.of(deleting))).isEqualTo(ReconcileOrder.NEW_GENERATION);
    assertThat(ReconcileOrder.rank(Optional.empty())).isEqualTo(ReconcileOrder.NOT_READY);
  }

  /** A pool of one thread as the SDK's, held busy until {@code busy} counts down. */
  private static ThreadPoolExecutor busySdkPool(CountDownLatch busy) throws InterruptedException {
    return occupied(
        new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>()), busy);
  }

  /** The SDK's own wrapper ({@code ExecutorServiceManager}'s) around {@code pool}. */
  private static ExecutorService sdkWrapped(ExecutorService pool) throws Exception {
    Constructor<?> wrapper =
        Class.forName(
                "io.javaoperatorsdk.operator.api.config.ExecutorServiceManager"
                    + "$InstrumentedExecutorService")
            .getDeclaredConstructor(ExecutorService.class);
    wrapper.setAccessible(true);
    return (ExecutorService) wrapper.newInstance(pool);
  }

  /**
   * A pool of one thread, held busy until {@code busy} counts down: what follows queues. Returned
   * once the busy task runs, so that the turn it holds is the one being served.
   */
  private static ReconcileOrder.RankedPool busyPool(
      Map<Runnable, HasMetadata> resources, CountDownLatch busy) throws InterruptedException {
    return occupied(
        new ReconcileOrder.RankedPool(1, "test", t -> Optional.ofNullable(resources.get(t))), busy);
  }

  /** Holds the pool's one thread busy until {@code busy} counts down; returns once it is. */
  private static <P extends java.util.concurrent.Executor> P occupied(P pool, CountDownLatch busy)
      throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    pool.execute(
        () -> {
          started.countDown();
          try {
            busy.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    return pool;
  }

  private static void submit(
      java.util.concurrent.Executor pool,
      Map<Runnable, HasMetadata> resources,
      List<String> order,
      AssumeRoleGrant grant) {
    Runnable task = () -> order.add(grant.getMetadata().getName());
    resources.put(task, grant);
    pool.execute(task);
  }

  /** A grant of that generation whose status observed {@code observed} with Ready {@code ready}. */
  private static AssumeRoleGrant grant(String name, Long generation, Long observed, String ready) {
    AssumeRoleGrant grant = new AssumeRoleGrant();
    grant.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace("t")
            .withGeneration(generation)
            .build());
    if (observed != null) {
      AssumeRoleGrantStatus status = new AssumeRoleGrantStatus();
      status.setObservedGeneration(observed);
      Condition condition = new Condition();
      condition.setType("Ready");
      condition.setStatus(ready);
      condition.setObservedGeneration(observed);
      status.setConditions(new ArrayList<>(List.of(condition)));
      grant.setStatus(status);
    }
    return grant;
  }
}
