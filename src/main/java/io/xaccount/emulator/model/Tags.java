package io.xaccount.emulator.model;

import java.util.Map;
import java.util.TreeMap;

/**
 * IAM tag keys are unique without regard to case: tagging {@code team} on an entity tagged {@code
 * Team} replaces that tag (key spelling included), and untagging {@code TEAM} removes it.
 */
public final class Tags {
  private Tags() {}

  /** An empty tag map with IAM's key rule. */
  static Map<String, String> map() {
    return new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  }

  /** A copy of {@code tags} with IAM's key rule. */
  public static Map<String, String> copy(Map<String, String> tags) {
    Map<String, String> copy = map();
    copy.putAll(tags);
    return copy;
  }

  /** Adds or replaces each tag; a key differing only by case replaces the old one. */
  public static void merge(Map<String, String> target, Map<String, String> added) {
    added.forEach(
        (key, value) -> {
          target.remove(key);
          target.put(key, value);
        });
  }
}
