package io.xaccount.operator.reconciler.grant;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.iam.GrantPackPlanner;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class LiveGrantsTest {
  private static final String ALICE = "0b1f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
  private static final String BOB = "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
  private static final String GONE = "2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a";

  private final AtomicLong clock = new AtomicLong();
  private final LiveGrants live = new LiveGrants(clock::get);
  private final List<AssumeRoleGrant> cache = new CopyOnWriteArrayList<>(List.of(grant(ALICE)));
  private final AtomicInteger reads = new AtomicInteger();
  private final Supplier<Stream<AssumeRoleGrant>> informer =
      () -> {
        reads.incrementAndGet();
        return cache.stream();
      };

  @Test
  void aGrantsStatementAndARetainedOneStayALeftOverDoesNot() {
    Predicate<String> stays = live.statements(informer);

    assertThat(stays.test(GrantPackPlanner.sid(ALICE))).isTrue();
    assertThat(stays.test(GrantPackPlanner.retainedSid(GONE))).isTrue();
    assertThat(stays.test(GrantPackPlanner.sid(GONE))).isFalse();
    assertThat(stays.test("SomeoneElses")).isFalse();
  }

  @Test
  void resyncsWithinASecondShareOneReadOfTheCache() {
    for (int resync = 0; resync < 100; resync++) {
      assertThat(live.statements(informer).test(GrantPackPlanner.sid(ALICE))).isTrue();
      clock.addAndGet(5_000_000); // 5 ms apart: 100 of them in half a second
    }

    assertThat(reads).hasValue(1);

    clock.addAndGet(LiveGrants.REUSE.toNanos());
    live.statements(informer);
    assertThat(reads).hasValue(2);
  }

  @Test
  void aGrantCreatedSinceTheCacheWasLastReadIsNeverTakenForALeftOver() {
    live.statements(informer); // remembered without Bob
    cache.add(grant(BOB));

    Predicate<String> stays = live.statements(informer);

    // Bob's statement, written once Bob was in the cache, stays: the cache as it is now is asked.
    assertThat(stays.test(GrantPackPlanner.sid(BOB))).isTrue();
    assertThat(reads).hasValue(2);
    // ... once per judgement, however many left-overs it meets.
    assertThat(stays.test(GrantPackPlanner.sid(GONE))).isFalse();
    assertThat(reads).hasValue(2);
  }

  private static AssumeRoleGrant grant(String uid) {
    AssumeRoleGrant grant = new AssumeRoleGrant();
    grant.setMetadata(new ObjectMetaBuilder().withName("g-" + uid).withUid(uid).build());
    return grant;
  }
}
