package io.xaccount.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.event.EventProcessor;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.xaccount.operator.api.v1alpha1.ReadyStatus;
import io.xaccount.operator.aws.CallPriority;
import io.xaccount.operator.aws.FairTurns;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Reconciles of a new generation (a resource created, its spec changed, or being deleted) are
 * served before the others: a break-glass grant applied while thousands of resources resync after a
 * restart, or while a wave of them retries, does not queue behind them.
 *
 * <p>The Operator SDK runs each controller's reconciles on a fixed pool that takes them in arrival
 * order. Once a controller's event processing has started (at start-up, or when this replica wins
 * the leader election), its pool is replaced by one of the same size whose queue orders by {@link
 * #rank}: a new generation first, then a resource that is not Ready yet (retries, waits), then a
 * resync of a converged one; within a rank, namespaces take turns (every namespace is a tenant),
 * then arrival order. The old pool finishes what it holds. The SDK offers no hook for this: the
 * pool is its event processor's private field, set when event processing starts. Should a later SDK
 * rename it, this logs a warning once and reconciles stay in arrival order ({@code
 * ReconcileOrderTest} fails first).
 */
@ApplicationScoped
public class ReconcileOrder {
  private static final Logger LOG = Logger.getLogger(ReconcileOrder.class);

  /** A new generation: created, spec changed, or being deleted. */
  static final int NEW_GENERATION = 0;

  /** Not Ready for its generation yet: a retry, or a wait for something else. */
  static final int NOT_READY = 1;

  /** A resync of a resource Ready for its generation. */
  static final int RESYNC = 2;

  private final Instance<Operator> operator;
  private final ScheduledExecutorService watcher =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "xaccount-reconcile-order");
            t.setDaemon(true);
            return t;
          });
  private volatile boolean warned;

  private final BeanManager beans;

  /** The SDK's Operator bean, resolved once (only the watcher's thread touches it). */
  private Bean<?> operatorBean;

  public ReconcileOrder(Instance<Operator> operator, BeanManager beans) {
    this.operator = operator;
    this.beans = beans;
  }

  /**
   * Before the SDK's own start-up observer (which starts the controllers): each controller's pool
   * is replaced as soon as its event processing starts, not once every controller has started. At
   * N=5,000 the account controller started 11 s after the grant controller, and the grants'
   * start-up reconciles ran in arrival order meanwhile.
   */
  void onStart(@Observes @Priority(3000) StartupEvent event) {
    watcher.scheduleWithFixedDelay(this::install, 0, WATCH.toMillis(), TimeUnit.MILLISECONDS);
  }

  void onStop(@Observes ShutdownEvent event) {
    watcher.shutdownNow();
  }

  /** How often the watcher looks for event processors started with the SDK's pool. */
  private static final java.time.Duration WATCH = java.time.Duration.ofMillis(200);

  /**
   * The SDK's pools replaced but not yet retired: the SDK hands every controller the same one, and
   * a controller still starting will queue its first listing's reconciles there. Only the watcher's
   * thread touches this.
   */
  private final Map<ExecutorService, Boolean> replaced = new IdentityHashMap<>();

  /** Replaces the pool of every controller whose event processing has started and still has it. */
  void install() {
    try {
      Optional<Operator> sdk = built();
      if (sdk.isEmpty()) {
        return;
      }
      boolean allStarted = true;
      Executor fallback = null;
      for (RegisteredController<?> registered : sdk.get().getRegisteredControllers()) {
        if (!(registered instanceof Controller<?> controller)) {
          continue;
        }
        EventProcessor<?> processor = controller.getEventProcessor();
        Object current = pool().get(processor);
        if (current instanceof RankedPool ranked) {
          fallback = fallback == null ? ranked : fallback;
        } else if (current instanceof ExecutorService old) {
          int threads = sdk.get().getConfigurationService().concurrentReconciliationThreads();
          String name = controller.getConfiguration().getName();
          RankedPool ranked = new RankedPool(threads, name, ReconcileOrder::resourceOf);
          pool().set(processor, ranked);
          replaced.put(old, true);
          fallback = fallback == null ? ranked : fallback;
          LOG.infof(
              "Reconciles of %s are served new generations first (%d threads)", name, threads);
        } else {
          allStarted = false;
        }
      }
      for (ExecutorService old : List.copyOf(replaced.keySet())) {
        try {
          int moved =
              moveQueued(
                  old, ReconcileOrder::resourceOf, ReconcileOrder::ownerPool, fallback, allStarted);
          if (moved > 0) {
            LOG.infof("%d reconciles queued in the Operator SDK's pool moved over", moved);
          }
        } catch (RuntimeException | ReflectiveOperationException e) {
          replaced.remove(old);
          old.shutdown();
          LOG.warnf(
              "Reconciles queued before the pools were replaced run in arrival order: %s",
              e.toString());
        }
      }
      if (allStarted) {
        replaced.clear();
      }
    } catch (RuntimeException | ReflectiveOperationException e) {
      if (!warned) {
        warned = true;
        LOG.warnf(
            "Reconciles stay in arrival order: the Operator SDK's reconcile pool could not be"
                + " replaced (%s)",
            e.toString());
      }
    }
  }

  /**
   * The SDK's operator once the SDK's start-up has built it. Resolving it earlier would build it on
   * this watcher's thread, ahead of the SDK's own start-up observer.
   */
  private Optional<Operator> built() {
    if (operatorBean == null) {
      operatorBean = beans.resolve(beans.getBeans(Operator.class));
    }
    Bean<?> bean = operatorBean;
    if (bean == null || beans.getContext(bean.getScope()).get(bean) == null) {
      return Optional.empty();
    }
    return Optional.of(operator.get());
  }

  /** Whether the event processor's pool is one that orders by rank. */
  static boolean ordered(EventProcessor<?> processor) throws ReflectiveOperationException {
    return pool().get(processor) instanceof RankedPool;
  }

  /**
   * Moves the reconciles the SDK's pool holds but has not begun to their controllers' ordered
   * pools: at start-up the informers' first listing queues every resource there, and a break-glass
   * grant applied meanwhile must not wait behind them. What runs finishes where it is.
   *
   * <p>The SDK hands its event processors one pool for every controller, wrapped in an executor of
   * its own ({@code ExecutorServiceManager}'s instrumented one): the queue is the wrapped pool's.
   * While a controller has not started yet, its reconciles stay queued there in order, and the pool
   * stays open for it; once {@code retire}, the pool is shut down first, so that nothing more is
   * queued there, and what no controller claims goes to {@code fallback}.
   *
   * @param resourceOf the resource a task is about, for its rank
   * @param ownerPool the ordered pool of a task's controller, or null while it has none
   * @return how many reconciles were moved
   * @throws IllegalStateException when the pool holding the queue cannot be reached: the queued
   *     reconciles would run in arrival order, out of reach of any ranking
   */
  static int moveQueued(
      ExecutorService old,
      Function<Runnable, Optional<HasMetadata>> resourceOf,
      Function<Runnable, Executor> ownerPool,
      Executor fallback,
      boolean retire)
      throws ReflectiveOperationException {
    ThreadPoolExecutor pool = threadPool(old);
    if (retire) {
      pool.shutdown();
    }
    List<Runnable> queued = new ArrayList<>();
    pool.getQueue().drainTo(queued);
    // Handed over in rank order, arrival order within a rank: an ordered pool's idle threads take
    // the first tasks handed to it at once, before its queue orders anything, and at start-up
    // moving 10,000 reconciles takes seconds. Each task is ranked once, not at each comparison.
    Map<Runnable, Integer> ranks = new IdentityHashMap<>(queued.size());
    for (Runnable task : queued) {
      ranks.put(task, rank(resourceOf.apply(task)));
    }
    queued.sort(java.util.Comparator.comparingInt(ranks::get));
    int moved = 0;
    for (Runnable task : queued) {
      Executor owner = ownerPool.apply(task);
      if (owner != null) {
        owner.execute(task);
        moved++;
      } else if (!retire) {
        pool.execute(task);
      } else {
        fallback.execute(task);
        moved++;
      }
    }
    return moved;
  }

  /**
   * The thread pool under the SDK's executor: the executor itself, or what its wrappers (a field of
   * type {@link ExecutorService}) hold.
   */
  static ThreadPoolExecutor threadPool(ExecutorService executor)
      throws ReflectiveOperationException {
    ExecutorService current = executor;
    for (int depth = 0; depth < 4; depth++) {
      if (current instanceof ThreadPoolExecutor pool) {
        return pool;
      }
      ExecutorService inner = null;
      for (Field field : current.getClass().getDeclaredFields()) {
        if (ExecutorService.class.isAssignableFrom(field.getType())
            && !java.lang.reflect.Modifier.isStatic(field.getModifiers())) {
          field.setAccessible(true);
          inner = (ExecutorService) field.get(current);
          break;
        }
      }
      if (inner == null) {
        break;
      }
      current = inner;
    }
    throw new IllegalStateException(
        "the reconcile pool under " + executor.getClass().getName() + " is not a thread pool");
  }

  /**
   * The ordered pool of the controller a reconcile belongs to (the SDK's task is an inner object of
   * its controller's event processor), or null when it cannot be told or has none yet.
   */
  private static Executor ownerPool(Runnable task) {
    try {
      Optional<Field> outer = ownerField(task.getClass());
      return outer.isPresent()
              && outer.get().get(task) instanceof EventProcessor<?> processor
              && pool().get(processor) instanceof RankedPool ranked
          ? ranked
          : null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /** The field by which a task of this class knows its event processor, if it has one. */
  static Optional<Field> ownerField(Class<?> taskClass) {
    for (Field field : taskClass.getDeclaredFields()) {
      if (EventProcessor.class.isAssignableFrom(field.getType())) {
        field.setAccessible(true);
        return Optional.of(field);
      }
    }
    return Optional.empty();
  }

  private static Field pool() throws NoSuchFieldException {
    Field field = EventProcessor.class.getDeclaredField("executor");
    field.setAccessible(true);
    return field;
  }

  /**
   * The resource a reconcile task of the SDK is about, as it was when the task was submitted: the
   * task's private {@code executionScope} and its {@code getResource()}, looked up once per class.
   */
  static Optional<HasMetadata> resourceOf(Runnable task) {
    try {
      Accessors accessors = ACCESSORS.computeIfAbsent(task.getClass(), Accessors::of);
      if (accessors == Accessors.NONE) {
        return Optional.empty();
      }
      Object scope = accessors.scope().get(task);
      return scope == null
          ? Optional.empty()
          : Optional.ofNullable(accessors.resource().invoke(scope))
              .filter(HasMetadata.class::isInstance)
              .map(HasMetadata.class::cast);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Whether tasks of this class show their resource (the SDK's reconcile tasks must). */
  static boolean showsResource(Class<?> taskClass) {
    return Accessors.of(taskClass) != Accessors.NONE;
  }

  private static final Map<Class<?>, Accessors> ACCESSORS = new ConcurrentHashMap<>();

  /** How to reach a task's resource; {@link #NONE} for tasks that are not the SDK's reconciles. */
  private record Accessors(Field scope, java.lang.reflect.Method resource) {
    static final Accessors NONE = new Accessors(null, null);

    static Accessors of(Class<?> taskClass) {
      try {
        Field scope = taskClass.getDeclaredField("executionScope");
        scope.setAccessible(true);
        java.lang.reflect.Method resource = scope.getType().getDeclaredMethod("getResource");
        resource.setAccessible(true);
        return new Accessors(scope, resource);
      } catch (ReflectiveOperationException | RuntimeException e) {
        return NONE;
      }
    }
  }

  /** How soon a reconcile of {@code resource} is served: the lower, the sooner. */
  static int rank(Optional<HasMetadata> resource) {
    if (resource.isEmpty()) {
      return NOT_READY;
    }
    HasMetadata r = resource.get();
    if (r.getMetadata().getDeletionTimestamp() != null) {
      return NEW_GENERATION;
    }
    ReadyStatus status = statusOf(r);
    if (status == null
        || !Objects.equals(status.getObservedGeneration(), r.getMetadata().getGeneration())) {
      return NEW_GENERATION;
    }
    boolean ready = status.readyCondition().map(c -> "True".equals(c.getStatus())).orElse(false);
    return ready ? RESYNC : NOT_READY;
  }

  private static ReadyStatus statusOf(HasMetadata resource) {
    return resource instanceof CustomResource<?, ?> custom
            && custom.getStatus() instanceof ReadyStatus status
        ? status
        : null;
  }

  /**
   * A fixed pool whose queue serves lower ranks first and, within a rank, namespaces in turn
   * (start-time fair queuing: each namespace's next task takes the turn after its previous one, or
   * after the turn being served when it has waited longer), then arrival order: one tenant's wave
   * of a thousand new resources does not hold back another tenant's single one.
   */
  static final class RankedPool extends ThreadPoolExecutor {
    private final AtomicLong arrivals = new AtomicLong();
    private final Function<Runnable, Optional<HasMetadata>> resourceOf;
    private final FairTurns turns = new FairTurns();

    RankedPool(int threads, String name, Function<Runnable, Optional<HasMetadata>> resourceOf) {
      super(threads, threads, 0, TimeUnit.MILLISECONDS, new PriorityBlockingQueue<>(), named(name));
      this.resourceOf = resourceOf;
    }

    @Override
    public void execute(Runnable task) {
      if (task instanceof Ranked) {
        super.execute(task);
        return;
      }
      Optional<HasMetadata> resource = resourceOf.apply(task);
      String namespace =
          resource.map(r -> String.valueOf(r.getMetadata().getNamespace())).orElse("");
      int rank = rank(resource);
      super.execute(
          new Ranked(
              task,
              new CallPriority(rank, namespace),
              new FairTurns.Place(rank, turn(namespace), arrivals.getAndIncrement())));
    }

    private synchronized long turn(String namespace) {
      return turns.next(namespace);
    }

    @Override
    protected void beforeExecute(Thread thread, Runnable task) {
      if (task instanceof Ranked ranked) {
        synchronized (this) {
          turns.serving(ranked.place().turn());
        }
      }
      super.beforeExecute(thread, task);
    }

    private static ThreadFactory named(String name) {
      AtomicInteger n = new AtomicInteger();
      return r -> {
        Thread t = new Thread(r, "ReconcilerExecutor-" + name + "-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      };
    }
  }

  /**
   * A task with its rank and namespace, its namespace's turn and its arrival. It runs with that
   * rank and namespace as its {@link CallPriority}, so that its IAM calls keep its place in the
   * account's pace.
   */
  record Ranked(Runnable task, CallPriority priority, FairTurns.Place place)
      implements Runnable, Comparable<Ranked> {
    @Override
    public void run() {
      priority.during(task);
    }

    int rank() {
      return place.rank();
    }

    @Override
    public int compareTo(Ranked other) {
      return place.compareTo(other.place);
    }
  }
}
