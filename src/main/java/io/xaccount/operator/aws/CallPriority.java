package io.xaccount.operator.aws;

import java.util.function.Supplier;

/**
 * How urgent the IAM calls the current thread makes are: the rank of the reconcile it runs for (0
 * for a new generation, the most urgent, then not Ready, then a resync) and the namespace it is
 * for, so that an account's {@link IamPace} serves a break-glass grant's calls before a resync's,
 * and tenants in turn. A thread that runs no reconcile makes calls of the middle rank.
 */
public record CallPriority(int rank, String namespace) {
  /** Calls made outside a ranked reconcile. */
  public static final CallPriority DEFAULT = new CallPriority(1, "");

  private static final ThreadLocal<CallPriority> CURRENT = new ThreadLocal<>();

  /** The priority of the calls the current thread makes. */
  public static CallPriority current() {
    CallPriority priority = CURRENT.get();
    return priority == null ? DEFAULT : priority;
  }

  /** Runs {@code work} with this priority for the calls it makes, then restores the previous. */
  public void during(Runnable work) {
    during(
        () -> {
          work.run();
          return null;
        });
  }

  /** As {@link #during(Runnable)}, returning what {@code work} returns. */
  public <T> T during(Supplier<T> work) {
    CallPriority previous = CURRENT.get();
    CURRENT.set(this);
    try {
      return work.get();
    } finally {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    }
  }
}
