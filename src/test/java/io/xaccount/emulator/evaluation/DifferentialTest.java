package io.xaccount.emulator.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.xaccount.emulator.evaluation.Authorizer.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The emulator's evaluator against an independent one, {@code @cloud-copilot/iam-simulate}, on
 * {@value #CASES} requests generated from seed {@value #SEED} ({@link DifferentialCases}) and on
 * the {@link ReachMatrix}: the same seed gives the same cases, so a disagreement is reproducible by
 * its ID. Every disagreement must be one the AWS documentation decides ({@link
 * RecordedDisagreements}, each with a fixed unit test in {@link RecordedDisagreementsTest});
 * anything else fails the test. The agreement figure goes to {@code
 * target/iam-simulate/differential-report.txt} and must be the one {@code docs/emulator.md} states.
 * Skips, and says why, where the reference cannot be installed ({@code
 * scripts/install-iam-simulate.sh}).
 */
class DifferentialTest {
  static final long SEED = 27;
  static final int CASES = 2400;

  /** IDs of rewritten cases start here, clear of the generated ones. */
  private static final int REWRITTEN = 1_000_000;

  /** A disagreement waiting for the reference's second answer. */
  private record Pending(
      DifferentialCase c, String ours, String theirs, RecordedDisagreements.Disagreement why) {}

  @Test
  void theEmulatorDecidesAsTheIndependentEvaluatorDoesOrAsAwsDocumentsIt() throws Exception {
    String unavailable = IamSimulate.unavailable();
    if (unavailable != null) {
      // Said where the build log shows it, not only in the test report.
      System.err.println("DifferentialTest skipped: iam-simulate is unavailable: " + unavailable);
    }
    assumeTrue(unavailable == null, "iam-simulate is unavailable: " + unavailable);
    List<DifferentialCase> cases = new ArrayList<>(new DifferentialCases(SEED).generate(CASES));
    cases.addAll(ReachMatrix.cases());

    Map<Integer, JsonNode> reference = IamSimulate.decide("generated", cases);

    int agreed = 0;
    List<String> unexplained = new ArrayList<>();
    List<Pending> pending = new ArrayList<>();
    List<DifferentialCase> rewritten = new ArrayList<>();
    for (DifferentialCase c : cases) {
      JsonNode answer = reference.get(c.id());
      if (answer == null || answer.has("error") || !answer.path("ignored").isEmpty()) {
        unexplained.add("#" + c.id() + " the reference could not decide: " + answer + "\n  " + c);
        continue;
      }
      String theirs = answer.path("decision").asText();
      String ours = name(c.emulator());
      if (ours.equals(theirs)) {
        agreed++;
        continue;
      }
      List<RecordedDisagreements.Disagreement> candidates =
          RecordedDisagreements.candidates(c, theirs);
      if (candidates.isEmpty()) {
        unexplained.add(
            "#%d emulator %s, iam-simulate %s\n  %s".formatted(c.id(), ours, theirs, c));
      }
      for (RecordedDisagreements.Disagreement d : candidates) {
        DifferentialCase again = d.rewrite().apply(c);
        again.json().put("id", REWRITTEN + rewritten.size());
        rewritten.add(again);
        pending.add(new Pending(c, ours, theirs, d));
      }
    }
    // A recorded disagreement counts only if the reference, asked again with the request written
    // the way it understands, answers as the emulator did.
    Map<Integer, JsonNode> again =
        rewritten.isEmpty() ? Map.of() : IamSimulate.decide("rewritten", rewritten);
    Map<Integer, String> explainedBy = new LinkedHashMap<>();
    Map<Integer, Pending> unconfirmed = new LinkedHashMap<>();
    for (int i = 0; i < pending.size(); i++) {
      Pending p = pending.get(i);
      if (p.ours().equals(again.get(REWRITTEN + i).path("decision").asText())) {
        explainedBy.putIfAbsent(p.c().id(), p.why().name());
      } else {
        unconfirmed.putIfAbsent(p.c().id(), p);
      }
    }
    Map<String, List<Integer>> recorded = new LinkedHashMap<>();
    explainedBy.forEach((id, why) -> recorded.computeIfAbsent(why, k -> new ArrayList<>()).add(id));
    unconfirmed.values().stream()
        .filter(p -> !explainedBy.containsKey(p.c().id()))
        .forEach(
            p ->
                unexplained.add(
                    "#%d emulator %s, iam-simulate %s, not confirmed as %s%n  %s"
                        .formatted(p.c().id(), p.ours(), p.theirs(), p.why().name(), p.c())));

    String report = report(agreed, cases.size(), recorded, unexplained);
    Files.writeString(IamSimulate.HOME.resolve("differential-report.txt"), report);
    System.out.println(report);
    assertThat(unexplained).as(report).isEmpty();
    String figure =
        String.format(
            Locale.ROOT,
            "**Agreement: %,d of %,d cases (%.1f %%).**",
            agreed,
            cases.size(),
            100.0 * agreed / cases.size());
    assertThat(Files.readString(Path.of("docs", "emulator.md")))
        .as("docs/emulator.md states the agreement figure; update it to: " + figure)
        .contains(figure);
  }

  /** iam-simulate's names for the three answers. */
  static String name(Verdict v) {
    return switch (v) {
      case ALLOW -> "Allowed";
      case EXPLICIT_DENY -> "ExplicitlyDenied";
      case IMPLICIT_DENY -> "ImplicitlyDenied";
    };
  }

  private static String report(
      int agreed, int total, Map<String, List<Integer>> recorded, List<String> unexplained) {
    StringBuilder b = new StringBuilder();
    b.append(
        ("Differential test: %d generated cases (seed %d) and %d of the reach matrix;"
                + " %d of %d decided alike (%.1f %%)%n")
            .formatted(CASES, SEED, total - CASES, agreed, total, 100.0 * agreed / total));
    recorded.forEach(
        (name, ids) ->
            b.append(
                "  recorded disagreement %s: %d cases, e.g. #%s%n"
                    .formatted(name, ids.size(), ids.subList(0, Math.min(5, ids.size())))));
    b.append("  unexplained: %d%n".formatted(unexplained.size()));
    unexplained.forEach(u -> b.append("  ").append(u).append('\n'));
    return b.toString();
  }
}
