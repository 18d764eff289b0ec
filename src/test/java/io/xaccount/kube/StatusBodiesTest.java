package io.xaccount.kube;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Refusals are Status objects worded as kube-apiserver words them; clients read both. */
class StatusBodiesTest {
  private static Api api;
  private static final String ROLES = Api.ROLES.formatted("bodies");

  @BeforeAll
  static void start() {
    api = new Api();
    api.namespace("bodies");
    api.post(ROLES, Api.role("bodies", "present", ""));
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void notFoundNamesTheResourceAndTheObject() {
    Api.Answer missing = api.get(ROLES + "/x");

    assertThat(missing.code()).isEqualTo(404);
    assertThat(missing.body().toString())
        .isEqualTo(
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"crossaccountroles.xaccount.io \\\"x\\\" not found\",\"reason\":\"NotFound\","
                + "\"details\":{\"name\":\"x\",\"group\":\"xaccount.io\",\"kind\":\"crossaccountroles\"},"
                + "\"code\":404}");
  }

  @Test
  void alreadyExistsIsAConflictWithItsOwnReason() {
    Api.Answer again = api.post(ROLES, Api.role("bodies", "present", ""));

    assertThat(again.code()).isEqualTo(409);
    assertThat(again.body().path("reason").asText()).isEqualTo("AlreadyExists");
    assertThat(again.message())
        .isEqualTo("crossaccountroles.xaccount.io \"present\" already exists");
  }

  @Test
  void invalidListsACausePerField() {
    Api.Answer invalid =
        api.post(
            ROLES,
            Api.role("bodies", "bad", "\"deletionPolicy\":\"Forget\",\"maxSessionDuration\":60"));

    assertThat(invalid.code()).isEqualTo(422);
    assertThat(invalid.message())
        .isEqualTo(
            "CrossAccountRole.xaccount.io \"bad\" is invalid: [spec.deletionPolicy: Unsupported"
                + " value: \"Forget\": supported values: \"Delete\", \"Retain\","
                + " spec.maxSessionDuration: Invalid value: 60: spec.maxSessionDuration in body"
                + " should be greater than or equal to 3600]");
    assertThat(invalid.body().path("details").path("causes").findValuesAsText("field"))
        .containsExactly("spec.deletionPolicy", "spec.maxSessionDuration");
    assertThat(invalid.body().path("details").path("causes").findValuesAsText("reason"))
        .containsExactly("FieldValueNotSupported", "FieldValueInvalid");
  }

  @Test
  void anUnservedPathIsNotFoundWithoutDetails() {
    Api.Answer missing = api.get("/apis/apps/v1/namespaces/bodies/deployments");

    assertThat(missing.code()).isEqualTo(404);
    assertThat(missing.message()).isEqualTo("the server could not find the requested resource");
  }

  @Test
  void aWatchFromAForgottenVersionIsGone() {
    EventLog log = new EventLog(2);
    ResourceType type = new ResourceTypes(TestApi.crds()).all().get(0);
    for (long revision = 10; revision < 13; revision++) {
      log.add(
          new EventLog.Event(
              "ADDED",
              new Stored(type, "{}", revision, "", "n" + revision, "", java.util.Map.of()),
              null));
    }

    assertThat(log.since(10)).hasSize(2);
    ApiError gone =
        org.junit.jupiter.api.Assertions.assertThrows(ApiError.class, () -> log.since(9));
    assertThat(gone.code()).isEqualTo(410);
    assertThat(gone.status().path("reason").asText()).isEqualTo("Expired");
    assertThat(gone.getMessage()).isEqualTo("too old resource version: 9 (11)");
  }
}
