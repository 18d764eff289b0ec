package io.xaccount.sandbox.chaos;

import io.xaccount.emulator.knobs.Call;
import io.xaccount.sandbox.OperatorPermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The faults that happen at moments: SIGKILLs of the operator, each at a random point of its slot
 * and aimed, in turn, at the moment just after IAM applied one of the operator's creates, just
 * after the API applied a status write, just after IAM applied a delete, or at once (the operator
 * then dies before it reads the answer); cuts of every API connection; one API outage; and the
 * out-of-band edits.
 */
final class ChaosMonkey {
  /** Where a kill is aimed. */
  enum Aim {
    MID_CREATE(c -> c.action().startsWith("Create")),
    MID_STATUS_WRITE(c -> false),
    MID_DELETE(
        c ->
            c.action().startsWith("Delete")
                || c.action().startsWith("Detach")
                || c.action().startsWith("Remove")),
    ANYTIME(c -> false);

    private final Predicate<Call> matches;

    Aim(Predicate<Call> matches) {
      this.matches = matches;
    }
  }

  /** A kill that happened: when, where it was aimed, and whether it hit its aim. */
  record Kill(Instant at, Aim aim, boolean hit) {}

  private static final Duration AIM_PATIENCE = Duration.ofSeconds(8);

  private final Kubelet kubelet;
  private final ApiCable cable;
  private final Runnable edit;
  private final Random random;
  private final AtomicReference<Aim> armed = new AtomicReference<>();
  private final List<Kill> kills = new ArrayList<>();
  private volatile Instant lastFault = Instant.MIN;

  ChaosMonkey(Kubelet kubelet, ApiCable cable, Runnable edit, long seed) {
    this.kubelet = kubelet;
    this.cable = cable;
    this.edit = edit;
    this.random = new Random(seed);
  }

  /** The emulator's answer hook: kills when an aimed IAM call of the operator was just applied. */
  void iamAnswered(Call call) {
    Aim aim = armed.get();
    if (aim != null
        && "iam".equals(call.service())
        && call.succeeded()
        && call.callerArn() != null
        && call.callerArn().contains(OperatorPermissions.OPERATOR_ROLE)
        && aim.matches.test(call)
        && armed.compareAndSet(aim, null)) {
      kill(aim, true);
    }
  }

  /** The API's status-write hook. */
  void statusWritten() {
    if (armed.compareAndSet(Aim.MID_STATUS_WRITE, null)) {
      kill(Aim.MID_STATUS_WRITE, true);
    }
  }

  synchronized List<Kill> kills() {
    return List.copyOf(kills);
  }

  /** When the last fault of this monkey happened. */
  Instant lastFault() {
    return lastFault;
  }

  /**
   * Runs for {@code period} and on until {@code wavesDone}: {@code killCount} kills, one in each
   * equal slot of the period; a cut of every API connection each {@code cutEvery}; one outage of
   * {@code outage} in the middle of the period; an edit each {@code editEvery}.
   */
  void run(
      Duration period,
      BooleanSupplier wavesDone,
      int killCount,
      Duration cutEvery,
      Duration outage,
      Duration editEvery)
      throws InterruptedException {
    Instant start = Instant.now();
    List<Instant> killsAt = new ArrayList<>();
    for (int i = 0; i < killCount; i++) {
      double at = (i + 0.2 + 0.6 * random.nextDouble()) / killCount;
      killsAt.add(start.plusMillis((long) (period.toMillis() * at)));
    }
    Instant outageAt = start.plus(period.dividedBy(2));
    Instant nextCut = start.plus(cutEvery);
    Instant nextEdit = start.plus(editEvery);
    Instant armedAt = null;
    int aims = 0;
    Instant end = start.plus(period);
    while (true) {
      Instant now = Instant.now();
      boolean going = now.isBefore(end) || !wavesDone.getAsBoolean();
      if (!going && killsAt.isEmpty() && armed.get() == null) {
        return;
      }
      if (!killsAt.isEmpty() && !now.isBefore(killsAt.get(0)) && armed.get() == null) {
        killsAt.remove(0);
        Aim aim = Aim.values()[aims++ % Aim.values().length];
        if (aim == Aim.ANYTIME) {
          kill(aim, true);
        } else {
          armedAt = now;
          armed.set(aim);
        }
      }
      Aim waiting = armed.get();
      if (waiting != null && now.isAfter(armedAt.plus(AIM_PATIENCE))) {
        if (armed.compareAndSet(waiting, null)) {
          kill(waiting, false);
        }
      }
      if (going && !now.isBefore(nextCut)) {
        cable.cut();
        lastFault = now;
        nextCut = now.plus(cutEvery);
      }
      if (outageAt != null && !now.isBefore(outageAt)) {
        cable.outage(outage);
        lastFault = now.plus(outage);
        outageAt = null;
      }
      if (going && !now.isBefore(nextEdit)) {
        edit.run();
        lastFault = Instant.now();
        nextEdit = now.plus(editEvery);
      }
      Thread.sleep(100);
    }
  }

  private void kill(Aim aim, boolean hit) {
    kubelet.kill();
    synchronized (this) {
      kills.add(new Kill(Instant.now(), aim, hit));
    }
    lastFault = Instant.now();
  }
}
