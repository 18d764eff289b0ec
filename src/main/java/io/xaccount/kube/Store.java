package io.xaccount.kube;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The embedded API's storage: per resource type, per namespace, objects by name, so that a get
 * reads one entry and a list one namespace, in name order (the mock server it replaces matched
 * every request against every object). Writes are serialized under one lock, each taking the next
 * revision (a cluster-wide resourceVersion, as etcd's); reads take no lock.
 */
final class Store {
  private static final int HISTORY_PER_TYPE = 5_000;

  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Table> tables = new ConcurrentHashMap<>();
  private final WatchHub watches;
  private volatile long revision = 1;

  private static final class Table {
    final NavigableMap<String, NavigableMap<String, Stored>> byNamespace =
        new ConcurrentSkipListMap<>();
    final EventLog log = new EventLog(HISTORY_PER_TYPE);
  }

  Store(WatchHub watches) {
    this.watches = watches;
  }

  WatchHub watches() {
    return watches;
  }

  /** The latest revision: a list's resourceVersion. */
  long revision() {
    return revision;
  }

  Optional<Stored> get(ResourceType type, String namespace, String name) {
    NavigableMap<String, Stored> names = table(type).byNamespace.get(scope(type, namespace));
    return names == null ? Optional.empty() : Optional.ofNullable(names.get(name));
  }

  /** Objects of a namespace (all namespaces when null), by namespace and name. */
  List<Stored> list(ResourceType type, String namespace) {
    Table table = table(type);
    List<Stored> items = new ArrayList<>();
    if (namespace == null || !type.namespaced()) {
      table.byNamespace.values().forEach(names -> items.addAll(names.values()));
    } else {
      NavigableMap<String, Stored> names = table.byNamespace.get(namespace);
      if (names != null) {
        items.addAll(names.values());
      }
    }
    return items;
  }

  /** Whether any object of any namespaced type is left in {@code namespace}. */
  boolean holdsAnything(String namespace) {
    return tables.values().stream()
        .map(t -> t.byNamespace.get(namespace))
        .anyMatch(names -> names != null && !names.isEmpty());
  }

  /** Runs {@code write} with the write lock held: reads inside it see no concurrent write. */
  <T> T locked(Supplier<T> write) {
    lock.lock();
    try {
      return write.get();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stores {@code object} (created when {@code before} is null) at the next revision, which it
   * writes into {@code metadata.resourceVersion}; tells the watches.
   */
  Stored put(ResourceType type, ObjectNode object, Stored before) {
    checkLocked();
    long next = revision + 1;
    object.withObjectProperty("metadata").put("resourceVersion", Long.toString(next));
    Stored stored = Stored.of(type, object, next);
    Table table = table(type);
    table
        .byNamespace
        .computeIfAbsent(stored.namespace(), n -> new ConcurrentSkipListMap<>())
        .put(stored.name(), stored);
    revision = next;
    EventLog.Event event =
        new EventLog.Event(before == null ? "ADDED" : "MODIFIED", stored, before);
    table.log.add(event);
    watches.publish(event);
    return stored;
  }

  /** Removes the object; the DELETED event carries it at the revision of its removal. */
  Stored remove(Stored current) {
    checkLocked();
    long next = revision + 1;
    ObjectNode object = current.object();
    object.withObjectProperty("metadata").put("resourceVersion", Long.toString(next));
    Stored gone = Stored.of(current.type(), object, next);
    Table table = table(current.type());
    NavigableMap<String, Stored> names = table.byNamespace.get(current.namespace());
    names.remove(current.name());
    if (names.isEmpty()) {
      table.byNamespace.remove(current.namespace(), names);
    }
    revision = next;
    EventLog.Event event = new EventLog.Event("DELETED", gone, current);
    table.log.add(event);
    watches.publish(event);
    return gone;
  }

  /** The changes of a type after {@code since}; {@code 410 Expired} when forgotten. */
  List<EventLog.Event> changesSince(ResourceType type, long since) {
    checkLocked();
    return table(type).log.since(since);
  }

  private Table table(ResourceType type) {
    return tables.computeIfAbsent(type.key(), k -> new Table());
  }

  private static String scope(ResourceType type, String namespace) {
    return type.namespaced() && namespace != null ? namespace : "";
  }

  private void checkLocked() {
    if (!lock.isHeldByCurrentThread()) {
      throw new IllegalStateException("a write outside the store's lock");
    }
  }
}
