package io.xaccount.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.runtime.Quarkus;
import io.xaccount.kube.EmbeddedKubernetes;
import io.xaccount.operator.iam.GrantPack;
import io.xaccount.operator.reconciler.Ownership;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code quarkus-run.jar plan ...}: what the manifests would do in IAM, without an AWS account or a
 * cluster. The production path does the work: the sandbox (embedded Kubernetes API, IAM/STS
 * emulator, the operator) applies the manifests with every CrossAccountRole and AssumeRoleGrant in
 * {@code managementPolicy: Plan}, optionally against an IAM snapshot of real accounts, and the
 * plans they report in status are printed ({@link PlanReport}). Exit 0 for a clean plan, 1 when
 * anything is refused or not settled, 2 for a wrong command line.
 */
public final class PlanCommand {
  private static final Set<String> PLANNED = Set.of("CrossAccountRole", "AssumeRoleGrant");

  private final PlanOptions options;
  private final PrintStream out = System.out;
  private final PrintStream err = System.err;

  private PlanCommand(PlanOptions options) {
    this.options = options;
  }

  /** Called by the operator's main with all arguments, the first being {@code plan}. */
  public static void main(String[] args) {
    System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
    PlanOptions options;
    try {
      options = PlanOptions.parse(Arrays.asList(args).subList(1, args.length));
    } catch (IllegalArgumentException e) {
      System.err.println("plan: " + e.getMessage());
      System.err.println(PlanOptions.USAGE);
      System.exit(2);
      return;
    }
    System.exit(new PlanCommand(options).run());
  }

  private int run() {
    ScratchDir.get();
    Map<String, JsonNode> snapshots;
    try {
      snapshots =
          options.snapshot().isPresent() ? IamSnapshots.read(options.snapshot().get()) : Map.of();
    } catch (IOException | RuntimeException e) {
      err.println("plan: cannot read the snapshot: " + e.getMessage());
      return 1;
    }
    Set<String> accounts = new LinkedHashSet<>(SandboxOptions.DEFAULT_ACCOUNTS);
    accounts.addAll(snapshots.keySet());
    try (EmulatedAws aws = EmulatedAws.start(new ArrayList<>(accounts));
        EmbeddedKubernetes kubernetes = EmbeddedKubernetes.start(Crds.load().definitions())) {
      String cluster =
          options
              .clusterName()
              .orElseGet(
                  () ->
                      kubernetes
                          .client()
                          .namespaces()
                          .withName("kube-system")
                          .get()
                          .getMetadata()
                          .getUid());
      Manifests.Loaded loaded = Manifests.load(options.apply());
      List<Manifests.Problem> problems = new ArrayList<>(loaded.problems());
      List<Applied> applied =
          new Applier(kubernetes.client(), Crds.load(), note -> err.println("plan: " + note))
              .apply(loaded.documents().stream().map(PlanCommand::inPlan).toList(), problems);
      Map<String, JsonNode> translated =
          SnapshotIdentities.standFor(snapshots, resources(kubernetes, applied), cluster);
      translated.forEach(
          (account, details) ->
              aws.emulator()
                  .loadAuthorizationDetails(account, details)
                  .forEach(line -> err.println("plan: snapshot " + account + ": " + line)));
      translated.forEach((account, details) -> packsOf(aws, account, details, cluster));
      OperatorProperties.set(kubernetes.url(), aws);
      // stdout carries the plan only (CI parses the JSON); the operator logs to stderr.
      System.setProperty("quarkus.log.console.stderr", "true");
      options.clusterName().ifPresent(n -> System.setProperty("xaccount.operator.cluster-name", n));
      AtomicInteger exitCode = new AtomicInteger(1);
      Thread worker =
          new Thread(() -> exitCode.set(planned(kubernetes, applied, problems)), "xaccount-plan");
      worker.setDaemon(true);
      worker.start();
      Quarkus.run(null, (code, failure) -> {}, new String[0]);
      return exitCode.get();
    }
  }

  /**
   * The snapshot format carries no tags of managed policies, and a grant pack's slots are known as
   * this cluster's by their tags: a policy named as a slot of a pack (whose hash includes the
   * cluster identity) is taken to be one, and given the tags the operator would have written.
   */
  private void packsOf(EmulatedAws aws, String account, JsonNode details, String cluster) {
    for (JsonNode policy : details.path("Policies")) {
      String arn = policy.path("Arn").asText();
      if (GrantPack.slot(arn).isPresent() && policy.path("Tags").isEmpty()) {
        aws.emulator()
            .account(account)
            .tagPolicy(
                arn,
                Map.of(
                    Ownership.MANAGED_BY, Ownership.OPERATOR,
                    Ownership.CLUSTER, cluster,
                    Ownership.KIND, Ownership.GRANT_PACK));
        err.println(
            "plan: snapshot %s: %s taken as a grant pack of cluster %s (the snapshot has no"
                    .formatted(account, arn, cluster)
                + " policy tags)");
      }
    }
  }

  /** The applied resources as the API holds them (with their uids). */
  private static List<SnapshotIdentities.Resource> resources(
      EmbeddedKubernetes kubernetes, List<Applied> applied) {
    List<SnapshotIdentities.Resource> resources = new ArrayList<>();
    for (Applied a : applied) {
      if (!a.hasReadyCondition()) {
        continue;
      }
      var client = kubernetes.client().genericKubernetesResources(a.context());
      var resource =
          a.namespace() == null
              ? client.withName(a.name()).get()
              : client.inNamespace(a.namespace()).withName(a.name()).get();
      resources.add(
          new SnapshotIdentities.Resource(
              a.kind(),
              a.namespace(),
              a.name(),
              resource.getMetadata().getUid(),
              Serialization.jsonMapper()
                  .valueToTree(resource.getAdditionalProperties().get("spec"))));
    }
    return resources;
  }

  /** Waits until every applied resource settled, then prints the plan. */
  private int planned(
      EmbeddedKubernetes kubernetes, List<Applied> applied, List<Manifests.Problem> problems) {
    int code = 1;
    try {
      Sandbox.awaitStarted();
      ReadinessWait.Result result =
          new ReadinessWait(kubernetes.client(), Clock.systemUTC())
              .await(applied, options.timeout());
      PlanReport report =
          new PlanReport(result.resources(), result.blocked(), problems, result.timedOut());
      out.print(options.json() ? report.json() : report.text());
      out.flush();
      code = report.ok() ? 0 : 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      err.println("plan: " + e);
    }
    Quarkus.asyncExit(code);
    return code;
  }

  /** The document with managementPolicy Plan when it is a role or grant. */
  private static Manifests.Document inPlan(Manifests.Document document) {
    JsonNode object = document.object();
    String kind = object.path("kind").asText("");
    if (!PLANNED.contains(kind)
        || !object.path("apiVersion").asText("").startsWith(Crds.GROUP + "/")
        || !object.path("spec").isObject()) {
      return document;
    }
    ObjectNode copy = object.deepCopy();
    ((ObjectNode) copy.get("spec")).put("managementPolicy", "Plan");
    return new Manifests.Document(document.file(), document.number(), copy);
  }
}
