package io.xaccount.emulator.knobs;

import java.util.ArrayList;
import java.util.List;

/** Thread-safe record of every request, for tests asserting what the operator called. */
public final class CallLog {
  private final List<Call> entries = new ArrayList<>();
  private long sequence;

  public synchronized Call record(
      String service,
      String action,
      String accountId,
      String callerArn,
      java.time.Instant time,
      String errorCode,
      String entity) {
    Call call =
        new Call(++sequence, service, action, accountId, callerArn, time, errorCode, entity);
    entries.add(call);
    return call;
  }

  /** All recorded calls, oldest first. */
  public synchronized List<Call> entries() {
    return List.copyOf(entries);
  }

  /** A mark for {@link #since(long)}; survives {@link #clear()}. */
  public synchronized long mark() {
    return sequence;
  }

  /** Calls recorded after {@code mark} was taken. */
  public synchronized List<Call> since(long mark) {
    List<Call> out = new ArrayList<>();
    for (Call c : entries) {
      if (c.sequence() > mark) {
        out.add(c);
      }
    }
    return out;
  }

  /** Write calls (see {@link Call#isWrite()}), whether they succeeded or not. */
  public synchronized List<Call> writes() {
    return entries.stream().filter(Call::isWrite).toList();
  }

  /** Write calls recorded after {@code mark}. */
  public synchronized List<Call> writesSince(long mark) {
    return since(mark).stream().filter(Call::isWrite).toList();
  }

  public synchronized void clear() {
    entries.clear();
  }
}
