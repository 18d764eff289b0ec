package io.xaccount.kube;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What every write of a custom resource goes through, as on kube-apiserver: field validation
 * (unknown fields pruned with a warning, or refused when the client asks Strict), defaults, schema
 * and CEL validation, the status subresource, generation and resourceVersion rules.
 */
class AdmissionTest {
  private static final String MERGE = "application/merge-patch+json";
  private static Api api;
  private static final String ROLES = Api.ROLES.formatted("admission");

  @BeforeAll
  static void start() {
    api = new Api();
    api.namespace("admission");
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void anUnknownFieldIsPrunedWithAWarningByDefault() {
    Api.Answer created = api.post(ROLES, Api.role("admission", "colour", "\"colour\":\"red\""));

    assertThat(created.code()).isEqualTo(201);
    assertThat(created.warnings()).containsExactly("299 - \"unknown field \\\"spec.colour\\\"\"");
    assertThat(created.body().path("spec").has("colour")).isFalse();
    assertThat(api.get(ROLES + "/colour").body().path("spec").has("colour")).isFalse();
  }

  @Test
  void anUnknownFieldIsRefusedWhenTheClientAsksStrictAsKubectlDoes() {
    Api.Answer created =
        api.post(
            ROLES + "?fieldValidation=Strict",
            Api.role("admission", "strict", "\"colour\":\"red\""));

    assertThat(created.code()).isEqualTo(400);
    assertThat(created.message())
        .isEqualTo(
            "CrossAccountRole in version \"v1alpha1\" cannot be handled as a CrossAccountRole:"
                + " strict decoding error: unknown field \"spec.colour\"");

    api.post(ROLES, Api.role("admission", "strict", ""));
    Api.Answer patched =
        api.patch(
            ROLES + "/strict?fieldValidation=Strict", MERGE, "{\"spec\":{\"colour\":\"red\"}}");
    assertThat(patched.code()).isEqualTo(422);
    assertThat(patched.message()).contains("strict decoding error: unknown field \"spec.colour\"");
  }

  @Test
  void anUnknownFieldIsDroppedSilentlyWithIgnore() {
    Api.Answer created =
        api.post(
            ROLES + "?fieldValidation=Ignore",
            Api.role("admission", "ignored", "\"colour\":\"red\""));

    assertThat(created.code()).isEqualTo(201);
    assertThat(created.warnings()).isEmpty();
    assertThat(created.body().path("spec").has("colour")).isFalse();
  }

  @Test
  void aFieldGivenTwiceIsRefusedWithStrictAndWarnedOfOtherwise() {
    String twice = Api.role("admission", "twice", "\"description\":\"a\",\"description\":\"b\"");

    Api.Answer strict = api.post(ROLES + "?fieldValidation=Strict", twice);
    Api.Answer warned = api.post(ROLES, twice);

    assertThat(strict.code()).isEqualTo(400);
    assertThat(strict.message())
        .endsWith("strict decoding error: duplicate field \"spec.description\"");
    assertThat(warned.code()).isEqualTo(201);
    assertThat(warned.warnings())
        .containsExactly("299 - \"duplicate field \\\"spec.description\\\"\"");
    assertThat(warned.body().at("/spec/description").asText()).isEqualTo("b");
  }

  @Test
  void freeFormFieldsKeepWhatTheyHoldButTheirDeclaredSiblingsArePruned() {
    Api.Answer created =
        api.post(
            ROLES,
            Api.role(
                "admission",
                "inline",
                """
                "inlinePolicies":[{"name":"deny","nmae":"typo",
                  "document":{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}}]"""));

    assertThat(created.code()).isEqualTo(201);
    assertThat(created.warnings())
        .containsExactly("299 - \"unknown field \\\"spec.inlinePolicies[0].nmae\\\"\"");
    assertThat(created.body().at("/spec/inlinePolicies/0/document/Statement/0/Effect").asText())
        .isEqualTo("Deny");
  }

  @Test
  void theSchemasDefaultsAreApplied() {
    Api.Answer created = api.post(ROLES, Api.role("admission", "defaulted", ""));

    assertThat(created.body().at("/spec/deletionPolicy").asText()).isEqualTo("Delete");
    assertThat(created.body().at("/spec/path").asText()).isEqualTo("/");
  }

  @Test
  void aCelRuleOnTheNewObjectIsEvaluatedOnCreate() {
    Api.Answer refused =
        api.post(
            ROLES,
            Api.role("admission", "no-trust", "\"x\":1")
                .replace("\"trust\":{\"accountIds\":[\"123456789012\"]}", "\"trust\":{}"));

    assertThat(refused.code()).isEqualTo(422);
    assertThat(refused.message())
        .contains(
            "spec.trust: Invalid value: \"object\": trust must name at least one of accountIds,"
                + " principalArns, principalArnPatterns");
  }

  @Test
  void onlySpecChangesBumpTheGenerationAndEachWriteKeepsToItsPart() {
    api.post(ROLES, Api.role("admission", "generations", ""));
    String role = ROLES + "/generations";

    Api.Answer labelled = api.patch(role, MERGE, "{\"metadata\":{\"labels\":{\"team\":\"a\"}}}");
    Api.Answer respecced = api.patch(role, MERGE, "{\"spec\":{\"description\":\"new\"}}");
    Api.Answer statused =
        api.patch(
            role + "/status",
            MERGE,
            "{\"spec\":{\"description\":\"ignored\"},\"status\":{\"roleArn\":\"arn:aws:iam::111111111111:role/R\"}}");
    Api.Answer mainWithStatus =
        api.patch(
            role, MERGE, "{\"status\":{\"roleArn\":\"arn:aws:iam::111111111111:role/Ignored\"}}");

    assertThat(labelled.body().at("/metadata/generation").asLong()).isEqualTo(1);
    assertThat(respecced.body().at("/metadata/generation").asLong()).isEqualTo(2);
    assertThat(statused.body().at("/metadata/generation").asLong()).isEqualTo(2);
    assertThat(statused.body().at("/spec/description").asText()).isEqualTo("new");
    assertThat(statused.body().at("/status/roleArn").asText()).endsWith("role/R");
    assertThat(Long.parseLong(statused.version()))
        .isGreaterThan(Long.parseLong(respecced.version()));
    assertThat(mainWithStatus.body().at("/status/roleArn").asText()).endsWith("role/R");
  }

  @Test
  void aReplaceNeedsTheCurrentResourceVersion() {
    Api.Answer created = api.post(ROLES, Api.role("admission", "replaced", ""));
    String current = created.body().toString();
    api.patch(ROLES + "/replaced", MERGE, "{\"spec\":{\"description\":\"moved on\"}}");

    Api.Answer stale = api.put(ROLES + "/replaced", current);
    com.fasterxml.jackson.databind.node.ObjectNode withoutVersion =
        (com.fasterxml.jackson.databind.node.ObjectNode) Api.parse(current);
    withoutVersion.withObjectProperty("metadata").remove("resourceVersion");
    Api.Answer unversioned = api.put(ROLES + "/replaced", withoutVersion.toString());

    assertThat(stale.code()).isEqualTo(409);
    assertThat(stale.message())
        .isEqualTo(
            "Operation cannot be fulfilled on crossaccountroles.xaccount.io \"replaced\": the object"
                + " has been modified; please apply your changes to the latest version and try again");
    assertThat(unversioned.code()).isEqualTo(422);
    assertThat(unversioned.message())
        .isEqualTo(
            "crossaccountroles.xaccount.io \"replaced\" is invalid: metadata.resourceVersion: Invalid"
                + " value: 0x0: must be specified for an update");
  }
}
