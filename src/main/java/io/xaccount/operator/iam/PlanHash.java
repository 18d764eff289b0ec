package io.xaccount.operator.iam;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A short, stable hash of a plan: the same calls (action, target, summary, diff, in order) give the
 * same hash on every reconcile and in every process, so a reviewer (or CI) can tell that the plan
 * they approved is still the plan.
 */
public final class PlanHash {
  private PlanHash() {}

  /** The first 16 hex digits of SHA-256 over the calls; empty plans hash too. */
  public static String of(List<PlannedCall> calls) {
    StringBuilder text = new StringBuilder();
    for (PlannedCall call : calls) {
      text.append(call.action()).append('\n').append(call.target()).append('\n');
      text.append(call.summary()).append('\n');
      call.diff().forEach(line -> text.append(line).append('\n'));
      text.append('\u0000');
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM provides SHA-256", e);
    }
  }
}
