package io.xaccount.sandbox.chaos;

import io.xaccount.sandbox.Flags;
import io.xaccount.sandbox.OperatorChild;
import io.xaccount.sandbox.ScratchDir;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * {@code quarkus-run.jar chaos ...}: the chaos run. The operator runs as its own process (this same
 * jar without arguments, as deployed) against the embedded Kubernetes API and the emulator, under
 * IAM and Kubernetes faults, SIGKILLs and out-of-band edits; the audit at the end decides the exit
 * code (0 passed, 1 failed, 2 usage). Writes {@code chaos.json} and {@code chaos.md}.
 */
public final class Chaos {
  private Chaos() {}

  /** Called by the operator's main with all arguments, the first being {@code chaos}. */
  public static void main(String[] args) {
    if (Flags.helpAsked(args)) {
      System.out.println(ChaosOptions.USAGE);
      System.out.println("Options and outputs: docs/chaos.md");
      return;
    }
    System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
    ChaosOptions options;
    try {
      options = ChaosOptions.parse(Arrays.asList(args).subList(1, args.length));
    } catch (IllegalArgumentException e) {
      System.err.println("chaos: " + e.getMessage());
      System.err.println(ChaosOptions.USAGE);
      System.exit(2);
      return;
    }
    System.exit(run(options));
  }

  private static int run(ChaosOptions options) {
    ScratchDir.get();
    Instant start = Instant.now();
    // Interrupted (Ctrl-C), the operator must not outlive the run.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly),
                "chaos-exit"));
    ChaosRun run = new ChaosRun(options, OperatorChild.thisJar());
    try {
      Files.createDirectories(options.out());
      run.run();
    } catch (Exception e) {
      System.err.println("chaos: " + e);
      e.printStackTrace();
    }
    try {
      var report = ChaosReport.json(options, run, Duration.between(start, Instant.now()));
      ChaosReport.write(options.out(), report);
      System.out.println();
      System.out.print(ChaosReport.markdown(report));
      System.out.println("chaos: wrote " + options.out().resolve("chaos.json"));
      return report.path("passed").asBoolean() ? 0 : 1;
    } catch (Exception e) {
      System.err.println("chaos: cannot write the report: " + e);
      return 1;
    }
  }
}
