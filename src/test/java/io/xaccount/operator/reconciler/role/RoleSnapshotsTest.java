package io.xaccount.operator.reconciler.role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.api.v1alpha1.AwsAccountSpec;
import io.xaccount.operator.aws.AccountClients;
import io.xaccount.operator.aws.AwsFailure;
import io.xaccount.operator.aws.IamAccountRoles;
import io.xaccount.operator.aws.UnusableClients;
import io.xaccount.operator.iam.AccountRoles;
import io.xaccount.operator.iam.ObservedRole;
import io.xaccount.operator.iam.PolicyDocument;
import io.xaccount.operator.reconciler.OperatorSettings;
import io.xaccount.operator.reconciler.Ownership;
import io.xaccount.operator.reconciler.account.VerifiedAccount;
import io.xaccount.operator.testsupport.MutableClock;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The shared bulk reads: how often an account is read, by whom, and when a read is trusted. */
class RoleSnapshotsTest {
  private static final String ACCOUNT = "111111111111";
  static final Duration INTERVAL = Duration.ofMinutes(10);
  static final Duration SETTLE = Duration.ofSeconds(10);

  private static final VerifiedAccount PROD = account("prod", ACCOUNT, null);

  private final MutableClock clock = new MutableClock();
  private Duration elapsed = Duration.ZERO;
  private final FakeReader reader = new FakeReader();
  private final RoleSnapshots snapshots =
      new RoleSnapshots(reader, new Ownership("c1"), clock, settings());

  @Test
  void anAccountIsReadOnceUntilTheReadIsNineTenthsOfTheIntervalOld() {
    Optional<AccountRoles> first = snapshots.current(PROD);
    advance(INTERVAL.multipliedBy(9).dividedBy(10).minusSeconds(1));
    assertThat(snapshots.current(PROD)).isSameAs(first);
    assertThat(reader.reads).hasValue(1);

    // A role resyncs at least 0.9 intervals after its last resync: never against the same read.
    advance(Duration.ofSeconds(1));
    assertThat(snapshots.current(PROD).get().readAt()).isAfter(first.get().readAt());
    assertThat(reader.reads).hasValue(2);
    assertThat(snapshots.current(account("other", "222222222222", null))).isPresent();
    assertThat(reader.reads).hasValue(3);
    assertThat(snapshots.lastCalls("prod")).hasValue(2);
  }

  @Test
  void resyncsAskingWhileTheAccountIsReadWaitForThatOneRead() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    reader.gate = release;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Optional<AccountRoles>>> asked = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        asked.add(pool.submit(() -> snapshots.current(PROD)));
      }
      reader.started.await(10, TimeUnit.SECONDS);
      release.countDown();
      Optional<AccountRoles> seen = asked.get(0).get(10, TimeUnit.SECONDS);
      for (Future<Optional<AccountRoles>> f : asked) {
        assertThat(f.get(10, TimeUnit.SECONDS)).isPresent().isSameAs(seen);
      }
      assertThat(reader.reads).hasValue(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aResyncWaitsForAnotherOnesReadOnlyAFewSeconds() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    reader.gate = release;
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Optional<AccountRoles>> reading = pool.submit(() -> snapshots.current(PROD));
      reader.started.await(10, TimeUnit.SECONDS);

      // It reads its role directly instead; the read goes on for the others.
      assertThat(snapshots.current(PROD)).isEmpty();
      release.countDown();
      assertThat(reading.get(10, TimeUnit.SECONDS)).isPresent();
      assertThat(snapshots.current(PROD)).isPresent();
      assertThat(reader.reads).hasValue(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aFailedReadMeansDirectReadsUntilTheNextOneIsDue() {
    reader.failure =
        new AwsFailure(
            AwsFailure.Kind.ACCESS_DENIED,
            "iam:GetAccountAuthorizationDetails",
            "AccessDenied",
            "not allowed",
            null);

    assertThat(snapshots.current(PROD)).isEmpty();
    assertThat(snapshots.current(PROD)).isEmpty();
    assertThat(reader.reads).hasValue(1);
    assertThat(snapshots.lastCalls("prod")).isEmpty();

    reader.failure = null;
    advance(INTERVAL);
    assertThat(snapshots.current(PROD)).isPresent();
  }

  @Test
  void otherCredentialsForTheAccountReadItAnew() {
    snapshots.current(PROD);
    AccountClients other = UnusableClients.create();
    snapshots.current(account("prod", ACCOUNT, other));
    assertThat(reader.reads).hasValue(2);
  }

  @Test
  void aReadIsNotTrustedAboutARoleWrittenAfterItBeganOrJustBefore() {
    snapshots.written(ACCOUNT, "Written-Long-Ago");
    advance(SETTLE.plusSeconds(1));
    snapshots.written(ACCOUNT, "written-just-before");
    advance(Duration.ofSeconds(1));
    AccountRoles read = snapshots.current(PROD).orElseThrow();
    advance(Duration.ofSeconds(1));
    snapshots.written(ACCOUNT, "Written-After");

    assertThat(snapshots.role(read, ACCOUNT, "written-long-ago")).isPresent();
    assertThat(snapshots.role(read, ACCOUNT, "Written-Just-Before")).isEmpty();
    assertThat(snapshots.role(read, ACCOUNT, "written-after")).isEmpty();
    assertThat(snapshots.role(read, ACCOUNT, "Untouched")).isPresent();
    assertThat(snapshots.role(read, ACCOUNT, "NotThere")).isEmpty();
    // The same role names in another account are another matter.
    assertThat(snapshots.role(read, "222222222222", "Written-After")).isPresent();
  }

  @Test
  void aResyncTheHeldReadIsBlindToWaitsForItsWriteToSettleThenSharesOneNewRead() {
    snapshots.written(ACCOUNT, "Written-After");
    snapshots.written(ACCOUNT, "written-just-before");
    advance(Duration.ofSeconds(2));
    AccountRoles held = snapshots.current(PROD).orElseThrow();
    assertThat(snapshots.role(held, ACCOUNT, "written-after")).isEmpty();

    // No read would show the write yet: put off until it has settled.
    assertThatThrownBy(() -> snapshots.currentShowingRole(PROD, "Written-After"))
        .isInstanceOfSatisfying(
            RoleSnapshots.ResyncDeferred.class,
            d -> assertThat(d.after()).isBetween(SETTLE.minusSeconds(1), SETTLE.plusSeconds(3)));
    // A role the held read shows is served by it.
    assertThat(snapshots.currentShowingRole(PROD, "Untouched")).containsSame(held);
    assertThat(reader.reads).hasValue(1);

    advance(SETTLE);
    AccountRoles renewed = snapshots.currentShowingRole(PROD, "written-after").orElseThrow();
    assertThat(renewed).isNotSameAs(held);
    // Another write that settled since: the renewed read is too young to be dropped for it, so
    // the resync waits until it may be (at most once per settling time, however dense the writes).
    snapshots.written(ACCOUNT, "Written-Long-Ago");
    advance(SETTLE.minusSeconds(5));
    assertThatThrownBy(() -> snapshots.currentShowingRole(PROD, "Written-Long-Ago"))
        .isInstanceOfSatisfying(
            RoleSnapshots.ResyncDeferred.class,
            d -> assertThat(d.after()).isBetween(Duration.ofSeconds(4), SETTLE.minusSeconds(2)));
    assertThat(reader.reads).hasValue(2);
    assertThat(renewed).isNotSameAs(held);
    assertThat(snapshots.role(renewed, ACCOUNT, "Written-After")).isPresent();
    // The other role written then, and any other, share that read.
    assertThat(snapshots.currentShowingRole(PROD, "Written-Just-Before")).containsSame(renewed);
    assertThat(snapshots.currentShowingRole(PROD, "Untouched")).containsSame(renewed);
    assertThat(reader.reads).hasValue(2);
  }

  @Test
  void aResyncFindingAnotherOnesReadUnderWayIsPutOffAfterASecondInsteadOfReadingDirectly()
      throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    reader.gate = release;
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Optional<AccountRoles>> reading = pool.submit(() -> snapshots.forResync(PROD));
      reader.started.await(10, TimeUnit.SECONDS);

      assertThatThrownBy(() -> snapshots.forResync(PROD))
          .isInstanceOfSatisfying(
              RoleSnapshots.ResyncDeferred.class,
              d ->
                  assertThat(d.after())
                      .isBetween(RoleSnapshots.DEFERRAL, RoleSnapshots.DEFERRAL.multipliedBy(2)));
      release.countDown();
      Optional<AccountRoles> read = reading.get(10, TimeUnit.SECONDS);
      assertThat(snapshots.forResync(PROD)).isPresent().isSameAs(read);
      assertThat(reader.reads).hasValue(1);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Moves the clock on (beside real time, which moves a few milliseconds meanwhile). */
  private void advance(Duration d) {
    elapsed = elapsed.plus(d);
    clock.setOffset(elapsed);
  }

  static VerifiedAccount account(String name, String accountId, AccountClients clients) {
    AwsAccount account = new AwsAccount();
    account.setMetadata(new ObjectMetaBuilder().withName(name).build());
    AwsAccountSpec spec = new AwsAccountSpec();
    spec.setAccountId(accountId);
    account.setSpec(spec);
    return new VerifiedAccount(account, clients, null);
  }

  static OperatorSettings settings() {
    return (OperatorSettings)
        Proxy.newProxyInstance(
            OperatorSettings.class.getClassLoader(),
            new Class<?>[] {OperatorSettings.class},
            (proxy, method, args) -> {
              if (method.getName().equals("resyncInterval")) {
                return INTERVAL;
              }
              if (method.getName().equals("iamSettleTime")) {
                return SETTLE;
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }

  private static ObservedRole role(String name) {
    return new ObservedRole(
        name,
        "/",
        null,
        null,
        PolicyDocument.parse("{\"Version\":\"2012-10-17\",\"Statement\":[]}"),
        null,
        null,
        null,
        Map.of(),
        "arn:aws:iam::" + ACCOUNT + ":role/" + name,
        "AROA" + name.toUpperCase());
  }

  /** Answers with the same four roles in two calls, counting reads; can hold a read or fail it. */
  private static final class FakeReader extends IamAccountRoles {
    final AtomicInteger reads = new AtomicInteger();
    final CountDownLatch started = new CountDownLatch(1);
    volatile CountDownLatch gate;
    volatile AwsFailure failure;

    @Override
    public AccountRoles read(
        AccountClients clients, Instant readAt, Predicate<Map<String, String>> keep) {
      reads.incrementAndGet();
      started.countDown();
      if (gate != null) {
        try {
          gate.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (failure != null) {
        throw failure;
      }
      Map<String, ObservedRole> roles = new HashMap<>();
      for (String name :
          List.of("Written-Long-Ago", "written-just-before", "Written-After", "Untouched")) {
        roles.put(name, role(name));
      }
      return new AccountRoles(readAt, roles, 2);
    }
  }
}
