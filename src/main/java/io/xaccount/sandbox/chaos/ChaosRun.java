package io.xaccount.sandbox.chaos;

import io.xaccount.emulator.IamEmulator;
import io.xaccount.emulator.knobs.Call;
import io.xaccount.kube.ApiFaults;
import io.xaccount.kube.EmbeddedKubernetes;
import io.xaccount.sandbox.Crds;
import io.xaccount.sandbox.EmulatedAws;
import io.xaccount.sandbox.OperatorChild;
import io.xaccount.sandbox.OperatorPermissions;
import io.xaccount.sandbox.chaos.ChaosWorkload.Planned;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * The chaos run from start to audit: the accounts with their decoys, the embedded API behind its
 * faults, the operator as its own process; then the create, change and delete waves under every
 * fault at once; convergence after the last fault; a segment of Kubernetes faults alone; the
 * bad-input corpus; one more restart whose resync must write nothing; and the audit.
 */
final class ChaosRun {
  static final String TOKEN = "xaccount-operator-chaos";
  static final String FOREIGN_CLUSTER = "another-cluster-4f1c";
  private static final Duration ACCOUNTS_TIMEOUT = Duration.ofMinutes(3);

  private final ChaosOptions options;
  private final Path jar;
  final Map<String, Object> figures = new LinkedHashMap<>();
  final List<ChaosReport.Phase> phases = new ArrayList<>();
  ChaosAudit.Result audit;

  ChaosRun(ChaosOptions options, Path jar) {
    this.options = options;
    this.jar = jar;
  }

  void run() throws Exception {
    ChaosWorkload workload = new ChaosWorkload(options.resources());
    ChaosDecoys decoys = new ChaosDecoys();
    ApiFaults apiFaults = new ApiFaults(TOKEN, options.seed());
    try (EmulatedAws aws = EmulatedAws.start(ChaosWorkload.ACCOUNTS);
        AdminIam admin = new AdminIam(aws.emulator(), ChaosWorkload.ACCOUNTS);
        EmbeddedKubernetes kubernetes =
            EmbeddedKubernetes.start(Crds.load().definitions(), apiFaults);
        ApiCable cable = ApiCable.start(kubernetes.url())) {
      IamEmulator emulator = aws.emulator();
      workload.createGroups(emulator);
      emulator.account(ChaosWorkload.ACCOUNTS.get(1)).createGroup("chaos-canary");
      String us =
          kubernetes.client().namespaces().withName("kube-system").get().getMetadata().getUid();
      decoys.plant(admin, workload, us, FOREIGN_CLUSTER);
      var decoysBefore = decoys.snapshot(emulator);
      ChaosCluster cluster = new ChaosCluster(kubernetes.client());
      cluster.setUp(UUID.randomUUID().toString());
      Path kubeconfig =
          EmbeddedKubernetes.writeKubeconfig(
              options.out().resolve("kubeconfig"),
              cable.url(),
              TOKEN,
              ChaosCluster.OPERATOR_NAMESPACE);
      OperatorChild operator = new OperatorChild(jar, options.out(), environment(kubeconfig, aws));
      try (Kubelet kubelet = new Kubelet(operator)) {
        kubelet.start();
        if (!phase("accounts", () -> awaitTrue(cluster::accountsReady, ACCOUNTS_TIMEOUT))) {
          throw new IllegalStateException(
              "the AwsAccounts are not Verified; the operator's log is in " + options.out());
        }
        ChaosWaves waves = new ChaosWaves(cluster, emulator);
        OutOfBand edits = new OutOfBand(admin, cluster, options.seed());
        ChaosMonkey monkey =
            new ChaosMonkey(
                kubelet, cable, () -> edits.editOne(good(waves.live())), options.seed());
        emulator.onAnswered(monkey::iamAnswered);
        apiFaults.onStatusWrite(monkey::statusWritten);
        long chaosMark = emulator.mark();
        Instant chaosStart = Instant.now();
        new ChaosFaults(emulator, apiFaults, options.iamErrorRate()).on();
        AtomicBoolean wavesDone = new AtomicBoolean();
        Thread monkeyThread = monkeyThread(monkey, wavesDone::get);
        runWaves(workload, waves, chaosStart);
        wavesDone.set(true);
        monkeyThread.join();
        new ChaosFaults(emulator, apiFaults, options.iamErrorRate()).off();
        Instant lastFault = later(monkey.lastFault(), Instant.now());
        boolean converged =
            phase("converge after the last fault", () -> waves.awaitSettled(convergeTimeout()));
        figures.put(
            "secondsToSettleAfterLastFault",
            Duration.between(lastFault, Instant.now()).toMillis() / 1000.0);
        // Drift made by the last out-of-band edits is undone at the next resync: wait for it.
        phase(
            "resync after the last edit",
            () -> {
              sleepUntil(lastFault.plus(options.resyncInterval().multipliedBy(5).dividedBy(4)));
              return waves.awaitSettled(convergeTimeout());
            });
        recordChaosFigures(emulator, chaosMark, monkey, edits, apiFaults, cable, kubelet, workload);
        KubeFaultSegment kube = new KubeFaultSegment(cluster, waves, emulator, apiFaults, cable);
        phase("kubernetes faults alone", kube::run);
        CorpusPhase corpus = new CorpusPhase(cluster, waves, emulator, operator);
        phase("bad-input corpus", corpus::run);
        AuditRestart restart = new AuditRestart(kubelet, operator, cluster, emulator);
        phase("restart and resync", restart::run);
        audit =
            new ChaosAudit(emulator, admin, cluster, waves)
                .run(
                    decoys.snapshot(emulator),
                    decoysBefore,
                    restart.writes(),
                    kubelet.unexpectedExits(),
                    kube.findings(),
                    corpus.findings(),
                    phases);
        figures.put("kubernetesFaultSegment", kube.figures());
        figures.put("corpus", corpus.figures());
        figures.put("operatorLives", operator.lives());
        figures.put("converged", converged);
      }
    }
  }

  private void runWaves(ChaosWorkload workload, ChaosWaves waves, Instant start)
      throws InterruptedException {
    Duration third = options.duration().dividedBy(3);
    waves.create(workload.all());
    phase("create wave", () -> waves.awaitReached(convergeTimeout()));
    sleepUntil(start.plus(third));
    int changed =
        waves.change(
                p -> p.name().startsWith("role-") && ChaosWorkload.changesRole(index(p)),
                (p, spec) -> ChaosWorkload.changeRole(spec, index(p), 1))
            + waves.change(
                p -> p.name().startsWith("grant-") && ChaosWorkload.changesGrant(index(p)),
                (p, spec) -> ChaosWorkload.changeGrant(spec));
    figures.put("changed", changed);
    phase("change wave", () -> waves.awaitReached(convergeTimeout()));
    sleepUntil(start.plus(third.multipliedBy(2)));
    waves.delete(
        p ->
            (p.name().startsWith("role-") && ChaosWorkload.deletesRole(index(p)))
                || (p.name().startsWith("grant-") && ChaosWorkload.deletesGrant(index(p)))
                || p.name().equals("foreign-1"));
    figures.put("deleted", waves.deleted().size());
    phase("delete wave", () -> waves.awaitReached(convergeTimeout()));
  }

  private Thread monkeyThread(ChaosMonkey monkey, BooleanSupplier wavesDone) {
    Duration editEvery = Duration.ofMillis(Math.max(2_000, options.duration().toMillis() / 20));
    Thread thread =
        new Thread(
            () -> {
              try {
                monkey.run(
                    options.duration(),
                    wavesDone,
                    options.kills(),
                    Duration.ofSeconds(15),
                    Duration.ofSeconds(4),
                    editEvery);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "chaos-monkey");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private Map<String, String> environment(Path kubeconfig, EmulatedAws aws) {
    Map<String, String> env = OperatorChild.environment(kubeconfig, aws);
    env.put("XACCOUNT_OPERATOR_RESYNC_INTERVAL", options.resyncInterval().toSeconds() + "s");
    options
        .backoffMax()
        .ifPresent(
            max -> {
              env.put("XACCOUNT_BACKOFF_INITIAL", "1s");
              env.put("XACCOUNT_BACKOFF_MAX", max.toSeconds() + "s");
            });
    return env;
  }

  private void recordChaosFigures(
      IamEmulator emulator,
      long mark,
      ChaosMonkey monkey,
      OutOfBand edits,
      ApiFaults apiFaults,
      ApiCable cable,
      Kubelet kubelet,
      ChaosWorkload workload) {
    List<Call> calls = emulator.callsSince(mark).stream().filter(ChaosRun::byOperator).toList();
    figures.put("roles", workload.roles);
    figures.put("grants", workload.grants);
    figures.put("collisions", workload.collisions);
    figures.put("operatorIamCalls", calls.size());
    figures.put(
        "operatorIamWrites", calls.stream().filter(c -> isIamWrite(c) && c.succeeded()).count());
    figures.put("iamFaults", emulator.faults().injectedCounts());
    Map<String, Long> api = new LinkedHashMap<>();
    api.put("statusConflicts", apiFaults.conflicts.get());
    api.put("slowResponses", apiFaults.slowed.get());
    api.put("connectionCuts", cable.cuts.get());
    api.put("outages", cable.outages.get());
    figures.put("kubernetesFaults", api);
    figures.put("kills", monkey.kills());
    figures.put("outOfBandEdits", edits.done());
    figures.put("unexpectedExits", kubelet.unexpectedExits());
  }

  static boolean byOperator(Call call) {
    return call.callerArn() != null && call.callerArn().contains(OperatorPermissions.OPERATOR_ROLE);
  }

  static boolean isIamWrite(Call call) {
    return "iam".equals(call.service()) && call.isWrite();
  }

  static List<Planned> good(List<Planned> planned) {
    return planned.stream().filter(p -> p.ends().equals(java.util.Set.of("Converged"))).toList();
  }

  /** How long a wave may take to settle: generous, and growing with the workload. */
  private Duration convergeTimeout() {
    return Duration.ofMinutes(10)
        .plus(options.duration())
        .plus(Duration.ofSeconds(3L * options.resources()));
  }

  static int index(Planned p) {
    return Integer.parseInt(p.name().substring(p.name().indexOf('-') + 1));
  }

  interface Step {
    boolean run() throws Exception;
  }

  private boolean phase(String name, Step step) throws InterruptedException {
    Instant start = Instant.now();
    boolean done;
    try {
      done = step.run();
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      done = false;
      figures.put("error in " + name, e.toString());
    }
    ChaosReport.Phase phase =
        new ChaosReport.Phase(name, Duration.between(start, Instant.now()), done);
    phases.add(phase);
    System.out.printf(
        "chaos: %s %s in %.1f s%n",
        name, done ? "done" : "NOT DONE", phase.took().toMillis() / 1000.0);
    return done;
  }

  static boolean awaitTrue(java.util.function.BooleanSupplier condition, Duration timeout)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(500);
    }
    return false;
  }

  static void sleepUntil(Instant when) throws InterruptedException {
    long millis = Duration.between(Instant.now(), when).toMillis();
    if (millis > 0) {
      Thread.sleep(millis);
    }
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
