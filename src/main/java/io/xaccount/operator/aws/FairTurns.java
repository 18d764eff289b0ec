package io.xaccount.operator.aws;

import java.util.HashMap;
import java.util.Map;

/**
 * Turns for tenants sharing one server (start-time fair queuing): each namespace's next piece of
 * work takes the turn after its previous one, or after the turn being served when it has waited
 * longer; served in turn order, one tenant's wave of a thousand does not hold back another tenant's
 * single one. Not thread-safe: its owner synchronizes.
 */
public final class FairTurns {
  private final Map<String, Long> lastTurn = new HashMap<>();
  private long serving;

  /** The turn of the next piece of work of {@code namespace}. */
  public long next(String namespace) {
    long turn = Math.max(serving, lastTurn.getOrDefault(namespace, 0L)) + 1;
    lastTurn.put(namespace, turn);
    if (lastTurn.size() > 10_000) {
      // Namespaces long served need no memory: their next turn starts from the one served.
      lastTurn.values().removeIf(t -> t <= serving);
    }
    return turn;
  }

  /**
   * Where a piece of work stands in line: lower rank first, then the earlier turn, then the earlier
   * arrival.
   */
  public record Place(int rank, long turn, long arrival) implements Comparable<Place> {
    @Override
    public int compareTo(Place other) {
      int byRank = Integer.compare(rank, other.rank);
      if (byRank != 0) {
        return byRank;
      }
      int byTurn = Long.compare(turn, other.turn);
      return byTurn != 0 ? byTurn : Long.compare(arrival, other.arrival);
    }
  }

  /** Records that work of {@code turn} is being served. */
  public void serving(long turn) {
    serving = Math.max(serving, turn);
  }
}
