package io.xaccount.sandbox;

import io.quarkus.runtime.Quarkus;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code quarkus-run.jar bench ...}: the operator, exactly as the sandbox runs it, against the
 * embedded Kubernetes API and the emulator at IAM's pace, with a generated workload; writes {@code
 * bench.json} and {@code bench.md} and prints the table.
 */
public final class Bench {
  private Bench() {}

  /** Called by the operator's main with all arguments, the first being {@code bench}. */
  public static void main(String[] args) {
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
    Workload workload = new Workload(options.accounts());
    try (EmulatedAws aws = EmulatedAws.start(workload.accountIds, Duration.ZERO);
        EmbeddedKubernetes kubernetes = EmbeddedKubernetes.start()) {
      workload.createGroups(aws.emulator(), options.grants());
      if (options.pace()) {
        aws.emulator()
            .faults()
            .pace(BenchOptions.LATENCY, BenchOptions.JITTER, BenchOptions.RATE, BenchOptions.BURST);
      }
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
                  BenchRun run =
                      new BenchRun(options, kubernetes.client(), aws.emulator(), workload);
                  try (run) {
                    run.run();
                  }
                  var report = BenchReport.json(options, run, workload, run.heapAfterGc);
                  BenchReport.write(options.out(), report);
                  System.out.println();
                  System.out.print(BenchReport.markdown(report));
                  System.out.println("bench: wrote " + options.out().resolve("bench.json"));
                  boolean complete = run.phases.stream().allMatch(BenchRun.Phase::completed);
                  exitCode.set(complete ? 0 : 1);
                } catch (Exception e) {
                  System.err.println("bench: " + e);
                }
                Quarkus.asyncExit(exitCode.get());
              },
              "xaccount-bench");
      worker.setDaemon(true);
      worker.start();
      Quarkus.run(null, (code, failure) -> {}, new String[0]);
      return exitCode.get();
    }
  }
}
