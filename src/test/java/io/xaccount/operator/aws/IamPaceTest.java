package io.xaccount.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * An account's IAM pace: calls wait their turn by priority, and the rate follows IAM's throttles.
 * The bucket runs on a clock of the test's, which stands still unless the test moves it.
 */
class IamPaceTest {
  private final AtomicLong clock = new AtomicLong();

  @Test
  void aNewGenerationIsServedFirstThenNamespacesTakeTurnsThenArrivalOrder() throws Exception {
    IamPace pace = new IamPace(10, 1, clock::get);
    pace.acquire(CallPriority.DEFAULT); // the one token of the burst
    List<String> served = new CopyOnWriteArrayList<>();
    List<Thread> callers =
        List.of(
            caller(pace, served, "resync-a1", new CallPriority(2, "a")),
            caller(pace, served, "resync-a2", new CallPriority(2, "a")),
            caller(pace, served, "resync-a3", new CallPriority(2, "a")),
            caller(pace, served, "break-glass", new CallPriority(0, "on-call")),
            caller(pace, served, "resync-c1", new CallPriority(2, "c")));
    for (Thread caller : callers) {
      caller.start();
      awaitWaiting(pace, callers.indexOf(caller) + 1);
    }

    for (int i = 1; i <= callers.size(); i++) {
      clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(100)); // one token at 10/s
      awaitServed(served, i);
    }

    assertThat(served)
        .containsExactly("break-glass", "resync-a1", "resync-c1", "resync-a2", "resync-a3");
  }

  @Test
  void theBurstGoesAtOnceAndTheRestAtTheRate() throws Exception {
    IamPace pace = new IamPace(10, 3, clock::get);
    for (int i = 0; i < 3; i++) {
      pace.acquire(CallPriority.DEFAULT);
    }
    List<String> served = new CopyOnWriteArrayList<>();
    Thread fourth = caller(pace, served, "fourth", CallPriority.DEFAULT);
    fourth.start();
    awaitWaiting(pace, 1);

    clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(50)); // half a token
    Thread.sleep(30);
    assertThat(served).as("half a token sends nothing").isEmpty();
    clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(50));
    awaitServed(served, 1);
  }

  @Test
  void aTurnTakenAheadIsSpentByTheThreadsNextCallAndAnUnspentOneIsGivenUp() throws Exception {
    IamPace pace = new IamPace(10, 2, clock::get);
    try (IamTurn turn = pace.takeTurn(CallPriority.DEFAULT)) {
      pace.acquire(CallPriority.DEFAULT); // spends the turn: the burst's second token is left
      pace.acquire(CallPriority.DEFAULT); // the second token
    }
    List<String> served = new CopyOnWriteArrayList<>();
    Thread another = caller(pace, served, "another", CallPriority.DEFAULT);
    another.start();
    awaitWaiting(pace, 1);
    assertThat(served).as("the bucket is empty: two tokens for three calls").isEmpty();
    clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(100));
    awaitServed(served, 1);

    // A turn closed unspent does not let the thread's next call skip the bucket.
    clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(100));
    served.clear();
    Thread mine =
        new Thread(
            () -> {
              try {
                pace.takeTurn(CallPriority.DEFAULT).close(); // the only token, given up
                pace.acquire(CallPriority.DEFAULT);
                served.add("after-closed");
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    mine.setDaemon(true);
    mine.start();
    awaitWaiting(pace, 1);
    assertThat(served).isEmpty();
    clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(100));
    awaitServed(served, 1);
  }

  @Test
  void aThrottleHalvesThePaceOnceIn200MsAndSuccessesClimbBackToTheCeiling() {
    IamPace pace = new IamPace(20, 40, clock::get);

    pace.throttled();
    clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(150));
    pace.throttled(); // the same storm
    assertThat(pace.rate()).isEqualTo(10);

    clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(50));
    pace.throttled();
    assertThat(pace.rate()).isEqualTo(5);

    for (int i = 0; i < 1_000; i++) {
      pace.succeeded();
    }
    assertThat(pace.rate()).isEqualTo(20);
  }

  @Test
  void theRateNeverFallsBelowOneCallASecond() {
    IamPace pace = new IamPace(2, 1, clock::get);
    for (int i = 0; i < 20; i++) {
      pace.throttled();
      clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(200));
    }
    assertThat(pace.rate()).isEqualTo(1.0);
  }

  @Test
  void anInterruptedCallerLeavesTheLineAndTheNextIsServed() throws Exception {
    IamPace pace = new IamPace(10, 1, clock::get);
    pace.acquire(CallPriority.DEFAULT);
    List<String> served = new CopyOnWriteArrayList<>();
    Thread first = caller(pace, served, "interrupted", new CallPriority(0, "a"));
    first.start();
    awaitWaiting(pace, 1);
    Thread second = caller(pace, served, "next", new CallPriority(2, "b"));
    second.start();
    awaitWaiting(pace, 2);

    first.interrupt();
    first.join(5_000);
    awaitWaiting(pace, 1);
    clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(100));

    awaitServed(served, 1);
    assertThat(served).containsExactly("next");
  }

  @Test
  void aPaceNeedsARateAndABurst() {
    assertThatThrownBy(() -> new IamPace(0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new IamPace(1, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  private static Thread caller(
      IamPace pace, List<String> served, String name, CallPriority priority) {
    Thread thread =
        new Thread(
            () -> {
              try {
                pace.acquire(priority);
                served.add(name);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            name);
    thread.setDaemon(true);
    return thread;
  }

  private static void awaitWaiting(IamPace pace, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (pace.waiting() != count) {
      assertThat(System.nanoTime()).as("%d callers waiting", count).isLessThan(deadline);
      Thread.sleep(2);
    }
  }

  private static void awaitServed(List<String> served, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (served.size() < count) {
      assertThat(System.nanoTime()).as("%d callers served", count).isLessThan(deadline);
      Thread.sleep(2);
    }
  }
}
