package io.xaccount.kube;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The query of a Kubernetes API request: its parameters, whether it watches, its numbers. */
final class WatchQuery {
  private WatchQuery() {}

  /** The decoded parameters of a raw query (null: none). */
  static Map<String, String> parameters(String rawQuery) {
    Map<String, String> values = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return values;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      values.put(
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return values;
  }

  /** Whether the query makes a request a watch ({@code watch=true} or {@code watch=1}). */
  static boolean isWatch(Map<String, String> query) {
    String watch = query.get("watch");
    return "true".equals(watch) || "1".equals(watch);
  }

  /** A resourceVersion (or other count) as a number; 0 when it is not one. */
  static long number(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
