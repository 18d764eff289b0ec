package io.xaccount.operator.reconciler.grant;

import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.iam.GrantPackPlanner;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which statements found in a pack stay: those of grants this cluster still has, and those released
 * by a Retain deletion; the rest are left-overs a write drops.
 *
 * <p>The Sids of every grant in the informer's cache are remembered for {@link #REUSE}: every
 * resync asks, and building the set anew each time cost work in proportion to all the grants, for
 * each of them (at 5,000 grants, 25 million conversions per resync period, most of a restart's
 * CPU). A Sid the remembered set lacks is looked up in the cache as it is now, so a grant created
 * since is never taken for a left-over: a grant is in the cache before it writes its statement. A
 * grant deleted within {@link #REUSE} may keep a statement one write longer, as if the cache were
 * that much behind; its own deletion takes its statement out by its Sid.
 */
final class LiveGrants {
  static final Duration REUSE = Duration.ofSeconds(1);

  private final LongSupplier nanos;
  private volatile Remembered last;

  private record Remembered(Set<String> sids, long atNanos) {}

  LiveGrants(LongSupplier nanos) {
    this.nanos = nanos;
  }

  /** The statements that stay, judged against {@code cache} (the grants the informer holds). */
  Predicate<String> statements(Supplier<Stream<AssumeRoleGrant>> cache) {
    Set<String> recent = recent(cache);
    Supplier<Set<String>> now = memoized(() -> read(cache));
    return sid -> {
      if (GrantPackPlanner.isRetained(sid)) {
        return true;
      }
      Optional<String> hex = GrantPackPlanner.uidHex(sid);
      return hex.isPresent() && (recent.contains(hex.get()) || now.get().contains(hex.get()));
    };
  }

  private Set<String> recent(Supplier<Stream<AssumeRoleGrant>> cache) {
    Remembered remembered = last;
    long at = nanos.getAsLong();
    if (remembered != null && at - remembered.atNanos() < REUSE.toNanos()) {
      return remembered.sids();
    }
    Set<String> sids = read(cache);
    last = new Remembered(sids, at);
    return sids;
  }

  private static Set<String> read(Supplier<Stream<AssumeRoleGrant>> cache) {
    return cache
        .get()
        .map(g -> GrantPackPlanner.hex(g.getMetadata().getUid()))
        .collect(Collectors.toUnmodifiableSet());
  }

  private static <T> Supplier<T> memoized(Supplier<T> supplier) {
    return new Supplier<>() {
      private T value;

      @Override
      public synchronized T get() {
        if (value == null) {
          value = supplier.get();
        }
        return value;
      }
    };
  }
}
