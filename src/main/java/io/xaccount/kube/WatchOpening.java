package io.xaccount.kube;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Opens a watch as the API server does: from {@code resourceVersion} unset or 0, every object the
 * watch selects as ADDED, then the changes; from a resourceVersion, the changes after it, or an
 * ERROR event {@code 410 Expired} when they are forgotten (the client lists again). With {@code
 * sendInitialEvents=true} the initial ADDED events end with a BOOKMARK annotated {@code
 * k8s.io/initial-events-end}.
 */
final class WatchOpening {
  private WatchOpening() {}

  /** The open watch, or null when it ended at once (an ERROR event was sent). */
  static WatchHub.Watch open(
      Store store,
      ResourceType type,
      String namespace,
      Map<String, String> query,
      WatchHub.Sink sink,
      WatchHub.Encoder encoder) {
    long since = WatchQuery.number(query.getOrDefault("resourceVersion", "0"));
    boolean initialEvents = "true".equals(query.get("sendInitialEvents"));
    long timeout = WatchQuery.number(query.getOrDefault("timeoutSeconds", "0"));
    Duration lasts =
        timeout > 0 && timeout < WatchHub.LONGEST.toSeconds()
            ? Duration.ofSeconds(timeout)
            : WatchHub.LONGEST;
    WatchHub.Watch watch =
        new WatchHub.Watch(
            type,
            type.namespaced() ? namespace : null,
            Selectors.of(type, query.get("labelSelector"), query.get("fieldSelector")),
            sink,
            encoder,
            "true".equals(query.get("allowWatchBookmarks")),
            Instant.now().plus(lasts));
    return store.locked(
        () -> {
          try {
            if (since == 0 || initialEvents) {
              for (Stored object : store.list(type, watch.namespace)) {
                if (watch.takes(object)) {
                  watch.send("ADDED", object);
                }
              }
              if (initialEvents) {
                sink.deliver(WatchHub.bookmark(type, store.revision(), true));
              }
            } else {
              store.changesSince(type, since).forEach(e -> WatchHub.deliver(watch, e));
            }
          } catch (ApiError e) {
            sink.deliver("{\"type\":\"ERROR\",\"object\":" + e.status() + "}");
            sink.end();
            return null;
          }
          store.watches().add(watch);
          return watch;
        });
  }
}
