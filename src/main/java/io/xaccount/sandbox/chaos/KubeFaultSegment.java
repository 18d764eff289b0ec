package io.xaccount.sandbox.chaos;

import io.xaccount.emulator.IamEmulator;
import io.xaccount.emulator.knobs.Call;
import io.xaccount.kube.ApiFaults;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Kubernetes faults alone, with IAM healthy and no kill: a fifth of the roles get one more inline
 * policy while a third of the operator's status writes are answered 409, a fifth of its requests
 * come a second late, every API connection is cut each three seconds and the API is down once for
 * three seconds. The operator must recover without a restart and make exactly one IAM write per
 * changed role (PutRolePolicy): a conflict or a lost watch must never repeat a write.
 */
final class KubeFaultSegment {
  private final ChaosCluster cluster;
  private final ChaosWaves waves;
  private final IamEmulator emulator;
  private final ApiFaults api;
  private final ApiCable cable;
  private final List<String> findings = new ArrayList<>();
  private final Map<String, Object> figures = new LinkedHashMap<>();

  KubeFaultSegment(
      ChaosCluster cluster, ChaosWaves waves, IamEmulator emulator, ApiFaults api, ApiCable cable) {
    this.cluster = cluster;
    this.waves = waves;
    this.emulator = emulator;
    this.api = api;
    this.cable = cable;
  }

  boolean run() throws InterruptedException {
    long mark = emulator.mark();
    long conflicts = api.conflicts.get();
    api.conflicts(0.33).slow(0.2, Duration.ofSeconds(1));
    List<String> changedRoles = new ArrayList<>();
    int changed =
        waves.change(
            p -> p.name().startsWith("role-") && ChaosRun.index(p) % 5 == 1,
            (p, spec) -> {
              spec.withArray("inlinePolicies")
                  .add(ChaosWorkload.inline("deny-k8s-segment", "ce:*"));
              changedRoles.add(spec.path("roleName").asText());
            });
    // Cuts every three seconds until all settled, with one outage four seconds in.
    Instant outageAt = Instant.now().plusSeconds(4);
    Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
    boolean outage = false;
    boolean settled = false;
    while (!settled && Instant.now().isBefore(deadline)) {
      if (!outage && Instant.now().isAfter(outageAt)) {
        cable.outage(Duration.ofSeconds(3));
        outage = true;
      } else {
        cable.cut();
      }
      boolean now = waves.awaitSettled(Duration.ofSeconds(3));
      settled = now && outage;
      if (now && !outage) {
        ChaosRun.sleepUntil(outageAt);
      }
    }
    api.clear();
    List<Call> writes =
        emulator.callsSince(mark).stream()
            .filter(ChaosRun::byOperator)
            .filter(ChaosRun::isIamWrite)
            .toList();
    Map<String, Integer> byCall = new TreeMap<>();
    writes.forEach(c -> byCall.merge(c.action() + " " + c.entity(), 1, Integer::sum));
    Set<String> expected = new java.util.TreeSet<>();
    changedRoles.forEach(r -> expected.add("PutRolePolicy " + r));
    if (!byCall.keySet().equals(expected) || byCall.values().stream().anyMatch(n -> n != 1)) {
      findings.add("IAM writes " + byCall + ", expected exactly one each of " + expected);
    }
    if (!settled) {
      findings.add("not settled: " + waves.unsettled());
    }
    figures.put("changedRoles", changed);
    figures.put("iamWrites", writes.size());
    figures.put("statusConflicts", api.conflicts.get() - conflicts);
    return settled;
  }

  List<String> findings() {
    return List.copyOf(findings);
  }

  Map<String, Object> figures() {
    return figures;
  }
}
