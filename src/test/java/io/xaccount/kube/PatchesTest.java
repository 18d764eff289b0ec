package io.xaccount.kube;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each patch type as kube-apiserver applies it to a custom resource: RFC 7386 merge patches replace
 * lists whole (kubectl apply, edit and patch --type merge send them), RFC 6902 JSON patches fail
 * whole, strategic merge patches and server-side apply are refused with 415; and every patch goes
 * through the same admission as a PUT.
 */
class PatchesTest {
  private static final String MERGE = "application/merge-patch+json";
  private static final String JSON_PATCH = "application/json-patch+json";
  private static Api api;

  @BeforeAll
  static void start() {
    api = new Api();
    api.namespace("patches");
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static String create(String name) {
    String roles = Api.ROLES.formatted("patches");
    assertThat(api.post(roles, Api.role("patches", name, "")).code()).isEqualTo(201);
    return roles + "/" + name;
  }

  @Test
  void aMergePatchReplacesAListWholeAsRfc7386Says() {
    String role = create("merge-lists");

    api.patch(
        role,
        MERGE,
        "{\"spec\":{\"managedPolicyArns\":[\"arn:aws:iam::aws:policy/ReadOnlyAccess\"]}}");
    Api.Answer patched =
        api.patch(role, MERGE, "{\"spec\":{\"trust\":{\"accountIds\":[\"123456789012\"]}}}");

    assertThat(patched.code()).isEqualTo(200);
    assertThat(patched.body().at("/spec/managedPolicyArns").toString())
        .isEqualTo("[\"arn:aws:iam::aws:policy/ReadOnlyAccess\"]");
    assertThat(patched.body().at("/spec/trust/accountIds").toString())
        .isEqualTo("[\"123456789012\"]");
  }

  @Test
  void aMergePatchDeletesWithNullAndMergesObjectsKeyByKey() {
    String role = create("merge-null");
    api.patch(role, MERGE, "{\"spec\":{\"description\":\"first\",\"tags\":{\"a\":\"1\"}}}");

    Api.Answer patched =
        api.patch(role, MERGE, "{\"spec\":{\"description\":null,\"tags\":{\"b\":\"2\"}}}");

    assertThat(patched.body().at("/spec").has("description")).isFalse();
    assertThat(patched.body().at("/spec/tags").toString()).isEqualTo("{\"a\":\"1\",\"b\":\"2\"}");
  }

  @Test
  void aJsonPatchAppliesItsOperationsInOrder() {
    String role = create("json-ops");

    Api.Answer patched =
        api.patch(
            role,
            JSON_PATCH,
            """
            [{"op":"add","path":"/spec/managedPolicyArns/-","value":"arn:aws:iam::aws:policy/ReadOnlyAccess"},
             {"op":"remove","path":"/spec/managedPolicyArns/0"},
             {"op":"add","path":"/spec/description","value":"by json patch"}]""");

    assertThat(patched.code()).isEqualTo(200);
    assertThat(patched.body().at("/spec/managedPolicyArns").toString())
        .isEqualTo("[\"arn:aws:iam::aws:policy/ReadOnlyAccess\"]");
    assertThat(patched.body().at("/spec/description").asText()).isEqualTo("by json patch");
  }

  @Test
  void aFailedTestOperationFailsTheWholeJsonPatch() {
    String role = create("json-test");
    String before = api.get(role).version();

    Api.Answer refused =
        api.patch(
            role,
            JSON_PATCH,
            """
            [{"op":"replace","path":"/spec/description","value":"never"},
             {"op":"test","path":"/spec/maxSessionDuration","value":7200}]""");

    assertThat(refused.code()).isEqualTo(422);
    assertThat(refused.body().path("reason").asText()).isEqualTo("Invalid");
    assertThat(refused.message())
        .isEqualTo("the server rejected our request due to an error in our request");
    assertThat(api.get(role).version()).isEqualTo(before);
    assertThat(api.get(role).body().at("/spec").has("description")).isFalse();
  }

  @Test
  void aJsonPatchChangingAnImmutableFieldIsRefusedByItsCelRule() {
    String role = create("json-immutable");

    Api.Answer refused =
        api.patch(
            role,
            JSON_PATCH,
            "[{\"op\":\"replace\",\"path\":\"/spec/roleName\",\"value\":\"Other\"}]");

    assertThat(refused.code()).isEqualTo(422);
    assertThat(refused.message())
        .isEqualTo(
            "CrossAccountRole.xaccount.io \"json-immutable\" is invalid: spec.roleName: Invalid"
                + " value: \"string\": roleName is immutable");
    assertThat(refused.body().at("/details/causes/0/field").asText()).isEqualTo("spec.roleName");
  }

  @Test
  void aJsonPatchIsCheckedAgainstTheSchemaLikeAnyWrite() {
    String role = create("json-schema");

    Api.Answer refused =
        api.patch(
            role,
            JSON_PATCH,
            "[{\"op\":\"replace\",\"path\":\"/spec/trust/accountIds/0\",\"value\":\"1234\"}]");

    assertThat(refused.code()).isEqualTo(422);
    assertThat(refused.message())
        .contains(
            "spec.trust.accountIds[0]: Invalid value: \"1234\": spec.trust.accountIds[0] in body"
                + " should match");
  }

  @Test
  void aStrategicMergePatchOfACustomResourceIsUnsupportedMediaType() {
    String role = create("strategic");

    Api.Answer refused =
        api.patch(
            role, "application/strategic-merge-patch+json", "{\"spec\":{\"description\":\"x\"}}");

    assertThat(refused.code()).isEqualTo(415);
    assertThat(refused.body().path("reason").asText()).isEqualTo("UnsupportedMediaType");
    assertThat(refused.message())
        .isEqualTo(
            "the body of the request was in an unknown format - accepted media types include:"
                + " application/json-patch+json, application/merge-patch+json");
  }

  @Test
  void serverSideApplyIsRefusedNamingTheAlternative() {
    String role = create("applied");

    Api.Answer refused =
        api.patch(role + "?fieldManager=kubectl", "application/apply-patch+yaml", "spec: {}");

    assertThat(refused.code()).isEqualTo(415);
    assertThat(refused.message())
        .contains("does not reproduce server-side apply")
        .contains("without --server-side");
  }

  @Test
  void aPatchThatChangesNothingStoresNothing() {
    String role = create("no-op");
    String before = api.get(role).version();

    Api.Answer patched = api.patch(role, MERGE, "{\"spec\":{\"accountRef\":\"prod\"}}");

    assertThat(patched.code()).isEqualTo(200);
    assertThat(patched.version()).isEqualTo(before);
  }

  @Test
  void aResourceVersionInAPatchIsAPrecondition() {
    String role = create("patch-precondition");
    String stale = api.get(role).version();
    api.patch(role, MERGE, "{\"spec\":{\"description\":\"moved on\"}}");

    Api.Answer refused =
        api.patch(
            role,
            MERGE,
            "{\"metadata\":{\"resourceVersion\":\""
                + stale
                + "\"},\"spec\":{\"description\":\"x\"}}");

    assertThat(refused.code()).isEqualTo(409);
    assertThat(refused.body().path("reason").asText()).isEqualTo("Conflict");
  }

  @Test
  void aPatchOfAMissingObjectIsNotFound() {
    Api.Answer missing =
        api.patch(Api.ROLES.formatted("patches") + "/nobody", MERGE, "{\"spec\":{}}");

    assertThat(missing.code()).isEqualTo(404);
    assertThat(missing.message()).isEqualTo("crossaccountroles.xaccount.io \"nobody\" not found");
  }
}
