package io.xaccount.operator.reconciler;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/**
 * The security-relevant parts of our specs, where a key that is not a field is refused instead of
 * ignored: every object whose API class carries {@link PreserveUnknownFields}, and everything
 * inside it. A real API server prunes a key its schema does not list for any client that does not
 * ask for strict field validation (controllers, Flux's server-side apply, {@code kubectl
 * --validate=false}) and the object is stored without it: {@code trust: {requireMFA: true}} would
 * become a role without MFA, Ready. Marked so, the CRD keeps such keys
 * (x-kubernetes-preserve-unknown-fields) and the operator sees, and refuses, them.
 */
final class StrictSubtrees {
  /** The rule, said after the keys it refuses. */
  static final String RULE =
      "Keys that are not fields of a security-relevant part of the spec (a role's trust, a grant's"
          + " spec, an AwsAccount's spec) are refused, never ignored, so that a misspelled setting"
          + " cannot silently vanish: fix them (or upgrade the operator if the CRD is newer);"
          + " nothing is written until then.";

  /** How far a key may be from a field for it to be suggested (edits of one letter each). */
  private static final int CLOSE = 2;

  private StrictSubtrees() {}

  /**
   * The mapper, reading the Kubernetes types we embed (a namespace selector) without the catch-all
   * that would swallow a misspelled key into their additional properties.
   */
  static ObjectMapper withoutCatchAlls(ObjectMapper mapper) {
    return mapper
        .addMixIn(LabelSelector.class, NoCatchAll.class)
        .addMixIn(LabelSelectorRequirement.class, NoCatchAll.class);
  }

  /**
   * True when the object being read, or one it is nested in, is a security-relevant part.
   *
   * @param context the parser's context at the unknown key (each level's value is the bean there)
   * @param beanOrClass what Jackson was reading when it met the key
   */
  static boolean contains(JsonStreamContext context, Object beanOrClass) {
    if (strict(beanOrClass instanceof Class<?> c ? c : beanOrClass.getClass())) {
      return true;
    }
    for (JsonStreamContext level = context; level != null; level = level.getParent()) {
      Object value = level.getCurrentValue();
      if (value != null && strict(value.getClass())) {
        return true;
      }
    }
    return false;
  }

  /**
   * E.g. {@code spec.trust.requireMFA is not a field; did you mean requireMfa?}
   *
   * @param field the key's full path
   * @param key the key as written
   * @param known the fields at that level
   */
  static String notAField(String field, String key, Collection<Object> known) {
    return closest(key, known.stream().map(String::valueOf).toList())
        .map(f -> "%s is not a field; did you mean %s?".formatted(field, f))
        .orElse(field + " is not a field.");
  }

  /** The field {@code key} is closest to: the same but for the case of letters, or few edits. */
  static Optional<String> closest(String key, Collection<String> known) {
    String lower = key.toLowerCase(Locale.ROOT);
    // A short key is a few edits from almost anything: one edit at most.
    int close = key.length() <= CLOSE + 1 ? 1 : CLOSE;
    return known.stream()
        .filter(f -> distance(lower, f.toLowerCase(Locale.ROOT)) <= close)
        .min(Comparator.comparingInt(f -> distance(key, f)));
  }

  /** Edits (a letter added, removed, changed, or two swapped) between {@code a} and {@code b}. */
  private static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  private static boolean strict(Class<?> type) {
    return type.isAnnotationPresent(PreserveUnknownFields.class);
  }

  /** Turns off the {@code additionalProperties} catch-all of Fabric8's model classes. */
  private abstract static class NoCatchAll {
    @JsonAnySetter(enabled = false)
    public abstract void setAdditionalProperty(String name, Object value);
  }
}
