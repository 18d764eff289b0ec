package io.xaccount.sandbox;

import io.quarkus.runtime.Application;
import io.quarkus.runtime.Quarkus;
import io.xaccount.kube.EmbeddedKubernetes;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code quarkus-run.jar sandbox ...}: starts the embedded Kubernetes API and the IAM/STS emulator,
 * points the operator at them (only endpoints and credentials differ from production), runs the
 * operator, and applies and reports on the manifests beside it.
 */
public final class Sandbox {
  private final SandboxOptions options;
  private final PrintStream out = System.out;

  private Sandbox(SandboxOptions options) {
    this.options = options;
  }

  /** Called by the operator's main with all arguments, the first being {@code sandbox}. */
  public static void main(String[] args) {
    if (Flags.helpAsked(args)) {
      System.out.println(SandboxOptions.USAGE);
      System.out.println("Options and outputs: docs/sandbox.md");
      return;
    }
    // Before anything logs: the mock server's Vert.x would otherwise fix the JDK's log manager.
    System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
    SandboxOptions options;
    try {
      options = SandboxOptions.parse(Arrays.asList(args).subList(1, args.length));
    } catch (IllegalArgumentException e) {
      System.err.println("sandbox: " + e.getMessage());
      System.err.println(SandboxOptions.USAGE);
      System.exit(2);
      return;
    }
    System.exit(new Sandbox(options).run());
  }

  private int run() {
    // stdout carries what the sandbox reports (the banner, the table); the operator logs to stderr.
    System.setProperty("quarkus.log.console.stderr", "true");
    // Before anything starts Vert.x: its caches go into the folder removed on exit.
    Path scratch = ScratchDir.get();
    try (EmulatedAws aws = EmulatedAws.start(options.accounts(), options.iamDelay());
        EmbeddedKubernetes kubernetes = EmbeddedKubernetes.start(Crds.load().definitions())) {
      // It points at a port that closes with this process: it goes with the scratch folder.
      Path kubeconfig = kubernetes.writeKubeconfig(scratch.resolve("kubeconfig"));
      OperatorProperties.set(kubernetes.url(), aws);
      Session session = new Session(options, kubernetes, aws, kubeconfig, out);
      Thread worker = new Thread(session::run, "xaccount-sandbox");
      worker.setDaemon(true);
      worker.start();
      if (!options.once()) {
        Runtime.getRuntime()
            .addShutdownHook(new Thread(session::writeFiles, "xaccount-sandbox-exit"));
      }
      AtomicInteger exitCode = new AtomicInteger();
      Quarkus.run(null, (code, failure) -> exitCode.set(code), new String[0]);
      // Ctrl-C: whichever of this and the shutdown hook comes first writes, while all still runs.
      session.writeFiles();
      return session.exitCode().orElse(exitCode.get());
    } catch (IOException e) {
      System.err.println("sandbox: " + e.getMessage());
      return 1;
    }
  }

  /** Blocks until the operator has started (Quarkus has no public event for non-beans). */
  public static void awaitStarted() throws InterruptedException {
    while (Application.currentApplication() == null
        || !Application.currentApplication().isStarted()) {
      Thread.sleep(100);
    }
  }

  static List<String> describe(Path kubeconfig, EmulatedAws aws) {
    List<String> lines = new ArrayList<>();
    lines.add("xaccount sandbox is running. Ctrl-C stops it.");
    lines.add("  kubeconfig:        " + kubeconfig);
    lines.add("  IAM/STS endpoint:  " + aws.endpoint());
    // Quarkus replaces the configured port 0 by the one it bound once started.
    String http = "http://127.0.0.1:" + System.getProperty("quarkus.http.port");
    lines.add(
        "  metrics:           "
            + http
            + "/q/metrics  (xaccount_resources: what is not Ready, why)");
    lines.add("  health:            " + http + "/q/health");
    for (String account : aws.accounts()) {
      var keys = aws.emulator().adminKeys(account);
      lines.add(
          "  account "
              + account
              + ":  AWS_ACCESS_KEY_ID="
              + keys.accessKeyId()
              + " AWS_SECRET_ACCESS_KEY="
              + keys.secretAccessKey());
    }
    lines.addAll(aws.peopleLines());
    var first = aws.emulator().adminKeys(aws.accounts().get(0));
    lines.add("  try: kubectl --kubeconfig " + kubeconfig + " get xaccount -A");
    // Pasted as it is, it must work: the AWS CLI needs a region and keys besides the endpoint.
    lines.add(
        "       AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s AWS_DEFAULT_REGION=us-east-1 aws"
                .formatted(first.accessKeyId(), first.secretAccessKey())
            + " --endpoint-url "
            + aws.endpoint()
            + " iam list-roles");
    return lines;
  }
}
