package io.xaccount.sandbox.bench;

import io.quarkus.runtime.Quarkus;
import io.xaccount.kube.EmbeddedKubernetes;
import io.xaccount.sandbox.BenchMemory;
import io.xaccount.sandbox.Crds;
import io.xaccount.sandbox.EmulatedAws;
import io.xaccount.sandbox.Flags;
import io.xaccount.sandbox.OperatorChild;
import io.xaccount.sandbox.OperatorProperties;
import io.xaccount.sandbox.Sandbox;
import io.xaccount.sandbox.ScratchDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * {@code quarkus-run.jar bench ...}: the operator, exactly as the sandbox runs it, against the
 * embedded Kubernetes API and the emulator at IAM's pace, with a generated workload; writes {@code
 * bench.json} and {@code bench.md} and prints the table.
 */
public final class Bench {
  private Bench() {}

  /** Called by the operator's main with all arguments, the first being {@code bench}. */
  public static void main(String[] args) {
    if (Flags.helpAsked(args)) {
      System.out.println(BenchOptions.USAGE);
      System.out.println("Options and outputs: docs/benchmark.md");
      return;
    }
    System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
    BenchOptions options;
    try {
      options = BenchOptions.parse(Arrays.asList(args).subList(1, args.length));
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      System.err.println(BenchOptions.USAGE);
      System.exit(2);
      return;
    }
    System.exit(run(options));
  }

  private static int run(BenchOptions options) {
    ScratchDir.get();
    Workload workload = new Workload(options.accounts());
    try (EmulatedAws aws = EmulatedAws.start(workload.accountIds, Duration.ZERO);
        EmbeddedKubernetes kubernetes = EmbeddedKubernetes.start(Crds.load().definitions())) {
      workload.createGroups(aws.emulator(), options.grants());
      if (options.pace()) {
        workload.createOnCallPeople(aws.emulator());
        aws.emulator()
            .faults()
            .pace(BenchOptions.LATENCY, BenchOptions.JITTER, BenchOptions.RATE, BenchOptions.BURST);
      }
      return options.operatorProcess()
          ? withOperatorProcess(options, workload, aws, kubernetes)
          : inThisJvm(options, workload, aws, kubernetes);
    }
  }

  /** The operator inside this JVM, as the sandbox runs it. */
  private static int inThisJvm(
      BenchOptions options, Workload workload, EmulatedAws aws, EmbeddedKubernetes kubernetes) {
    OperatorProperties.set(kubernetes.url(), aws);
    System.setProperty(
        "xaccount.operator.resync-interval", options.resyncInterval().toSeconds() + "s");
    System.setProperty("quarkus.log.category.\"io.xaccount\".level", "WARN");
    AtomicInteger exitCode = new AtomicInteger(1);
    Thread worker =
        new Thread(
            () -> {
              try {
                Sandbox.awaitStarted();
                exitCode.set(
                    measure(
                        options,
                        workload,
                        aws,
                        kubernetes,
                        BenchMemory::ofThisJvm,
                        java.util.Optional.empty()));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              Quarkus.asyncExit(exitCode.get());
            },
            "xaccount-bench");
    worker.setDaemon(true);
    worker.start();
    Quarkus.run(null, (code, failure) -> {}, new String[0]);
    return exitCode.get();
  }

  /**
   * The operator as its own process, deployed as in production (this jar without arguments, a
   * kubeconfig, the AWS SDK's environment); its log is {@code operator-1.log} in the output
   * directory.
   */
  private static int withOperatorProcess(
      BenchOptions options, Workload workload, EmulatedAws aws, EmbeddedKubernetes kubernetes) {
    try {
      Files.createDirectories(options.out());
      // The API itself, not the front for kubectl: the operator's informers watch over WebSocket.
      Path kubeconfig =
          EmbeddedKubernetes.writeKubeconfig(
              options.out().resolve("kubeconfig"), kubernetes.url(), "sandbox", "default");
      Map<String, String> env = OperatorChild.environment(kubeconfig, aws);
      env.put("XACCOUNT_OPERATOR_RESYNC_INTERVAL", options.resyncInterval().toSeconds() + "s");
      env.put("XACCOUNT_LEADER_ELECTION_ENABLED", "false");
      env.put("QUARKUS_LOG_CATEGORY__IO_XACCOUNT__LEVEL", options.operatorLogLevel());
      OperatorChild operator = new OperatorChild(OperatorChild.thisJar(), options.out(), env);
      operator.start();
      try {
        return measure(
            options,
            workload,
            aws,
            kubernetes,
            () -> {
              try {
                return operator.memoryAfterGc();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
              }
            },
            java.util.Optional.of(operator));
      } finally {
        operator.kill();
      }
    } catch (IOException e) {
      System.err.println("bench: " + e);
      return 1;
    }
  }

  /** Runs the phases and writes the report: 0 when every phase completed. */
  private static int measure(
      BenchOptions options,
      Workload workload,
      EmulatedAws aws,
      EmbeddedKubernetes kubernetes,
      Supplier<BenchMemory> memory,
      java.util.Optional<OperatorChild> operator) {
    try (BenchRun run =
        new BenchRun(options, kubernetes.client(), aws.emulator(), workload, memory, operator)) {
      run.run();
      var report = BenchReport.json(options, run, workload);
      BenchReport.write(options.out(), report);
      System.out.println();
      System.out.print(BenchReport.markdown(report));
      System.out.println("bench: wrote " + options.out().resolve("bench.json"));
      return run.phases.stream().allMatch(BenchRun.Phase::completed) ? 0 : 1;
    } catch (Exception e) {
      System.err.println("bench: " + e);
      return 1;
    }
  }
}
