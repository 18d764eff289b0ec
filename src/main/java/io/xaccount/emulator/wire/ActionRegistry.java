package io.xaccount.emulator.wire;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Action name to handler, for one service; knows which actions answer with a Result element. */
public final class ActionRegistry {
  /** Handles one action, writing the members of its {@code <XResult>} element. */
  @FunctionalInterface
  public interface Handler {
    void handle(QueryRequest request, Xml result);
  }

  /** A registered action; {@code hasResult} is false for operations with no output shape. */
  record Entry(Handler handler, boolean hasResult) {}

  private final Map<String, Entry> entries = new HashMap<>();

  public void result(String action, Handler handler) {
    entries.put(action, new Entry(handler, true));
  }

  public void noResult(String action, Consumer<QueryRequest> handler) {
    entries.put(action, new Entry((r, x) -> handler.accept(r), false));
  }

  Entry find(String action) {
    return entries.get(action);
  }
}
