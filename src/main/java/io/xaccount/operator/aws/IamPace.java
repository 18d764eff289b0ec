package io.xaccount.operator.aws;

import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The pace of one account's IAM calls from this operator, kept on the client side so that calls
 * wait their turn here instead of meeting IAM's throttling, and so that the most urgent go first.
 *
 * <p>A token bucket (a rate and a burst) sends every attempt, first or retried. IAM's own limits
 * are unpublished and cannot be raised: the rate starts at the configured ceiling, halves when IAM
 * throttles anyway (at most once in 200 ms: the throttles of calls sent together are one signal),
 * and climbs back by about one call per second each second of calls that succeed, never above the
 * ceiling.
 *
 * <p>Waiting calls are served by {@link CallPriority}: lower rank first (a new generation before a
 * resource not Ready, before a resync), within a rank namespaces in turn ({@link FairTurns}), then
 * arrival order. A break-glass grant's calls therefore overtake a restart's thousands of resyncs
 * and another tenant's wave of creates.
 */
final class IamPace {
  private static final double FLOOR = 1.0;
  private static final double DECREASE = 0.5;
  private static final long DECREASE_EVERY = TimeUnit.MILLISECONDS.toNanos(200);

  private final double ceiling;
  private final double burst;
  private final LongSupplier nanos;

  /** The pace whose token the current thread took ahead of its next call ({@link #takeTurn}). */
  private static final ThreadLocal<IamPace> TAKEN = new ThreadLocal<>();

  private final ReentrantLock lock = new ReentrantLock(true);
  private final Condition changed = lock.newCondition();
  private final PriorityQueue<FairTurns.Place> waiting = new PriorityQueue<>();
  private final FairTurns turns = new FairTurns();
  private double rate;
  private double tokens;
  private long refilled;
  private long lastDecrease = Long.MIN_VALUE / 2;
  private long arrivals;

  IamPace(double callsPerSecond, int burst) {
    this(callsPerSecond, burst, System::nanoTime);
  }

  IamPace(double callsPerSecond, int burst, LongSupplier nanos) {
    if (callsPerSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException(
          "an IAM pace needs a positive rate and a burst of at least 1");
    }
    this.ceiling = callsPerSecond;
    this.burst = burst;
    this.nanos = nanos;
    this.rate = callsPerSecond;
    this.tokens = burst;
    this.refilled = nanos.getAsLong();
  }

  /**
   * Blocks until an attempt of the given priority may be sent; returns how long it waited. An
   * attempt for which the thread already took its turn ({@link #takeTurn}) goes at once.
   */
  long acquire(CallPriority priority) throws InterruptedException {
    if (TAKEN.get() == this) {
      TAKEN.remove();
      return 0;
    }
    long start = nanos.getAsLong();
    lock.lock();
    try {
      FairTurns.Place me =
          new FairTurns.Place(priority.rank(), turns.next(priority.namespace()), arrivals++);
      waiting.add(me);
      try {
        while (true) {
          refill();
          if (waiting.peek() == me && tokens >= 1) {
            tokens -= 1;
            waiting.poll();
            turns.serving(me.turn());
            changed.signalAll();
            return nanos.getAsLong() - start;
          }
          if (waiting.peek() == me) {
            changed.awaitNanos(nanosForOneToken());
          } else {
            changed.await();
          }
        }
      } catch (InterruptedException e) {
        waiting.remove(me);
        changed.signalAll();
        throw e;
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits for the current thread's turn as {@link #acquire} would, and keeps the token for its next
   * attempt to this account: work that decides what to send only once it may send it (a batch of
   * grants) decides with everything that arrived while it waited. Closing the turn gives up a token
   * left unspent; nothing is given back (at most one token, as a call that was never made).
   */
  IamTurn takeTurn(CallPriority priority) throws InterruptedException {
    acquire(priority);
    TAKEN.set(this);
    return () -> {
      if (TAKEN.get() == this) {
        TAKEN.remove();
      }
    };
  }

  /** IAM throttled an attempt: slow down, at most once in 200 ms. */
  void throttled() {
    lock.lock();
    try {
      long now = nanos.getAsLong();
      if (now - lastDecrease >= DECREASE_EVERY) {
        refill();
        rate = Math.max(FLOOR, rate * DECREASE);
        tokens = Math.min(tokens, 0);
        lastDecrease = now;
      }
    } finally {
      lock.unlock();
    }
  }

  /** An attempt succeeded: climb back towards the ceiling, about one call/s per second. */
  void succeeded() {
    lock.lock();
    try {
      if (rate < ceiling) {
        rate = Math.min(ceiling, rate + 1.0 / rate);
      }
    } finally {
      lock.unlock();
    }
  }

  /** The rate calls are sent at now, in calls per second. */
  double rate() {
    lock.lock();
    try {
      return rate;
    } finally {
      lock.unlock();
    }
  }

  /** How many calls wait to be sent. */
  int waiting() {
    lock.lock();
    try {
      return waiting.size();
    } finally {
      lock.unlock();
    }
  }

  private void refill() {
    long now = nanos.getAsLong();
    tokens = Math.min(burst, tokens + (now - refilled) / 1e9 * rate);
    refilled = now;
  }

  private long nanosForOneToken() {
    return Math.max(1_000_000L, (long) ((1 - tokens) / rate * 1e9));
  }
}
