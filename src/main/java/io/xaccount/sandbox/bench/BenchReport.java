package io.xaccount.sandbox.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xaccount.emulator.knobs.Call;
import io.xaccount.sandbox.BenchMemory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The benchmark's figures as JSON and a Markdown table: per phase its duration and IAM calls (by
 * account and action, writes, throttles), steady-state calls per resync period, calls per resource
 * against the minimum for the shapes, the floor (minimal calls at the emulator's rate),
 * apply-to-Ready latencies, how fast the resources were applied (the embedded API's pace), heap,
 * RSS and CPU.
 */
final class BenchReport {
  /** Minimal create calls: a role CreateRole + AttachRolePolicy + PutRolePolicy + one read. */
  static final int ROLE_MINIMUM = 4;

  /**
   * Minimal create calls for the grants of one group, all in one policy (a pack): ListPolicies,
   * CreatePolicy, AttachGroupPolicy.
   */
  static final int GROUP_MINIMUM = 3;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> BULK_READS =
      Set.of("GetAccountAuthorizationDetails", "ListRoles");

  private BenchReport() {}

  /**
   * Where the create phase's time went at the account that sets the floor (the one with the most
   * calls): when its first and last IAM calls came after the phase began, and how many whole
   * seconds of the phase it made no call at all (time the operator was not at IAM there: the wave
   * still arriving, or the status writes after its last call), and its pace while the benchmark was
   * still applying the wave ({@code applying} from the phase's start) and after (where the two
   * differ, the machine shared with the embedded API's apply wave set the pace, not IAM's rate).
   */
  static ObjectNode busiestAccount(BenchRun.Phase phase, Duration applying) {
    Map<String, List<Call>> byAccount = new TreeMap<>();
    phase
        .calls()
        .forEach(
            c ->
                byAccount
                    .computeIfAbsent(String.valueOf(c.accountId()), a -> new ArrayList<>())
                    .add(c));
    ObjectNode busiest = JSON.createObjectNode();
    byAccount.entrySet().stream()
        .max(java.util.Comparator.comparingInt(e -> e.getValue().size()))
        .ifPresent(
            e -> {
              long[] offsets =
                  e.getValue().stream()
                      .mapToLong(c -> Duration.between(phase.start(), c.time()).toMillis())
                      .sorted()
                      .toArray();
              long seconds = Math.max(1, (phase.took().toMillis() + 999) / 1000);
              boolean[] busy = new boolean[(int) seconds];
              for (long offset : offsets) {
                busy[(int) Math.min(seconds - 1, Math.max(0, offset / 1000))] = true;
              }
              int idle = 0;
              for (boolean b : busy) {
                idle += b ? 0 : 1;
              }
              long last = offsets[offsets.length - 1];
              long applyEnd = Math.min(applying.toMillis(), last);
              long whileApplying =
                  java.util.Arrays.stream(offsets).filter(o -> o < applyEnd).count();
              busiest
                  .put("account", e.getKey())
                  .put("calls", offsets.length)
                  .put("firstCallSeconds", offsets[0] / 1000.0)
                  .put("lastCallSeconds", last / 1000.0)
                  .put("idleSeconds", idle)
                  .put("perSecondWhileApplying", perSecond(whileApplying, applyEnd))
                  .put(
                      "perSecondAfterApplying",
                      perSecond(offsets.length - whileApplying, last - applyEnd));
            });
    return busiest;
  }

  private static double perSecond(long calls, long millis) {
    return millis <= 0 ? 0 : Math.round(calls * 10_000.0 / millis) / 10.0;
  }

  static ObjectNode json(BenchOptions options, BenchRun run, Workload workload) {
    ObjectNode root = JSON.createObjectNode().put("version", 1);
    ObjectNode params = root.putObject("parameters");
    params.put("roles", options.roles()).put("grants", options.grants());
    params.put("accounts", workload.accountIds.size()).put("resyncs", options.resyncs());
    params.put("resyncIntervalSeconds", options.resyncInterval().toSeconds());
    params.put("pace", options.pace());
    if (options.pace()) {
      params.put("latencyMs", BenchOptions.LATENCY.toMillis()).put("jitter", BenchOptions.JITTER);
      params.put("callsPerSecondPerAccount", BenchOptions.RATE).put("burst", BenchOptions.BURST);
    }
    ObjectNode phases = root.putObject("phases");
    for (BenchRun.Phase phase : run.phases) {
      ObjectNode p = phases.putObject(phase.name());
      p.put("completed", phase.completed()).put("seconds", seconds(phase.took()));
      p.put("calls", phase.calls().size());
      p.put("writes", phase.calls().stream().filter(c -> c.isWrite() && c.succeeded()).count());
      p.put(
          "throttled",
          phase.calls().stream().filter(c -> "Throttling".equals(c.errorCode())).count());
      Map<String, Map<String, Integer>> byAccount = new TreeMap<>();
      for (Call c : phase.calls()) {
        byAccount
            .computeIfAbsent(String.valueOf(c.accountId()), a -> new TreeMap<>())
            .merge(c.service() + ":" + c.action(), 1, Integer::sum);
      }
      p.set("byAccount", JSON.valueToTree(byAccount));
    }
    steadyReads(run, options).ifPresent(steady -> root.set("steadyCallsPerResync", steady));
    int resources = options.roles() + options.grants();
    int minimal =
        options.roles() * ROLE_MINIMUM + workload.groups(options.grants()) * GROUP_MINIMUM;
    BenchRun.Phase create = run.phases.get(0);
    // The API's pace: at 10,000 objects it must not be what the create phase waits for.
    root.putObject("apply")
        .put("resources", resources)
        .put("seconds", seconds(run.applied))
        .put("perSecond", run.applied.isZero() ? 0 : resources / (run.applied.toMillis() / 1000.0));
    ObjectNode perResource = root.putObject("createCallsPerResource");
    perResource.put("measured", (double) create.calls().size() / resources);
    perResource.put("minimal", (double) minimal / resources);
    if (options.pace()) {
      // Each account has its own bucket: the busiest account sets the pace. The break-glass
      // grants applied during the wave are work of the phase too, all in the second account: each
      // costs at least what a group of one grant does.
      int glass = run.breakGlass.containsKey("create") ? run.breakGlass.get("create").applied() : 0;
      double busiest =
          (double) minimal / workload.accountIds.size() + (double) glass * GROUP_MINIMUM;
      double floor = Math.max(0, busiest - BenchOptions.BURST) / BenchOptions.RATE;
      root.put("floorSeconds", floor);
      root.put("floorBreakGlassGrants", glass);
      root.put("timeToAllReadyOverFloor", floor == 0 ? 0 : seconds(create.took()) / floor);
      root.set("busiestAccountInCreate", busiestAccount(create, run.applied));
    }
    List<Duration> latencies = new ArrayList<>(run.readyLatencies);
    latencies.sort(Duration::compareTo);
    root.putObject("applyToReadySeconds")
        .put("p50", seconds(percentile(latencies, 0.5)))
        .put("p99", seconds(percentile(latencies, 0.99)));
    ObjectNode glass = root.putObject("breakGlass");
    run.breakGlass.forEach(
        (spell, measured) ->
            glass
                .putObject(spell)
                .put("applied", measured.applied())
                .put("ready", measured.latencies().size())
                .put("p50Seconds", seconds(percentile(measured.latencies(), 0.5)))
                .put("p99Seconds", seconds(percentile(measured.latencies(), 0.99)))
                .put("slowestAppliedAfterSeconds", seconds(measured.slowestAppliedAfter()))
                .put(
                    "slowestFirstIamCallAfterSeconds",
                    measured.slowestFirstCallAfter() == null
                        ? null
                        : seconds(measured.slowestFirstCallAfter()))
                .<ObjectNode>set("slowestReadyTrail", JSON.valueToTree(measured.slowestTrail()))
                .set("slowestCalls", JSON.valueToTree(measured.slowestCalls())));
    run.phases.stream()
        .filter(p -> p.name().equals("restart"))
        .findFirst()
        .ifPresent(
            restart ->
                root.putObject("restart")
                    .put("seconds", seconds(restart.took()))
                    .put("calls", restart.calls().size())
                    .put(
                        "bulkReads",
                        restart.calls().stream()
                            .filter(c -> BULK_READS.contains(c.action()))
                            .count())
                    .put(
                        "writes",
                        restart.calls().stream()
                            .filter(c -> c.isWrite() && c.succeeded())
                            .count()));
    BenchMemory memory = run.memory;
    if (memory == null) {
      // --until create: measured once every resource has converged and resync periods passed.
      return root;
    }
    root.putObject("memory")
        .put("measured", memory.measured())
        .put("heapAfterGcMiB", memory.heapAfterGcBytes() / (1024 * 1024))
        .put("rssMiB", memory.rssKiB() / 1024);
    root.put("cpuSeconds", memory.cpuSeconds());
    return root;
  }

  /**
   * The steady phase's IAM calls divided by the resync periods it spans: in total, and those of the
   * bulk reads of roles (GetAccountAuthorizationDetails and ListRoles).
   */
  private static Optional<ObjectNode> steadyReads(BenchRun run, BenchOptions options) {
    if (options.resyncs() == 0) {
      return Optional.empty();
    }
    return run.phases.stream()
        .filter(p -> p.name().equals("steady"))
        .findFirst()
        .map(
            steady -> {
              long bulk =
                  steady.calls().stream().filter(c -> BULK_READS.contains(c.action())).count();
              long accounts = run.accountCount();
              // The entities the operator manages per account: its roles and grants, spread
              // evenly.
              double perAccountThousands =
                  (options.roles() + options.grants()) / (double) accounts / 1000.0;
              double perPeriod = (double) steady.calls().size() / options.resyncs();
              return JSON.createObjectNode()
                  .put("all", perPeriod)
                  .put("bulkReads", (double) bulk / options.resyncs())
                  .put(
                      "perAccountPer1000Resources",
                      perAccountThousands == 0 ? 0 : perPeriod / accounts / perAccountThousands);
            });
  }

  static String markdown(ObjectNode report) {
    StringBuilder md = new StringBuilder();
    var params = report.path("parameters");
    md.append(
        "| phase | seconds | IAM calls | successful writes | throttled |\n"
            + "|---|---:|---:|---:|---:|\n");
    report
        .path("phases")
        .fields()
        .forEachRemaining(
            p ->
                md.append(
                    "| %s | %.1f | %d | %d | %d |\n"
                        .formatted(
                            p.getKey(),
                            p.getValue().path("seconds").asDouble(),
                            p.getValue().path("calls").asInt(),
                            p.getValue().path("writes").asInt(),
                            p.getValue().path("throttled").asInt())));
    md.append(
        "\n%d roles + %d grants over %d accounts; create calls per resource %.2f (minimal %.2f);"
            .formatted(
                params.path("roles").asInt(),
                params.path("grants").asInt(),
                params.path("accounts").asInt(),
                report.path("createCallsPerResource").path("measured").asDouble(),
                report.path("createCallsPerResource").path("minimal").asDouble()));
    if (report.has("steadyCallsPerResync")) {
      md.append(
          " steady state %.0f IAM calls per resync period (%.0f of them bulk reads of roles);"
              .formatted(
                  report.path("steadyCallsPerResync").path("all").asDouble(),
                  report.path("steadyCallsPerResync").path("bulkReads").asDouble()));
    }
    md.append(
        " applied in %.1f s (%.0f resources/s);"
            .formatted(
                report.path("apply").path("seconds").asDouble(),
                report.path("apply").path("perSecond").asDouble()));
    if (report.has("steadyCallsPerResync")) {
      md.append(
          " %.2f calls per 1,000 resources per account per resync period;"
              .formatted(
                  report
                      .path("steadyCallsPerResync")
                      .path("perAccountPer1000Resources")
                      .asDouble()));
    }
    report
        .path("breakGlass")
        .fields()
        .forEachRemaining(
            spell ->
                md.append(
                    (" break-glass during %s: %d of %d Ready, apply→Ready p50 %.1f s, p99 %.1f s"
                                + " (the slowest applied %.0f s in, its first IAM call %.1f s after its"
                                + " apply);")
                            .formatted(
                                spell.getKey(),
                                spell.getValue().path("ready").asInt(),
                                spell.getValue().path("applied").asInt(),
                                spell.getValue().path("p50Seconds").asDouble(),
                                spell.getValue().path("p99Seconds").asDouble(),
                                spell.getValue().path("slowestAppliedAfterSeconds").asDouble(),
                                spell.getValue().path("slowestFirstIamCallAfterSeconds").asDouble())
                        + trail(spell.getValue().path("slowestReadyTrail"))));
    if (report.has("restart")) {
      md.append(
          (" restart: every resource reconciled in %.1f s with %d IAM calls (%d bulk reads, %d"
                  + " writes);")
              .formatted(
                  report.path("restart").path("seconds").asDouble(),
                  report.path("restart").path("calls").asInt(),
                  report.path("restart").path("bulkReads").asInt(),
                  report.path("restart").path("writes").asInt()));
    }
    if (report.has("floorSeconds")) {
      md.append(
          (" floor %.1f s, time to all Ready / floor %.2f (the busiest account's first IAM call"
                  + " %.1f s in, its last %.1f s in, %d whole seconds without a call, %.1f calls/s"
                  + " while the wave was applied and %.1f after);")
              .formatted(
                  report.path("floorSeconds").asDouble(),
                  report.path("timeToAllReadyOverFloor").asDouble(),
                  report.path("busiestAccountInCreate").path("firstCallSeconds").asDouble(),
                  report.path("busiestAccountInCreate").path("lastCallSeconds").asDouble(),
                  report.path("busiestAccountInCreate").path("idleSeconds").asInt(),
                  report.path("busiestAccountInCreate").path("perSecondWhileApplying").asDouble(),
                  report.path("busiestAccountInCreate").path("perSecondAfterApplying").asDouble()));
    }
    md.append(
        " apply→Ready p50 %.1f s, p99 %.1f s;"
            .formatted(
                report.path("applyToReadySeconds").path("p50").asDouble(),
                report.path("applyToReadySeconds").path("p99").asDouble()));
    if (report.has("memory")) {
      md.append(
          " heap after GC %d MiB, RSS %d MiB, CPU %.0f s (%s)."
              .formatted(
                  report.path("memory").path("heapAfterGcMiB").asLong(),
                  report.path("memory").path("rssMiB").asLong(),
                  report.path("cpuSeconds").asDouble(),
                  report.path("memory").path("measured").asText()));
    }
    md.append("\n");
    return md.toString();
  }

  /** The slowest break-glass grant's Ready conditions before it was Ready, when it had any. */
  private static String trail(com.fasterxml.jackson.databind.JsonNode conditions) {
    List<String> before = new ArrayList<>();
    conditions.forEach(c -> before.add(c.asText()));
    if (!before.isEmpty() && before.get(before.size() - 1).startsWith("True ")) {
      before.remove(before.size() - 1);
    }
    return before.isEmpty() ? "" : " it was first " + String.join(", then ", before) + ";";
  }

  static void write(Path dir, ObjectNode report) throws IOException {
    Files.createDirectories(dir);
    JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("bench.json").toFile(), report);
    Files.writeString(dir.resolve("bench.md"), markdown(report));
  }

  private static Duration percentile(List<Duration> sorted, double p) {
    if (sorted.isEmpty()) {
      return Duration.ZERO;
    }
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }
}
