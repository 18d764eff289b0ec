package io.xaccount.kube;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * The open watches, by resource type, and the events they get: each change of the store is sent to
 * the watches of its type whose namespace, name and selectors take it. An object that stops (or
 * starts) matching a watch's selectors reaches it as DELETED (ADDED), as from a cluster. Watches
 * that asked for them get a BOOKMARK every {@link #BOOKMARK_EVERY}; each ends at its deadline (the
 * client's {@code timeoutSeconds}, or {@link #LONGEST}) and the client watches again from its last
 * resourceVersion.
 */
final class WatchHub {
  static final Duration BOOKMARK_EVERY = Duration.ofMinutes(1);
  static final Duration LONGEST = Duration.ofMinutes(30);

  /** Where a watch's events go: a WebSocket (Fabric8's watches) or a streamed HTTP response. */
  interface Sink {
    /** Sends one line; false when the client is gone. */
    boolean deliver(String line);

    /** Ends the watch: the client watches again. */
    void end();
  }

  /** How a watch writes an event: JSON of the object, or a Table row for {@code kubectl get -w}. */
  interface Encoder {
    String event(String type, Stored object);
  }

  static final Encoder OBJECTS =
      (type, object) -> "{\"type\":\"" + type + "\",\"object\":" + object.json() + "}";

  /** One open watch. */
  static final class Watch {
    final ResourceType type;
    final String namespace;
    final Predicate<Stored> selected;
    final Sink sink;
    final Encoder encoder;
    final boolean bookmarks;
    final Instant deadline;
    Instant nextBookmark;
    volatile boolean ended;

    Watch(
        ResourceType type,
        String namespace,
        Predicate<Stored> selected,
        Sink sink,
        Encoder encoder,
        boolean bookmarks,
        Instant deadline) {
      this.type = type;
      this.namespace = namespace;
      this.selected = selected;
      this.sink = sink;
      this.encoder = encoder;
      this.bookmarks = bookmarks;
      this.deadline = deadline;
      this.nextBookmark = Instant.now().plus(BOOKMARK_EVERY);
    }

    boolean takes(Stored object) {
      return object != null
          && (namespace == null || namespace.equals(object.namespace()))
          && selected.test(object);
    }

    /** Sends an event; a client gone ends the watch. */
    void send(String eventType, Stored object) {
      if (!ended && !sink.deliver(encoder.event(eventType, object))) {
        ended = true;
      }
    }
  }

  private final Map<String, List<Watch>> byType = new ConcurrentHashMap<>();

  /** Registers an open watch (with the store's lock held, after its initial events). */
  void add(Watch watch) {
    byType.computeIfAbsent(watch.type.key(), k -> new CopyOnWriteArrayList<>()).add(watch);
  }

  void remove(Watch watch) {
    watch.ended = true;
    List<Watch> watches = byType.get(watch.type.key());
    if (watches != null) {
      watches.remove(watch);
    }
  }

  /** Called by the store, with its lock held, for each change. */
  void publish(EventLog.Event event) {
    List<Watch> watches = byType.get(event.object().type().key());
    if (watches == null) {
      return;
    }
    for (Watch watch : watches) {
      deliver(watch, event);
      if (watch.ended) {
        remove(watch);
      }
    }
  }

  /** Sends {@code event} to {@code watch} as it sees it, if it concerns it. */
  static void deliver(Watch watch, EventLog.Event event) {
    String type = translated(watch, event);
    if (type != null) {
      watch.send(type, "DELETED".equals(type) ? gone(event) : event.object());
    }
  }

  /** The event as {@code watch} sees it, or null when it does not concern it. */
  private static String translated(Watch watch, EventLog.Event event) {
    boolean now = !"DELETED".equals(event.type()) && watch.takes(event.object());
    boolean before =
        "DELETED".equals(event.type())
            ? watch.takes(event.before())
            : event.before() != null && watch.takes(event.before());
    if (now && before) {
      return "MODIFIED";
    } else if (now) {
      return "ADDED";
    } else if (before) {
      return "DELETED";
    }
    return null;
  }

  /**
   * A DELETED event's object: the last version a watch saw (for an object that stopped matching,
   * the one before the change), at the revision of the change.
   */
  private static Stored gone(EventLog.Event event) {
    if ("DELETED".equals(event.type())) {
      return event.object();
    }
    var previous = event.before().object();
    previous
        .withObjectProperty("metadata")
        .put("resourceVersion", Long.toString(event.object().revision()));
    return Stored.of(event.object().type(), previous, event.object().revision());
  }

  /**
   * Sends due bookmarks (at {@code revision}: every change up to it was sent) and ends watches past
   * their deadline. Called with the store's lock held.
   */
  void tick(long revision, Instant now) {
    for (List<Watch> watches : byType.values()) {
      for (Watch watch : watches) {
        if (now.isAfter(watch.deadline)) {
          remove(watch);
          watch.sink.end();
        } else if (watch.bookmarks && now.isAfter(watch.nextBookmark)) {
          watch.nextBookmark = now.plus(BOOKMARK_EVERY);
          if (!watch.sink.deliver(bookmark(watch.type, revision, false))) {
            remove(watch);
          }
        }
      }
    }
  }

  /** Ends every watch (the API is closing). */
  void endAll() {
    byType.values().forEach(watches -> watches.forEach(w -> w.sink.end()));
    byType.clear();
  }

  static String bookmark(ResourceType type, long revision, boolean initialEventsEnd) {
    String annotations =
        initialEventsEnd ? ",\"annotations\":{\"k8s.io/initial-events-end\":\"true\"}" : "";
    return "{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"%s\",\"apiVersion\":\"%s\",\"metadata\":{\"resourceVersion\":\"%d\"%s}}}"
        .formatted(type.kind(), type.apiVersion(), revision, annotations);
  }
}
