package io.xaccount.operator.reconciler.role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xaccount.operator.aws.AccountClients;
import io.xaccount.operator.aws.AwsFailure;
import io.xaccount.operator.aws.IamAccountRoles;
import io.xaccount.operator.iam.AccountRoles;
import io.xaccount.operator.iam.ObservedRole;
import io.xaccount.operator.iam.PolicyDocument;
import io.xaccount.operator.reconciler.Ownership;
import io.xaccount.operator.reconciler.Reason;
import io.xaccount.operator.reconciler.ReconcileFailure;
import io.xaccount.operator.reconciler.account.VerifiedAccount;
import io.xaccount.operator.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Roles released by Retain, as the quota and the AwsAccount's status count them: by their tags in
 * the account's bulk read, with the releases the operator made since that read, at no extra call
 * when a recent read exists.
 */
class ReleasedRoleCountsTest {
  private static final String ACCOUNT = "111111111111";
  private static final VerifiedAccount PROD = RoleSnapshotsTest.account("prod", ACCOUNT, null);

  private final MutableClock clock = new MutableClock();
  private Duration elapsed = Duration.ZERO;
  private final TaggedReader reader = new TaggedReader();
  private final RoleSnapshots snapshots =
      new RoleSnapshots(reader, new Ownership("c1"), clock, RoleSnapshotsTest.settings());
  private final ReleasedRoleCounts counts =
      new ReleasedRoleCounts(snapshots, reader, new Ownership("c1"), clock);

  @Test
  void releasedRolesAreCountedByTheirTagsPerNamespace() {
    reader.roles.put("Kept1", released("team-a", "CrossAccountRole"));
    reader.roles.put("Kept2", released("team-a", "CrossAccountRole"));
    reader.roles.put("KeptB", released("team-b", "CrossAccountRole"));
    reader.roles.put("Live", Map.of(Ownership.NAMESPACE, "team-a"));
    reader.roles.put("Pack", released("team-a", Ownership.GRANT_PACK));

    assertThat(counts.inNamespace(PROD, "team-a", "New")).isEqualTo(2);
    // The role about to be adopted is not counted against itself.
    assertThat(counts.inNamespace(PROD, "team-a", "kept1")).isEqualTo(1);
    assertThat(counts.perNamespace(PROD, true)).hasValue(Map.of("team-a", 2, "team-b", 1));
    assertThat(reader.reads).hasValue(1);
  }

  @Test
  void aReleaseAfterTheReadCountsAtOnceAndAWriteAfterItDoesNot() {
    reader.roles.put("Kept1", released("team-a", "CrossAccountRole"));
    reader.roles.put("Adopted", released("team-a", "CrossAccountRole"));
    advance(RoleSnapshotsTest.SETTLE.plusSeconds(1));
    assertThat(counts.inNamespace(PROD, "team-a", "New")).isEqualTo(2);

    snapshots.released(ACCOUNT, "JustReleased", "team-a");
    snapshots.written(ACCOUNT, "Adopted");

    assertThat(counts.inNamespace(PROD, "team-a", "New")).isEqualTo(2);
    assertThat(counts.perNamespace(PROD, true)).hasValue(Map.of("team-a", 2));
    assertThat(reader.reads).hasValue(1);
  }

  @Test
  void aQuotaThatCannotBeCountedRefusesAndIsReadAgainSoon() {
    reader.failure =
        new AwsFailure(AwsFailure.Kind.THROTTLED, "iam:ListRoles", "Throttling", "slow down", null);

    assertThatThrownBy(() -> counts.inNamespace(PROD, "team-a", "New"))
        .isInstanceOfSatisfying(
            ReconcileFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.AwsError))
        .hasMessageContaining("maxRolesPerNamespace");
    reader.failure = null;
    assertThatThrownBy(() -> counts.inNamespace(PROD, "team-a", "New"))
        .isInstanceOf(ReconcileFailure.class);
    advance(RoleSnapshots.RETRY_FAILED.plusSeconds(1));

    assertThat(counts.inNamespace(PROD, "team-a", "New")).isZero();
    assertThat(reader.reads).hasValue(2);
  }

  @Test
  void theAccountsStatusReadsAtMostOncePerIntervalAndNeverSharesItsRead() {
    assertThat(counts.perNamespace(PROD, false)).isEmpty();
    assertThat(reader.reads).hasValue(0);
    assertThat(counts.perNamespace(PROD, true)).hasValue(Map.of());
    advance(RoleSnapshotsTest.INTERVAL.dividedBy(2));
    assertThat(counts.perNamespace(PROD, true)).hasValue(Map.of());
    assertThat(reader.reads).hasValue(1);
    // Resyncs do not compare against it: their first asks the account anew ...
    assertThat(snapshots.current(PROD)).isPresent();
    assertThat(reader.reads).hasValue(2);
    // ... and the status uses the resyncs' read, while it is recent, at no call.
    advance(RoleSnapshotsTest.INTERVAL.dividedBy(2));
    assertThat(counts.perNamespace(PROD, true)).hasValue(Map.of());
    assertThat(reader.reads).hasValue(2);
  }

  private static Map<String, String> released(String namespace, String kind) {
    return Map.of(
        Ownership.NAMESPACE, namespace, Ownership.KIND, kind, Ownership.RELEASED, "2030-01-01");
  }

  private void advance(Duration d) {
    elapsed = elapsed.plus(d);
    clock.setOffset(elapsed);
  }

  /** Answers with the roles and tags the test puts, counting reads; can fail them. */
  private static final class TaggedReader extends IamAccountRoles {
    final Map<String, Map<String, String>> roles = new LinkedHashMap<>();
    final AtomicInteger reads = new AtomicInteger();
    volatile AwsFailure failure;

    @Override
    public AccountRoles read(
        AccountClients clients, Instant readAt, Predicate<Map<String, String>> keep) {
      reads.incrementAndGet();
      if (failure != null) {
        throw failure;
      }
      Map<String, ObservedRole> observed = new LinkedHashMap<>();
      roles.forEach((name, tags) -> observed.put(name, role(name, tags)));
      return new AccountRoles(readAt, observed, 2);
    }

    private static ObservedRole role(String name, Map<String, String> tags) {
      return new ObservedRole(
          name,
          "/",
          null,
          null,
          PolicyDocument.parse("{\"Version\":\"2012-10-17\",\"Statement\":[]}"),
          null,
          null,
          null,
          tags,
          "arn:aws:iam::" + ACCOUNT + ":role/" + name,
          "AROA" + name.toUpperCase());
    }
  }
}
