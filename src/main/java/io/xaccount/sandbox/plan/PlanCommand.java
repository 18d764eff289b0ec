package io.xaccount.sandbox.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.runtime.Quarkus;
import io.xaccount.kube.EmbeddedKubernetes;
import io.xaccount.operator.iam.GrantPack;
import io.xaccount.operator.reconciler.Ownership;
import io.xaccount.sandbox.Applied;
import io.xaccount.sandbox.Applier;
import io.xaccount.sandbox.Crds;
import io.xaccount.sandbox.EmulatedAws;
import io.xaccount.sandbox.Flags;
import io.xaccount.sandbox.Manifests;
import io.xaccount.sandbox.OperatorProperties;
import io.xaccount.sandbox.ReadinessWait;
import io.xaccount.sandbox.Sandbox;
import io.xaccount.sandbox.SandboxOptions;
import io.xaccount.sandbox.ScratchDir;
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
    if (Flags.helpAsked(args)) {
      System.out.println(PlanOptions.USAGE);
      System.out.println("Options and outputs: docs/plan.md");
      return;
    }
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
      List<SnapshotIdentities.Resource> resources = resources(kubernetes, applied);
      Map<String, JsonNode> translated = SnapshotIdentities.standFor(snapshots, resources, cluster);
      List<String> notes = SnapshotGaps.fill(translated, resources, cluster);
      translated.forEach(
          (account, details) ->
              aws.emulator()
                  .loadAuthorizationDetails(account, details)
                  .forEach(line -> err.println("plan: snapshot " + account + ": " + line)));
      Set<String> packs = SnapshotIdentities.packHashes(resources, cluster);
      translated.forEach((account, details) -> packsOf(aws, account, details, cluster, packs));
      OperatorProperties.set(kubernetes.url(), aws);
      // stdout carries the plan only (CI parses the JSON); the operator logs to stderr.
      System.setProperty("quarkus.log.console.stderr", "true");
      options.clusterName().ifPresent(n -> System.setProperty("xaccount.operator.cluster-name", n));
      AtomicInteger exitCode = new AtomicInteger(1);
      Thread worker =
          new Thread(
              () ->
                  exitCode.set(
                      planned(
                          kubernetes,
                          applied,
                          problems,
                          new Context(notes, translated, accountIds(resources), cluster))),
              "xaccount-plan");
      worker.setDaemon(true);
      worker.start();
      Quarkus.run(null, (code, failure) -> {}, new String[0]);
      return exitCode.get();
    }
  }

  /**
   * The snapshot format carries no tags of managed policies, and a grant pack's slots are known as
   * this cluster's by their tags: a policy named as a slot of a pack the manifests' grants use
   * (whose hash includes the cluster identity) is taken to be one, and given the tags the operator
   * would have written. A slot of any other pack (another cluster's, or this one's under another
   * --cluster-name) stays untagged, and so is left alone as Manage would.
   */
  private void packsOf(
      EmulatedAws aws, String account, JsonNode details, String cluster, Set<String> packs) {
    for (JsonNode policy : details.path("Policies")) {
      String arn = policy.path("Arn").asText();
      boolean ours = GrantPack.slot(arn).filter(s -> packs.contains(s.hash())).isPresent();
      if (ours && policy.path("Tags").isEmpty()) {
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
  /**
   * What the report needs beyond the resources.
   *
   * @param notes what could not be compared, and hints
   * @param snapshots the snapshots as loaded (identities translated), by account
   * @param accountIds the account ID of each AwsAccount of the manifests
   * @param cluster the cluster identity the plan runs as
   */
  private record Context(
      List<String> notes,
      Map<String, JsonNode> snapshots,
      Map<String, String> accountIds,
      String cluster) {}

  private static Map<String, String> accountIds(List<SnapshotIdentities.Resource> resources) {
    Map<String, String> ids = new java.util.TreeMap<>();
    resources.stream()
        .filter(r -> r.kind().equals("AwsAccount"))
        .forEach(r -> ids.put(r.name(), r.spec().path("accountId").asText()));
    return ids;
  }

  private int planned(
      EmbeddedKubernetes kubernetes,
      List<Applied> applied,
      List<Manifests.Problem> problems,
      Context context) {
    int code = 1;
    try {
      Sandbox.awaitStarted();
      ReadinessWait.Result result =
          new ReadinessWait(kubernetes.client(), Clock.systemUTC())
              .await(applied, options.timeout());
      PlanReport report =
          new PlanReport(result.resources(), result.blocked(), problems, result.timedOut())
              .withNotes(context.notes())
              .withAccess(
                  AccessDiff.of(
                      result.resources(),
                      context.snapshots(),
                      context.accountIds(),
                      context.cluster()));
      out.print(
          switch (options.output()) {
            case "json" -> report.json();
            case "markdown" -> PlanMarkdown.of(report);
            default -> report.text();
          });
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
