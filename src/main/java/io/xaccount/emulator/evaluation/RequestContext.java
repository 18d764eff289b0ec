package io.xaccount.emulator.evaluation;

import io.xaccount.emulator.model.Identity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one authorization decision is about: the action ({@code iam:CreateRole}), the resource ARN,
 * the calling principal (for {@code Principal} matching in resource policies) and the request
 * context keys. Key names are case-insensitive, as in IAM; values keep their case.
 */
public final class RequestContext {
  final String action;
  final String resource;
  final Identity caller;
  private final Map<String, List<String>> keys = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  private final java.util.Set<String> multiValued =
      new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);

  public RequestContext(String action, String resource, Identity caller) {
    this.action = action;
    this.resource = resource;
    this.caller = caller;
  }

  /** The same request authorized as another action (tag-on-create). */
  public RequestContext withAction(String other) {
    RequestContext copy = new RequestContext(other, resource, caller);
    copy.keys.putAll(keys);
    copy.multiValued.addAll(multiValued);
    return copy;
  }

  /** Sets a single-valued key; a null value leaves the key absent. */
  public RequestContext put(String key, String value) {
    if (value != null) {
      keys.put(key, List.of(value));
    }
    return this;
  }

  /** Sets a multi-valued key (such as {@code aws:TagKeys}); an empty set is present but empty. */
  public RequestContext putAll(String key, Collection<String> values) {
    keys.put(key, List.copyOf(new ArrayList<>(values)));
    multiValued.add(key);
    return this;
  }

  /** Every {@code prefix + tagKey} from {@code tags}, e.g. {@code aws:ResourceTag/team}. */
  public RequestContext putTags(String prefix, Map<String, String> tags) {
    tags.forEach((k, v) -> put(prefix + k, v));
    return this;
  }

  /** The values of {@code key}, or null when the request context does not have it. */
  List<String> get(String key) {
    return keys.get(key);
  }

  boolean isMultiValued(String key) {
    return multiValued.contains(key);
  }
}
