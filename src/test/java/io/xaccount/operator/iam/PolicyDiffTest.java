package io.xaccount.operator.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a plan shows of a document: only what differs, never a secret, the same every time. */
class PolicyDiffTest {
  private static final String ALLOW_DEV =
      """
      {"Version":"2012-10-17","Statement":[{"Sid":"Trust","Effect":"Allow",\
      "Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}""";

  @Test
  void documentsIamEvaluatesAlikeHaveNoDifference() {
    PolicyDocument reshaped =
        PolicyDocument.parse(
            """
            {"Statement":{"Action":["sts:assumerole"],"Principal":{"AWS":["123456789012"]},\
            "Effect":"Allow","Sid":"Trust"},"Version":"2012-10-17"}""");

    assertThat(PolicyDiff.between(reshaped, PolicyDocument.parse(ALLOW_DEV))).isEmpty();
  }

  @Test
  void aChangedStatementShowsOnlyTheValuesThatDiffer() {
    PolicyDocument wider =
        PolicyDocument.parse(
            ALLOW_DEV.replace(
                "\"arn:aws:iam::123456789012:root\"",
                "[\"arn:aws:iam::123456789012:root\",\"arn:aws:iam::222222222222:root\"]"));
    PolicyDocument withMfa =
        PolicyDocument.parse(
            ALLOW_DEV.replace(
                "\"Action\":\"sts:AssumeRole\"",
                "\"Action\":\"sts:AssumeRole\",\"Condition\":{\"Bool\":"
                    + "{\"aws:MultiFactorAuthPresent\":\"true\"}}"));

    assertThat(PolicyDiff.between(wider, PolicyDocument.parse(ALLOW_DEV)))
        .containsExactly("- Statement[Trust].Principal.AWS: \"arn:aws:iam::222222222222:root\"");
    assertThat(PolicyDiff.between(PolicyDocument.parse(ALLOW_DEV), withMfa))
        .containsExactly(
            "+ Statement[Trust].Condition: {\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}");
  }

  @Test
  void aNewDocumentIsAllAdditionsAndARemovedOneAllRemovals() {
    PolicyDocument doc = PolicyDocument.parse(ALLOW_DEV);

    assertThat(PolicyDiff.between(null, doc))
        .containsExactly(
            "+ Version: \"2012-10-17\"",
            "+ Statement[Trust]: {\"Sid\":\"Trust\",\"Effect\":\"Allow\",\"Principal\":"
                + "{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":\"sts:AssumeRole\"}");
    assertThat(PolicyDiff.between(doc, null)).hasSize(2).allMatch(l -> l.startsWith("- "));
  }

  @Test
  void externalIdsAreNeverShown() {
    String secret = "do-not-print-me-42";
    PolicyDocument doc =
        PolicyDocument.parse(
            ALLOW_DEV.replace(
                "\"Action\":\"sts:AssumeRole\"",
                "\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":"
                    + "{\"sts:ExternalId\":\""
                    + secret
                    + "\"}}"));
    PolicyDocument other = PolicyDocument.parse(doc.toJson().replace(secret, "another-secret-7"));

    List<String> lines = PolicyDiff.between(null, doc);
    lines.addAll(PolicyDiff.between(doc, other));

    assertThat(String.join("\n", lines))
        .doesNotContain(secret)
        .doesNotContain("another-secret-7")
        .contains(PolicyDiff.SECRET);
  }

  @Test
  void aRolePlanPreviewNamesEachCallItsTargetAndWhatDiffers() {
    PolicyDocument trust = PolicyDocument.parse(ALLOW_DEV);
    DesiredRole desired =
        new DesiredRole(
            "Ops",
            "/",
            "ops",
            3600,
            trust,
            Set.of("arn:aws:iam::aws:policy/ReadOnlyAccess"),
            Map.of(),
            null,
            Map.of("team", "a"));
    ObservedRole observed =
        new ObservedRole(
            "Ops",
            "/",
            "old",
            3600,
            trust,
            Set.of("arn:aws:iam::aws:policy/PowerUserAccess"),
            Map.of(),
            null,
            Map.of("team", "b"),
            "arn:aws:iam::111111111111:role/Ops",
            "AROA1");
    RolePlan plan = RolePlanner.plan(desired, Optional.of(observed));

    List<PlannedCall> calls =
        RolePlanPreview.of(plan, observed.arn(), Optional.of(observed), Map.of());

    assertThat(calls)
        .extracting(PlannedCall::action)
        .containsExactly("TagRole", "UpdateRole", "DetachRolePolicy", "AttachRolePolicy");
    assertThat(calls).extracting(PlannedCall::target).containsOnly(observed.arn());
    assertThat(calls.get(0).diff()).containsExactly("~ Tags.team: \"b\" -> \"a\"");
    assertThat(calls.get(1).diff()).containsExactly("~ Description: \"old\" -> \"ops\"");
    assertThat(PlanHash.of(calls)).isEqualTo(PlanHash.of(List.copyOf(calls))).hasSize(16);
    assertThat(PlanHash.of(calls)).isNotEqualTo(PlanHash.of(calls.subList(1, 4)));
  }
}
