package io.xaccount.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The table {@code --once} prints: kind, namespace/name, READY, reason, a grant's phase and expiry,
 * ARN, switch URL; for our kinds only (the Namespaces, Secrets and ConfigMaps applied beside them
 * have no Ready condition to show, and are in the report).
 */
final class ResultTable {
  private static final List<String> HEADER =
      List.of("KIND", "NAMESPACE/NAME", "READY", "REASON", "PHASE", "EXPIRES", "ARN", "SWITCH URL");

  private ResultTable() {}

  /** The table, then one line per resource that is not Ready: its message, or why it is blocked. */
  static String render(List<Observed> resources, Map<Applied, String> blocked) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(HEADER);
    for (Observed o : resources) {
      if (!o.applied().hasReadyCondition()) {
        continue;
      }
      rows.add(
          List.of(
              o.applied().kind(),
              o.applied().namespacedName(),
              o.exists() ? o.readyText() : "Missing",
              dash(o.reason()),
              dash(o.statusText("phase")),
              dash(o.statusText("expiresAt")),
              dash(o.arn()),
              dash(o.switchRoleUrl())));
    }
    int[] widths = new int[HEADER.size()];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        line.append(i == row.size() - 1 ? row.get(i) : pad(row.get(i), widths[i] + 2));
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    for (Observed o : resources) {
      String why =
          blocked.containsKey(o.applied()) ? "blocked: " + blocked.get(o.applied()) : o.message();
      if (!o.isReady() && !why.isEmpty()) {
        out.append(o.applied().kind())
            .append(' ')
            .append(o.applied().namespacedName())
            .append(": ")
            .append(why)
            .append('\n');
      }
    }
    return out.toString();
  }

  private static String dash(String value) {
    return value.isEmpty() ? "-" : value;
  }

  private static String pad(String value, int width) {
    return value + " ".repeat(width - value.length());
  }
}
