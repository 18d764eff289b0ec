package io.xaccount.operator.reconciler.grant;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What is recorded while a namespace's slot lease is held waits until it is released, so that the
 * namespace's other grants creating slots (a break-glass grant among them) do not wait for an
 * Event's write to the API server.
 */
class SlotBudgetsLeaseTest {
  private final SlotBudgets budgets =
      new SlotBudgets(new RetainedSlots(null, null), Clock.systemUTC());
  private final SlotBudgets.Budget budget =
      new SlotBudgets.Budget(
          "dev",
          "team-a",
          10,
          Map.of(),
          () -> new SlotBudgets.Known(List.of(), Set.of(), Set.of(), 0));

  @Test
  void anActionAskedForUnderTheLeaseRunsOnceItIsReleasedAndAnotherGrantMayTakeIt()
      throws Exception {
    List<String> done = new ArrayList<>();
    try (SlotBudgets.Lease lease = budgets.lease(budget, null, "111111111111", List.of())) {
      budgets.afterLease(
          () -> {
            // Another grant of the namespace can take the lease while the Event is recorded.
            boolean free =
                CompletableFuture.supplyAsync(
                        () -> {
                          try (SlotBudgets.Lease other =
                              budgets.lease(budget, null, "111111111111", List.of())) {
                            return true;
                          }
                        })
                    .orTimeout(5, TimeUnit.SECONDS)
                    .join();
            done.add("event recorded, lease free: " + free);
          });
      assertThat(done).isEmpty();
    }

    assertThat(done).containsExactly("event recorded, lease free: true");
  }

  @Test
  void withoutALeaseAnActionRunsAtOnce() {
    List<String> done = new ArrayList<>();

    budgets.afterLease(() -> done.add("event"));

    assertThat(done).containsExactly("event");
  }
}
