package io.xaccount.sandbox;

import io.quarkus.runtime.Quarkus;
import io.xaccount.kube.EmbeddedKubernetes;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the sandbox does beside the operator: apply the manifests, wait for them, print the table,
 * write the requested files and, with {@code --once}, end the process with the verdict.
 */
final class Session {
  /** How long a report waits for the roles' access maps to catch up with their grants. */
  private static final Duration ACCESS_MAPS_WAIT = Duration.ofSeconds(10);

  private final SandboxOptions options;
  private final EmbeddedKubernetes kubernetes;
  private final EmulatedAws aws;
  private final Path kubeconfig;
  private final PrintStream out;
  private final ReadinessWait readiness;
  private volatile List<Applied> applied = List.of();
  private volatile List<Manifests.Problem> problems = List.of();
  private volatile Integer exitCode;
  private boolean filesWritten;

  Session(
      SandboxOptions options,
      EmbeddedKubernetes kubernetes,
      EmulatedAws aws,
      Path kubeconfig,
      PrintStream out) {
    this.options = options;
    this.kubernetes = kubernetes;
    this.aws = aws;
    this.kubeconfig = kubeconfig;
    this.out = out;
    this.readiness = new ReadinessWait(kubernetes.client(), Clock.systemUTC());
  }

  Optional<Integer> exitCode() {
    return Optional.ofNullable(exitCode);
  }

  void run() {
    try {
      applyManifests();
      Sandbox.awaitStarted();
      if (!options.once()) {
        Sandbox.describe(kubeconfig, aws).forEach(out::println);
      }
      ReadinessWait.Result result = readiness.await(applied, options.timeout());
      out.println();
      out.print(ResultTable.render(result.resources(), result.blocked()));
      if (result.timedOut()) {
        out.println("Timed out after " + options.timeout().toSeconds() + "s waiting for Ready.");
      }
      if (options.once()) {
        if (options.report().isPresent()) {
          readiness.awaitAccessMaps(applied, ACCESS_MAPS_WAIT);
        }
        writeFiles();
        boolean success = result.allReady() && problems.isEmpty();
        exitCode = success ? 0 : 1;
        Quarkus.asyncExit(exitCode);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      System.err.println("sandbox: " + e);
      exitCode = 1;
      Quarkus.asyncExit(1);
    }
  }

  private void applyManifests() {
    Manifests.Loaded loaded = Manifests.load(options.apply());
    List<Manifests.Problem> found = new ArrayList<>(loaded.problems());
    applied =
        new Applier(kubernetes.client(), Crds.load(), note -> out.println("sandbox: " + note))
            .apply(loaded.documents(), found);
    problems = List.copyOf(found);
    for (Manifests.Problem problem : problems) {
      System.err.println("sandbox: not applied: " + problem.where() + ": " + problem.reason());
    }
    out.println(
        "sandbox: applied " + applied.size() + " resource(s), " + problems.size() + " rejected");
  }

  /** Writes {@code --report} and {@code --iam-snapshot} (once), as the resources stand now. */
  synchronized void writeFiles() {
    if (filesWritten) {
      return;
    }
    filesWritten = true;
    try {
      if (options.report().isPresent()) {
        List<Observed> observed = readiness.observe(applied);
        boolean ready = observed.stream().allMatch(Observed::isReady) && problems.isEmpty();
        Reports.writeReport(options.report().get(), observed, problems, ready);
      }
      if (options.iamSnapshot().isPresent()) {
        Reports.writeIamSnapshot(options.iamSnapshot().get(), aws.emulator(), aws.accounts());
      }
    } catch (IOException | RuntimeException e) {
      System.err.println("sandbox: cannot write the report or IAM snapshot: " + e);
    }
  }
}
