package io.xaccount.operator.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One row per kind of name IAM accepts although no service has it, next to the valid spellings that
 * must stay silent. The data is the checked-in service reference.
 */
class IdentityPolicyWarningsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final String LABEL = "inline policy p";

  static Stream<Arguments> rows() {
    return Stream.of(
        // Actions
        row("a real action", allow("\"s3:GetObject\""), List.of()),
        row("an action in another case", allow("\"S3:getobject\""), List.of()),
        row(
            "a typo'd action",
            allow("\"s3:GetObjekt\""),
            List.of(
                "inline policy p: action \"s3:GetObjekt\" does not exist (IAM accepts it and it"
                    + " grants nothing)")),
        row(
            "a typo'd action in a Deny",
            statement("Deny", "\"Action\":\"iam:DeleteRol\""),
            List.of(
                "inline policy p: action \"iam:DeleteRol\" does not exist (IAM accepts it and it"
                    + " denies nothing)")),
        row(
            "an unknown service",
            allow("\"s3x:GetObject\""),
            List.of(
                "inline policy p: action \"s3x:GetObject\" names no service (no AWS service has the"
                    + " prefix \"s3x\") (IAM accepts it and it grants nothing)")),
        row("a wildcard that matches", allow("\"s3:Get*\",\"ec2:Describe?nstances\""), List.of()),
        // The reference lacks these; AWS's own managed policies name them, so they stay silent.
        row(
            "a retired service AWS's policies still name",
            allow("\"zocalo:Describe*\""),
            List.of()),
        row(
            "an unlisted action AWS's policies name",
            allow("\"budgets:DescribeBudget\""),
            List.of()),
        row(
            "an unlisted key AWS's policies use with that service",
            allow("\"lakeformation:GetDataAccess\"", "lakeformation:GlueARN"),
            List.of()),
        row("every action of a service", allow("\"iam:*\""), List.of()),
        row("everything", allow("\"*\""), List.of()),
        row(
            "a wildcard that matches nothing",
            allow("\"s3:Gett*\""),
            List.of(
                "inline policy p: action \"s3:Gett*\" matches no action of s3 (IAM accepts it and"
                    + " it grants nothing)")),
        row("a wildcard service prefix that matches", allow("\"s3*:GetObject\""), List.of()),
        row(
            "a wildcard service prefix that matches nothing",
            allow("\"zz*:Get*\""),
            List.of(
                "inline policy p: action \"zz*:Get*\" matches no action of any service (IAM accepts"
                    + " it and it grants nothing)")),
        row(
            "a NotAction wildcard that matches",
            statement("Allow", "\"NotAction\":[\"iam:*\",\"organizations:Creat*Account\"]"),
            List.of()),
        row(
            "a NotAction entry that names nothing",
            statement("Allow", "\"NotAction\":[\"iam:*\",\"organisations:*\"]"),
            List.of(
                "inline policy p: NotAction entry \"organisations:*\" names no service (no AWS"
                    + " service has the prefix \"organisations\") (IAM accepts it and it excludes"
                    + " nothing)")),
        // Condition keys
        row("a key of the statement's service", allow("\"s3:ListBucket\"", "s3:prefix"), List.of()),
        row("a global key", allow("\"s3:ListBucket\"", "aws:SourceIp"), List.of()),
        row("a global key in another case", allow("\"s3:ListBucket\"", "AWS:sourceip"), List.of()),
        row("a request tag key", allow("\"iam:CreateRole\"", "aws:RequestTag/team"), List.of()),
        row("a resource tag key", allow("\"iam:GetRole\"", "aws:ResourceTag/team"), List.of()),
        row(
            "a principal tag key with a variable",
            allow("\"s3:GetObject\"", "aws:PrincipalTag/${aws:username}"),
            List.of()),
        row(
            "a service's own tag key",
            allow("\"iam:TagRole\"", "iam:ResourceTag/xaccount.io/owner"),
            List.of()),
        row("an <key> template", allow("\"s3:GetObject\"", "s3:ExistingObjectTag/env"), List.of()),
        row(
            "a typo'd global key",
            allow("\"s3:ListBucket\"", "aws:MultiFactorAuthPresnt"),
            List.of(
                "inline policy p: condition key \"aws:MultiFactorAuthPresnt\" is neither a global"
                    + " condition key nor one of s3 (IAM accepts it; no request carries it, so the"
                    + " condition only ever sees it missing)")),
        row(
            "a tag key without its tag",
            allow("\"iam:GetRole\"", "aws:ResourceTag"),
            List.of(
                "inline policy p: condition key \"aws:ResourceTag\" is neither a global condition"
                    + " key nor one of iam (IAM accepts it; no request carries it, so the condition"
                    + " only ever sees it missing)")),
        row(
            "a key of another service",
            allow("\"s3:GetObject\"", "kms:ViaService"),
            List.of(
                "inline policy p: condition key \"kms:ViaService\" is neither a global condition"
                    + " key nor one of s3 (IAM accepts it; no request carries it, so the condition"
                    + " only ever sees it missing)")),
        row(
            "a key of one of the statement's services",
            allow("\"s3:GetObject\",\"kms:Decrypt\"", "kms:ViaService"),
            List.of()),
        row("any service's key under Action *", allow("\"*\"", "kms:ViaService"), List.of()),
        row(
            "any service's key under NotAction",
            statement(
                "Deny",
                "\"NotAction\":\"iam:*\",\"Condition\":{\"StringEquals\":{\"ec2:Region\":\"x\"}}"),
            List.of()),
        row(
            "a key no service has, under Action *",
            allow("\"*\"", "s3:prefixx"),
            List.of(
                "inline policy p: condition key \"s3:prefixx\" is not a condition key of any"
                    + " service (IAM accepts it; no request carries it, so the condition only ever"
                    + " sees it missing)")),
        row(
            "keys stay unjudged against an unknown service's",
            allow("\"s3x:GetObject\"", "s3:prefix"),
            List.of(
                "inline policy p: action \"s3x:GetObject\" names no service (no AWS service has the"
                    + " prefix \"s3x\") (IAM accepts it and it grants nothing)")),
        row(
            "a typo'd action still has its service's keys",
            allow("\"s3:ListBuckett\"", "s3:prefix"),
            List.of(
                "inline policy p: action \"s3:ListBuckett\" does not exist (IAM accepts it and it"
                    + " grants nothing)")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void warnsOnlyOnNamesNoServiceHas(String name, String document, List<String> expected)
      throws Exception {
    assertThat(IdentityPolicyWarnings.of(LABEL, JSON.readTree(document)))
        .containsExactlyElementsOf(expected);
  }

  @Test
  void eachEntryIsNamedOnceAndInDocumentOrder() throws Exception {
    String document =
        "{\"Version\":\"2012-10-17\",\"Statement\":["
            + "{\"Effect\":\"Allow\",\"Action\":[\"ec2:Foo\",\"s3:Bar\",\"ec2:Foo\"],"
            + "\"Resource\":\"*\"},"
            + "{\"Effect\":\"Allow\",\"Action\":\"ec2:Foo\",\"Resource\":\"*\"}]}";

    assertThat(IdentityPolicyWarnings.of(LABEL, JSON.readTree(document)))
        .hasSize(2)
        .satisfiesExactly(
            w -> assertThat(w).contains("\"ec2:Foo\""), w -> assertThat(w).contains("\"s3:Bar\""));
  }

  @Test
  void theShippedPoliciesAndExamplesNameOnlyWhatExists() throws IOException {
    // deploy/iam's identity policies use iam:ResourceTag/..., iam:PermissionsBoundary and more:
    // a false warning on our own documents would teach users to ignore the real ones.
    int checked = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(Path.of("deploy/iam"), "*.json")) {
      for (Path file : files) {
        JsonNode doc = JSON.readTree(file.toFile());
        if (!doc.toString().contains("\"Principal\"")) {
          assertThat(IdentityPolicyWarnings.of(file.toString(), doc)).as(file.toString()).isEmpty();
          checked++;
        }
      }
    }
    List<Path> examples;
    try (Stream<Path> walk = Files.walk(Path.of("examples"))) {
      examples = walk.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
    for (Path file : examples) {
      for (JsonNode manifest :
          YAML.readValues(YAML.createParser(file.toFile()), JsonNode.class).readAll()) {
        for (JsonNode inline : manifest.path("spec").path("inlinePolicies")) {
          assertThat(IdentityPolicyWarnings.of(file.toString(), inline.get("document")))
              .as(file.toString())
              .isEmpty();
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThan(3);
  }

  @Test
  void awsManagedPoliciesNameOnlyWhatExists() throws IOException {
    // AWS's own 1,500+ policies are the largest body of real documents at hand; the script makes
    // whatever they name count as existing, and this keeps that promise and the checker in step.
    JsonNode all;
    try (InputStream in =
        getClass()
            .getResourceAsStream("/META-INF/xaccount/iam-data/aws-managed-policies.json.gz")) {
      all = JSON.readTree(new GZIPInputStream(in));
    }
    assertThat(all.size()).isGreaterThan(1000);
    for (JsonNode policy : all) {
      assertThat(IdentityPolicyWarnings.of(policy.get("Arn").asText(), policy.get("Document")))
          .isEmpty();
    }
  }

  private static Arguments row(String name, String document, List<String> expected) {
    return arguments(name, document, expected);
  }

  private static String allow(String actions) {
    return statement("Allow", "\"Action\":[" + actions + "]");
  }

  private static String allow(String actions, String conditionKey) {
    return statement(
        "Allow",
        "\"Action\":["
            + actions
            + "],\"Condition\":{\"StringLike\":{\""
            + conditionKey
            + "\":\"x\"}}");
  }

  private static String statement(String effect, String body) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\""
        + effect
        + "\","
        + body
        + ",\"Resource\":\"*\"}]}";
  }
}
