package io.xaccount.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bookmarks and deadlines of watches, driven by the hub's tick with given instants. */
class WatchHubTest {
  private final ResourceType roles =
      new ResourceTypes(TestApi.crds())
          .all().stream()
              .filter(t -> t.kind().equals("CrossAccountRole"))
              .findFirst()
              .orElseThrow();
  private final List<String> lines = new ArrayList<>();
  private boolean ended;
  private final WatchHub.Sink sink =
      new WatchHub.Sink() {
        @Override
        public boolean deliver(String line) {
          lines.add(line);
          return true;
        }

        @Override
        public void end() {
          ended = true;
        }
      };

  @Test
  void aWatchThatAskedForBookmarksGetsOneAMinuteAtTheLatestRevision() {
    WatchHub hub = new WatchHub();
    Instant opened = Instant.now();
    hub.add(watch(true, opened.plus(Duration.ofMinutes(10))));

    hub.tick(41, opened.plusSeconds(30));
    hub.tick(42, opened.plus(WatchHub.BOOKMARK_EVERY).plusSeconds(1));

    assertThat(lines)
        .containsExactly(
            "{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"CrossAccountRole\",\"apiVersion\":"
                + "\"xaccount.io/v1alpha1\",\"metadata\":{\"resourceVersion\":\"42\"}}}");
  }

  @Test
  void aWatchEndsAtItsDeadlineAndGetsNothingAfter() {
    WatchHub hub = new WatchHub();
    Instant deadline = Instant.now().plusSeconds(5);
    hub.add(watch(false, deadline));

    hub.tick(7, deadline.plusSeconds(1));
    hub.publish(new EventLog.Event("ADDED", stored("late", 8), null));

    assertThat(ended).isTrue();
    assertThat(lines).isEmpty();
  }

  @Test
  void anObjectLeavingTheSelectorIsDeletedForTheWatchAtTheChangesRevision() {
    WatchHub hub = new WatchHub();
    WatchHub.Watch watch =
        new WatchHub.Watch(
            roles,
            "ns",
            Selectors.of(roles, "team=a", null),
            sink,
            WatchHub.OBJECTS,
            false,
            Instant.now().plusSeconds(60));
    hub.add(watch);

    hub.publish(new EventLog.Event("MODIFIED", stored("r", 9, "b"), stored("r", 8, "a")));

    assertThat(lines)
        .singleElement()
        .satisfies(
            l ->
                assertThat(l)
                    .startsWith("{\"type\":\"DELETED\"")
                    .contains("\"team\":\"a\"")
                    .contains("\"resourceVersion\":\"9\""));
  }

  private WatchHub.Watch watch(boolean bookmarks, Instant deadline) {
    return new WatchHub.Watch(roles, null, s -> true, sink, WatchHub.OBJECTS, bookmarks, deadline);
  }

  private Stored stored(String name, long revision) {
    return stored(name, revision, "a");
  }

  private Stored stored(String name, long revision, String team) {
    ObjectNode object = (ObjectNode) Api.parse("{\"metadata\":{}}");
    object
        .withObjectProperty("metadata")
        .put("name", name)
        .put("namespace", "ns")
        .put("resourceVersion", Long.toString(revision))
        .putObject("labels")
        .put("team", team);
    return Stored.of(roles, object, revision);
  }
}
