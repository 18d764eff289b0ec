package io.xaccount.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Lists and watches as a cluster serves them: selectors, pages, and changes since a version. */
class ListsAndWatchesTest {
  private static final String MERGE = "application/merge-patch+json";
  private static final String MAPS = "/api/v1/namespaces/lists/configmaps";
  private static Api api;

  @BeforeAll
  static void start() {
    api = new Api();
    api.namespace("lists");
    for (String name : new String[] {"a", "b", "c", "d"}) {
      String team = name.equals("d") ? "" : ",\"labels\":{\"team\":\"" + name + "\"}";
      api.post(
          MAPS, "{\"metadata\":{\"name\":\"" + name + "\"" + team + "},\"data\":{\"k\":\"v\"}}");
    }
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void aListComesInPagesWhenTheClientAsksForALimit() {
    Api.Answer first = api.get(MAPS + "?limit=3");
    Api.Answer second =
        api.get(MAPS + "?limit=3&continue=" + first.body().at("/metadata/continue").asText());

    assertThat(first.body().path("kind").asText()).isEqualTo("ConfigMapList");
    assertThat(first.body().path("items").findValuesAsText("name")).containsExactly("a", "b", "c");
    assertThat(first.body().at("/metadata/remainingItemCount").asInt()).isEqualTo(1);
    assertThat(second.body().path("items").findValuesAsText("name")).containsExactly("d");
    assertThat(second.body().at("/metadata").has("continue")).isFalse();
  }

  @Test
  void labelAndFieldSelectorsChooseWhatIsListed() {
    assertThat(
            api.get(MAPS + "?labelSelector=team%20in%20(a,c)")
                .body()
                .path("items")
                .findValuesAsText("name"))
        .containsExactly("a", "c");
    assertThat(api.get(MAPS + "?labelSelector=!team").body().path("items").findValuesAsText("name"))
        .containsExactly("d");
    assertThat(
            api.get(MAPS + "?labelSelector=team!=a").body().path("items").findValuesAsText("name"))
        .containsExactly("b", "c", "d");
    assertThat(
            api.get(MAPS + "?fieldSelector=metadata.name=b")
                .body()
                .path("items")
                .findValuesAsText("name"))
        .containsExactly("b");

    Api.Answer refused = api.get(MAPS + "?fieldSelector=data.k=v");
    assertThat(refused.code()).isEqualTo(400);
    assertThat(refused.message()).isEqualTo("field label not supported: data.k");
  }

  @Test
  void aWatchGetsTheChangesSinceItsVersionAsItsSelectorSeesThem() {
    String since = api.get(MAPS).body().at("/metadata/resourceVersion").asText();
    api.patch(MAPS + "/b", MERGE, "{\"metadata\":{\"labels\":{\"team\":\"z\"}}}");
    api.patch(MAPS + "/c", MERGE, "{\"data\":{\"k\":\"w\"}}");

    Api.Answer watched =
        api.get(MAPS + "?watch=true&labelSelector=team%20in%20(b,c)&resourceVersion=" + since);

    java.util.List<String> types =
        watched
            .text()
            .lines()
            .map(Api::parse)
            .map(e -> e.path("type").asText() + " " + e.at("/object/metadata/name").asText())
            .toList();
    assertThat(types).containsExactly("DELETED b", "MODIFIED c");
  }

  @Test
  void aSecretsStringDataIsWrittenIntoItsData() {
    Api.Answer created =
        api.post(
            "/api/v1/namespaces/lists/secrets",
            "{\"metadata\":{\"name\":\"ext\"},\"stringData\":{\"externalId\":\"abc123\"}}");

    assertThat(created.body().has("stringData")).isFalse();
    assertThat(created.body().at("/type").asText()).isEqualTo("Opaque");
    assertThat(
            new String(Base64.getDecoder().decode(created.body().at("/data/externalId").asText())))
        .isEqualTo("abc123");
  }
}
