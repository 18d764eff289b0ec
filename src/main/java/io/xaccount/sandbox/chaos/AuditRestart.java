package io.xaccount.sandbox.chaos;

import io.xaccount.emulator.IamEmulator;
import io.xaccount.emulator.knobs.Call;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.sandbox.OperatorChild;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The behavioural test of "every plan is empty": with everything settled and every fault off, the
 * operator is killed and started once more; a new process reconciles every resource from scratch,
 * and none of those reconciles may write to IAM. Done when the operator has finished at least one
 * reconcile per resource of each kind (its {@code xaccount_reconcile_results_total}), and a few
 * seconds more.
 */
final class AuditRestart {
  private static final Duration TIMEOUT = Duration.ofMinutes(5);
  private static final Duration SETTLE = Duration.ofSeconds(5);

  private final Kubelet kubelet;
  private final OperatorChild operator;
  private final ChaosCluster cluster;
  private final IamEmulator emulator;
  private List<Call> writes = List.of();

  AuditRestart(
      Kubelet kubelet, OperatorChild operator, ChaosCluster cluster, IamEmulator emulator) {
    this.kubelet = kubelet;
    this.operator = operator;
    this.cluster = cluster;
    this.emulator = emulator;
  }

  boolean run() throws InterruptedException {
    long mark = emulator.mark();
    int lives = operator.lives();
    kubelet.kill();
    Map<String, Long> expected =
        Map.of(
            "CrossAccountRole",
            (long)
                cluster
                    .client()
                    .resources(CrossAccountRole.class)
                    .inAnyNamespace()
                    .list()
                    .getItems()
                    .size(),
            "AssumeRoleGrant",
            (long)
                cluster
                    .client()
                    .resources(AssumeRoleGrant.class)
                    .inAnyNamespace()
                    .list()
                    .getItems()
                    .size(),
            "AwsAccount",
            (long) cluster.client().resources(AwsAccount.class).list().getItems().size());
    boolean resynced =
        ChaosRun.awaitTrue(
            () -> operator.lives() > lives && reconciledAll(operator.reconciles(), expected),
            TIMEOUT);
    // Writes of reconciles still running when the count was reached land within moments.
    Thread.sleep(SETTLE.toMillis());
    writes =
        emulator.callsSince(mark).stream()
            .filter(ChaosRun::byOperator)
            .filter(ChaosRun::isIamWrite)
            .toList();
    return resynced;
  }

  private static boolean reconciledAll(Map<String, Long> done, Map<String, Long> expected) {
    return expected.entrySet().stream()
        .allMatch(e -> e.getValue() == 0 || done.getOrDefault(e.getKey(), 0L) >= e.getValue());
  }

  /** The IAM writes, failed ones included, of the operator after its last restart. */
  List<Call> writes() {
    return writes;
  }
}
