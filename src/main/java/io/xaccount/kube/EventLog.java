package io.xaccount.kube;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The latest changes of one resource type, so that a watch can resume from a resourceVersion it saw
 * (as informers do after a dropped connection). Older changes are forgotten: resuming from before
 * them is answered {@code 410 Expired}, and the client lists again, as with a cluster's watch
 * cache.
 */
final class EventLog {
  /** One change: ADDED, MODIFIED or DELETED, the object after it and, but for ADDED, before. */
  record Event(String type, Stored object, Stored before) {}

  private final int capacity;
  private final Deque<Event> events = new ArrayDeque<>();
  private long forgottenUpTo;

  EventLog(int capacity) {
    this.capacity = capacity;
  }

  /** Called with the store's lock held. */
  void add(Event event) {
    events.addLast(event);
    if (events.size() > capacity) {
      forgottenUpTo = events.removeFirst().object().revision();
    }
  }

  /** The changes after {@code revision}; {@code 410 Expired} when some were forgotten. */
  List<Event> since(long revision) {
    if (revision < forgottenUpTo) {
      throw Statuses.expired(revision, forgottenUpTo + 1);
    }
    List<Event> after = new ArrayList<>();
    for (Event event : events) {
      if (event.object().revision() > revision) {
        after.add(event);
      }
    }
    return after;
  }
}
