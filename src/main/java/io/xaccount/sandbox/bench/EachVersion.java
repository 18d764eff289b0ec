package io.xaccount.sandbox.bench;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.function.Consumer;

/**
 * Hands every version of a resource a watch delivers (added or updated) to {@code note}, as it is
 * delivered: the benchmark times what it sees by the delivery, not by a later poll.
 */
record EachVersion<T>(Consumer<T> note) implements ResourceEventHandler<T> {
  @Override
  public void onAdd(T resource) {
    note.accept(resource);
  }

  @Override
  public void onUpdate(T old, T resource) {
    note.accept(resource);
  }

  @Override
  public void onDelete(T resource, boolean unknownFinalState) {}
}
