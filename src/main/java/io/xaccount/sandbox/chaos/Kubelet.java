package io.xaccount.sandbox.chaos;

import io.xaccount.sandbox.OperatorChild;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the operator running as a kubelet keeps a container running: when the process is gone it is
 * started again after a short pause. Exits the chaos run did not cause (a crash, or the operator
 * stopping itself after losing its leader lease) are recorded: each is a finding.
 */
final class Kubelet implements AutoCloseable {
  private static final Duration FIRST_RESTART = Duration.ofSeconds(1);
  private static final Duration MAX_RESTART = Duration.ofSeconds(20);
  private static final Duration HEALTHY_LIFE = Duration.ofSeconds(30);

  private final OperatorChild operator;
  private final List<String> unexpectedExits = new ArrayList<>();
  private volatile boolean expectingDeath;
  private volatile boolean running = true;
  private final Thread thread;

  Kubelet(OperatorChild operator) {
    this.operator = operator;
    this.thread = new Thread(this::watch, "chaos-kubelet");
    thread.setDaemon(true);
  }

  void start() {
    operator.start();
    thread.start();
  }

  /** SIGKILLs the operator; the kubelet starts it again. */
  void kill() {
    expectingDeath = true;
    operator.kill();
  }

  synchronized List<String> unexpectedExits() {
    return List.copyOf(unexpectedExits);
  }

  private void watch() {
    Duration pause = FIRST_RESTART;
    java.time.Instant started = java.time.Instant.now();
    while (running) {
      try {
        Thread.sleep(200);
        if (!operator.isAlive() && running) {
          boolean healthy =
              Duration.between(started, java.time.Instant.now()).compareTo(HEALTHY_LIFE) > 0;
          pause = expectingDeath || healthy ? FIRST_RESTART : min(pause.multipliedBy(2));
          if (!expectingDeath) {
            synchronized (this) {
              unexpectedExits.add(
                  "life " + operator.lives() + " exited with code " + operator.exitCode());
            }
          }
          Thread.sleep(pause.toMillis());
          expectingDeath = false;
          if (running) {
            operator.start();
            started = java.time.Instant.now();
          }
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static Duration min(Duration pause) {
    return pause.compareTo(MAX_RESTART) > 0 ? MAX_RESTART : pause;
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    operator.kill();
  }
}
