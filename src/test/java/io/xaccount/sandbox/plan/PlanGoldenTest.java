package io.xaccount.sandbox.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.xaccount.sandbox.Applied;
import io.xaccount.sandbox.Crds;
import io.xaccount.sandbox.Observed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 26: the plan of a pull request as a reviewer reads it, in text, JSON and Markdown, against
 * golden files (regenerate: {@code -Dregenerate=true}). The seed's role and grant, a second grant
 * adding alice, the trust gaining an account, a grant losing a principal the snapshot shows, and a
 * typo'd policy refused; the access diff comes from the snapshot and the planned statuses.
 */
class PlanGoldenTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path GOLDEN = Path.of("src/test/resources/plan");
  private static final String ROLE = "arn:aws:iam::111111111111:role/CrossAccountSignin";
  private static final String CLUSTER = "ci-cluster";

  @Test
  void textJsonAndMarkdownAreAsReviewedAndTheAccessDiffIsRight() throws Exception {
    List<Observed> resources =
        List.of(
            role(),
            grant("dev-engineers", "group", "developers"),
            grant("alice-too", "user", "alice"),
            typo());
    AccessDiff diff =
        AccessDiff.of(
            resources,
            Map.of("123456789012", devSnapshot(), "111111111111", prodSnapshot()),
            Map.of("prod", "111111111111", "dev", "123456789012"),
            CLUSTER);

    assertThat(diff.gains())
        .extracting(AccessDiffs::line)
        .containsExactly(
            "user/alice (123456789012) -> " + ROLE + ", through AssumeRoleGrant platform/alice-too",
            "account 210987654321 -> "
                + ROLE
                + ", through CrossAccountRole platform/prod-power-users");
    assertThat(diff.losses())
        .extracting(AccessDiffs::line)
        .containsExactly(
            "user/bob (123456789012) -> "
                + ROLE
                + ", through AssumeRoleGrant platform/dev-engineers");
    PlanReport report =
        new PlanReport(resources, Map.of(), List.of(), false)
            .withAccess(diff)
            .withNotes(
                List.of("Not compared: Description and MaxSessionDuration of 1 existing role(s)"));
    golden("plan.txt", report.text());
    golden("plan.json", report.json());
    golden("plan.md", PlanMarkdown.of(report));
  }

  private static void golden(String name, String actual) throws Exception {
    Path file = GOLDEN.resolve(name);
    if (Boolean.getBoolean("regenerate")) {
      Files.writeString(file, actual);
    }
    assertThat(actual).isEqualTo(Files.readString(file));
  }

  private static Observed role() throws Exception {
    return observed(
        "CrossAccountRole",
        "prod-power-users",
        "{\"accountRef\":\"prod\",\"roleName\":\"CrossAccountSignin\"}",
        """
        {"roleArn":"%s","planHash":"aaaa",
         "plannedChanges":[{"action":"UpdateAssumeRolePolicy","target":"%s",
           "summary":"trust 210987654321 too","diff":["+ Principal: arn:aws:iam::210987654321:root"]}],
         "access":{"trust":{"accountIds":["123456789012","210987654321"]}},
         "conditions":[{"type":"Ready","status":"True","reason":"Planned"}]}"""
            .formatted(ROLE, ROLE));
  }

  private static Observed grant(String name, String kind, String principal) throws Exception {
    return observed(
        "AssumeRoleGrant",
        name,
        "{\"accountRef\":\"dev\",\"target\":{\"roleRef\":{\"name\":\"prod-power-users\"}},"
            + "\"principals\":{\"%ss\":[\"%s\"]}}".formatted(kind, principal),
        """
        {"roleArn":"%s","phase":"Pending","planHash":"bbbb",
         "policyArn":"arn:aws:iam::123456789012:policy/xaccount/grants/x/p.1",
         "conditions":[{"type":"Ready","status":"True","reason":"InSync"}]}"""
            .formatted(ROLE));
  }

  private static Observed typo() throws Exception {
    return observed(
        "CrossAccountRole",
        "readers",
        "{\"accountRef\":\"prod\"}",
        """
        {"conditions":[{"type":"Ready","status":"False","reason":"InvalidSpec",
          "message":"spec.managedPolicyArns: arn:aws:iam::aws:policy/ReadOnlyAccesss is not an AWS managed policy (did you mean arn:aws:iam::aws:policy/ReadOnlyAccess?)"}]}""");
  }

  /** Dev: the developers' pack holds the seed grant's statement, attached to developers and bob. */
  private static JsonNode devSnapshot() throws Exception {
    String path =
        io.xaccount.operator.iam.GrantPack.of(
                CLUSTER, Map.of("group", List.of("developers")), "platform")
            .path();
    String slot = "arn:aws:iam::123456789012:policy" + path + "p.1";
    return JSON.readTree(
        """
        {"Policies":[{"Arn":"%s","Path":"%s","PolicyVersionList":[{"IsDefaultVersion":true,
           "Document":{"Statement":[{"Sid":"Grant0a","Effect":"Allow","Action":"sts:AssumeRole",
             "Resource":"%s"}]}}]}],
         "GroupDetailList":[{"GroupName":"developers","AttachedManagedPolicies":[{"PolicyArn":"%s"}]}],
         "UserDetailList":[{"UserName":"bob","AttachedManagedPolicies":[{"PolicyArn":"%s"}]}]}"""
            .formatted(slot, path, ROLE, slot, slot));
  }

  /** Prod: the role trusts Dev. */
  private static JsonNode prodSnapshot() throws Exception {
    return JSON.readTree(
        """
        {"RoleDetailList":[{"RoleName":"CrossAccountSignin","AssumeRolePolicyDocument":
          {"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},
            "Action":"sts:AssumeRole"}]}}]}""");
  }

  /** A planned resource of the platform namespace as the plan reads it back. */
  static Observed observed(String kind, String name, String spec, String status) throws Exception {
    ResourceDefinitionContext context =
        new ResourceDefinitionContext.Builder()
            .withGroup(Crds.GROUP)
            .withVersion("v1alpha1")
            .withKind(kind)
            .withNamespaced(true)
            .build();
    return new Observed(
        new Applied(context, "platform", name), 1L, JSON.readTree(spec), JSON.readTree(status));
  }
}
