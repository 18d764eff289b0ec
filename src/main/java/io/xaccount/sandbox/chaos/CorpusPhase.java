package io.xaccount.sandbox.chaos;

import io.fabric8.kubernetes.client.CustomResource;
import io.xaccount.emulator.IamEmulator;
import io.xaccount.sandbox.OperatorChild;
import io.xaccount.sandbox.chaos.ChaosWorkload.Planned;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bad-input corpus against the running operator, IAM healthy: every item must be refused (by
 * the API, or by the operator with a Ready reason it may end with) at the cost of no IAM write;
 * meanwhile canary roles measure whether other resources still converge as fast, and the operator's
 * heap is read before and after. Then a role and a grant whose specs flip every second must end
 * converged on their last spec with a bounded number of writes.
 */
final class CorpusPhase {
  private static final int CANARIES = 3;
  private static final int FLIPS = 10;
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private final ChaosCluster cluster;
  private final ChaosWaves waves;
  private final IamEmulator emulator;
  private final OperatorChild operator;
  private final List<String> findings = new ArrayList<>();
  private final Map<String, Object> figures = new LinkedHashMap<>();

  CorpusPhase(
      ChaosCluster cluster, ChaosWaves waves, IamEmulator emulator, OperatorChild operator) {
    this.cluster = cluster;
    this.waves = waves;
    this.emulator = emulator;
    this.operator = operator;
  }

  boolean run() throws InterruptedException {
    waves.create(List.of(BadInputCorpus.target()));
    if (!waves.awaitSettled(TIMEOUT)) {
      findings.add("the corpus's target role did not converge: " + waves.unsettled());
      return false;
    }
    figures.put("canarySecondsBefore", canaries("before"));
    long heapBefore = operator.heapUsed();
    long mark = emulator.mark();
    List<Planned> corpus = BadInputCorpus.generate();
    List<Planned> reachedOperator = new ArrayList<>();
    Map<String, String> verdicts = new LinkedHashMap<>();
    for (Planned item : corpus) {
      var refused = cluster.apply(item);
      if (refused.isPresent()) {
        verdicts.put(item.key(), BadInputCorpus.ADMISSION + ": " + refused.get());
        if (!item.ends().contains(BadInputCorpus.ADMISSION)) {
          findings.add(item.key() + " was refused by the API, expected " + item.ends());
        }
      } else {
        reachedOperator.add(item);
      }
    }
    waves.track(reachedOperator);
    figures.put("canarySecondsDuring", canaries("during"));
    boolean settled = waves.awaitSettled(TIMEOUT);
    for (Planned item : reachedOperator) {
      CustomResource<?, ?> r = cluster.get(item);
      String state = r == null ? "missing" : ChaosCluster.describe(r);
      verdicts.put(item.key(), state);
      if (!cluster.settled(item, false)) {
        findings.add(item.key() + " expected " + item.ends() + ", is " + state);
      }
    }
    figures.put("heapBytesBefore", heapBefore);
    figures.put("heapBytesAfter", operator.heapUsed());
    List<String> writes =
        emulator.callsSince(mark).stream()
            .filter(ChaosRun::byOperator)
            .filter(ChaosRun::isIamWrite)
            .filter(c -> c.entity() == null || !c.entity().startsWith("ChaosCanary"))
            .map(c -> c.action() + " " + c.entity())
            .toList();
    if (!writes.isEmpty()) {
      findings.add("IAM writes for the corpus: " + writes);
    }
    figures.put("items", corpus.size());
    figures.put("verdicts", verdicts);
    return settled && flipping();
  }

  /** Applies canary roles and returns each one's seconds from apply to Ready. */
  private List<Double> canaries(String when) throws InterruptedException {
    List<Planned> canaries = new ArrayList<>();
    for (int k = 0; k < CANARIES; k++) {
      var role = new ChaosWorkload(10).role(k);
      role.with("metadata").put("name", "canary-" + when + "-" + k);
      role.with("spec").put("roleName", "ChaosCanary" + when + k);
      role.with("spec").remove("deletionPolicy");
      role.with("spec").with("trust").remove("principalArns");
      canaries.add(
          new Planned(
              "CrossAccountRole",
              ChaosWorkload.NAMESPACE,
              "canary-" + when + "-" + k,
              role,
              Set.of("Converged")));
    }
    Instant start = Instant.now();
    waves.create(canaries);
    List<Double> seconds = new ArrayList<>();
    for (Planned canary : canaries) {
      if (!ChaosRun.awaitTrue(() -> cluster.settled(canary, false), TIMEOUT)) {
        findings.add(canary.key() + " did not converge");
        return seconds;
      }
      seconds.add(Duration.between(start, Instant.now()).toMillis() / 1000.0);
    }
    return seconds;
  }

  /** A role and a grant whose specs flip every second; they must end on their last spec. */
  private boolean flipping() throws InterruptedException {
    var role = new ChaosWorkload(10).role(2);
    role.with("metadata").put("name", "flip-role");
    role.with("spec").put("roleName", "ChaosFlip").remove("deletionPolicy");
    var grant = new ChaosWorkload(10).grant(2);
    grant.with("metadata").put("name", "flip-grant");
    grant.with("spec").with("target").with("roleRef").put("name", "flip-role");
    grant.with("spec").with("principals").putArray("groups").add("chaos-canary");
    grant.with("spec").put("accountRef", ChaosWorkload.accountName(1));
    role.with("spec").with("trust").putArray("accountIds").add(ChaosWorkload.ACCOUNTS.get(1));
    Planned flipRole =
        new Planned(
            "CrossAccountRole", ChaosWorkload.NAMESPACE, "flip-role", role, Set.of("Converged"));
    Planned flipGrant =
        new Planned(
            "AssumeRoleGrant", ChaosWorkload.NAMESPACE, "flip-grant", grant, Set.of("Converged"));
    waves.create(List.of(flipRole, flipGrant));
    if (!waves.awaitSettled(TIMEOUT)) {
      findings.add("the flipping resources did not converge at first: " + waves.unsettled());
      return false;
    }
    long mark = emulator.mark();
    for (int flip = 1; flip <= FLIPS; flip++) {
      int wave = flip;
      cluster.edit(
          flipRole,
          spec -> {
            ChaosWorkload.changeRole(spec, 2, wave);
            return spec;
          });
      cluster.edit(
          flipGrant,
          spec -> {
            ChaosWorkload.changeGrant(spec);
            return spec;
          });
      Thread.sleep(1_000);
    }
    boolean settled = waves.awaitSettled(TIMEOUT);
    long writes =
        emulator.callsSince(mark).stream()
            .filter(ChaosRun::byOperator)
            .filter(ChaosRun::isIamWrite)
            .count();
    figures.put("flips", FLIPS);
    figures.put("flipWrites", writes);
    // Per flip at most: the role's inline policies (delete the last wave's, put this one's) and
    // its tag, the grant's version (create one, delete the oldest).
    if (writes > 5L * FLIPS) {
      findings.add("flipping specs cost " + writes + " IAM writes for " + FLIPS + " flips");
    }
    if (!settled) {
      findings.add("flipping resources did not settle: " + waves.unsettled());
    }
    return settled;
  }

  List<String> findings() {
    return List.copyOf(findings);
  }

  Map<String, Object> figures() {
    return figures;
  }
}
