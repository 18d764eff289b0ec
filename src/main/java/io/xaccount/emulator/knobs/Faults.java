package io.xaccount.emulator.knobs;

import io.xaccount.emulator.model.IamError;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failure switches for tests: injected errors (next N calls or at a seeded probability), latency, a
 * per-account token-bucket rate limit answering Throttling, and per-account denied actions. A null
 * action or account in a rule matches any.
 */
public final class Faults {
  private record Rule(String action, String accountId, String code, int[] remaining, double p) {
    boolean matches(String a, String acct) {
      return (action == null || action.equals(a)) && (accountId == null || accountId.equals(acct));
    }
  }

  private record Delay(String action, String accountId, Duration duration) {}

  private record Spike(double probability, Duration duration) {}

  private final Clock clock;
  private final List<Rule> rules = new ArrayList<>();
  private final List<Rule> afterApply = new ArrayList<>();
  private final Map<String, Long> counts = new ConcurrentHashMap<>();
  private Spike spike;
  private final List<Delay> delays = new ArrayList<>();
  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
  private final Set<String> denied = ConcurrentHashMap.newKeySet();
  private Random random;
  private Duration paceLatency = Duration.ZERO;
  private double paceJitter;
  private double paceRate;
  private int paceBurst;

  public Faults(Clock clock, long seed) {
    this.clock = clock;
    this.random = new Random(seed);
  }

  /** The next {@code n} matching calls fail with {@code errorCode}. */
  public synchronized Faults failNext(String action, String accountId, String errorCode, int n) {
    rules.add(new Rule(action, accountId, errorCode, new int[] {n}, 1.0));
    return this;
  }

  /** Each matching call fails with {@code errorCode} with the given probability. */
  public synchronized Faults failRate(
      String action, String accountId, String errorCode, double probability) {
    rules.add(new Rule(action, accountId, errorCode, null, probability));
    return this;
  }

  /**
   * Each matching call is applied and then answered with {@code errorCode} with the given
   * probability: the change happened, but the caller is told it failed (a response lost on its way
   * back, or a 5xx after the commit), so a retry meets its own earlier write.
   */
  public synchronized Faults failAfterApplyRate(
      String action, String accountId, String errorCode, double probability) {
    afterApply.add(new Rule(action, accountId, errorCode, null, probability));
    return this;
  }

  /** With the given probability a call takes {@code duration} longer: IAM's latency spikes. */
  public synchronized Faults latencySpikes(double probability, Duration duration) {
    spike = new Spike(probability, duration);
    return this;
  }

  /**
   * How many faults were injected so far, by kind: {@code error:<code>}, {@code afterApply:<code>},
   * {@code spike}.
   */
  public Map<String, Long> injectedCounts() {
    return Map.copyOf(counts);
  }

  /** Reseeds the Random behind {@link #failRate}, for reproducible runs. */
  public synchronized Faults seed(long seed) {
    random = new Random(seed);
    return this;
  }

  /** Matching calls are answered only after {@code delay} (real time). */
  public synchronized Faults latency(String action, String accountId, Duration delay) {
    delays.add(new Delay(action, accountId, delay));
    return this;
  }

  /**
   * Calls from {@code accountId} draw from a token bucket of {@code burst} tokens refilled at
   * {@code permitsPerSecond} on the emulator's clock; an empty bucket answers Throttling.
   */
  public Faults rateLimit(String accountId, double permitsPerSecond, int burst) {
    buckets.put(accountId, new TokenBucket(clock, permitsPerSecond, burst));
    return this;
  }

  /**
   * IAM's pace in every account: each call takes {@code latency} give or take {@code jitter} (a
   * fraction, e.g. 0.4), and each account's calls draw from a token bucket of {@code burst}
   * refilled at {@code permitsPerSecond} ({@code Throttling} when empty). AWS publishes no numbers
   * for IAM's control plane; the benchmark's defaults (50 ms ± 40 %, 20/s, burst 40) are an
   * assumption stated in the README. A rate of 0 leaves calls unthrottled.
   */
  public synchronized Faults pace(
      Duration latency, double jitter, double permitsPerSecond, int burst) {
    paceLatency = latency;
    paceJitter = jitter;
    paceRate = permitsPerSecond;
    paceBurst = burst;
    return this;
  }

  /** Whether every account's calls draw from a token bucket at IAM's pace. */
  public synchronized boolean paced() {
    return paceRate > 0;
  }

  /** Callers in {@code accountId} are denied {@code permission}, e.g. {@code "iam:CreateRole"}. */
  public Faults deny(String accountId, String permission) {
    denied.add(accountId + "|" + permission);
    return this;
  }

  public Faults allow(String accountId, String permission) {
    denied.remove(accountId + "|" + permission);
    return this;
  }

  /** Removes every fault. */
  public synchronized void clear() {
    rules.clear();
    afterApply.clear();
    spike = null;
    delays.clear();
    buckets.clear();
    denied.clear();
    paceLatency = Duration.ZERO;
    paceRate = 0;
  }

  public synchronized Duration latencyFor(String action, String accountId) {
    Duration total = Duration.ZERO;
    if (!paceLatency.isZero()) {
      double factor = 1 + paceJitter * (2 * random.nextDouble() - 1);
      total = Duration.ofNanos((long) (paceLatency.toNanos() * factor));
    }
    if (spike != null && random.nextDouble() < spike.probability()) {
      count("spike");
      total = total.plus(spike.duration());
    }
    for (Delay d : delays) {
      if ((d.action() == null || d.action().equals(action))
          && (d.accountId() == null || d.accountId().equals(accountId))) {
        total = total.plus(d.duration());
      }
    }
    return total;
  }

  /** The error to inject for this call, if any; consumes a "next N" budget or a token. */
  public synchronized IamError injected(String action, String accountId) {
    TokenBucket bucket = buckets.get(accountId);
    if (bucket == null && paceRate > 0 && accountId != null) {
      bucket =
          buckets.computeIfAbsent(accountId, id -> new TokenBucket(clock, paceRate, paceBurst));
    }
    if (bucket != null && !bucket.tryAcquire()) {
      count("rate:Throttling");
      return IamError.injected("Throttling");
    }
    for (Rule rule : rules) {
      if (!rule.matches(action, accountId)) {
        continue;
      }
      if (rule.remaining() != null && rule.remaining()[0] > 0) {
        rule.remaining()[0]--;
        count("error:" + rule.code());
        return IamError.injected(rule.code());
      }
      if (rule.remaining() == null && random.nextDouble() < rule.p()) {
        count("error:" + rule.code());
        return IamError.injected(rule.code());
      }
    }
    return null;
  }

  /** The error to answer after the call was applied, if any. */
  public synchronized IamError injectedAfterApply(String action, String accountId) {
    for (Rule rule : afterApply) {
      if (rule.matches(action, accountId) && random.nextDouble() < rule.p()) {
        count("afterApply:" + rule.code());
        return IamError.injected(rule.code());
      }
    }
    return null;
  }

  private void count(String kind) {
    counts.merge(kind, 1L, Long::sum);
  }

  public boolean isDenied(String accountId, String permission) {
    return denied.contains(accountId + "|" + permission);
  }
}
