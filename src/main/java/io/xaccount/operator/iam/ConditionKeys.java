package io.xaccount.operator.iam;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A set of listed condition keys, asked without regard to case: plain keys compare as they are, and
 * a template's variable part ({@code aws:RequestTag/${TagKey}}, {@code s3:ExistingObjectTag/<key>},
 * or a key listed with a bare trailing slash) stands for any non-empty text, so {@code
 * aws:RequestTag/team} is a listed key.
 */
final class ConditionKeys {
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{[^}]*}|<[^>]*>");

  private final Set<String> plain = new HashSet<>();
  private final List<Pattern> templates = new ArrayList<>();

  ConditionKeys(Collection<String> keys) {
    Set<String> seen = new HashSet<>();
    for (String key : keys) {
      String k = key.toLowerCase(Locale.ROOT);
      if (!seen.add(k)) {
        continue;
      }
      if (VARIABLE.matcher(k).find() || k.endsWith("/")) {
        templates.add(template(k));
      } else {
        plain.add(k);
      }
    }
  }

  boolean contains(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return plain.contains(k) || templates.stream().anyMatch(t -> t.matcher(k).matches());
  }

  private static Pattern template(String key) {
    StringBuilder regex = new StringBuilder();
    Matcher m = VARIABLE.matcher(key);
    int at = 0;
    while (m.find()) {
      regex.append(Pattern.quote(key.substring(at, m.start()))).append(".+");
      at = m.end();
    }
    regex.append(Pattern.quote(key.substring(at)));
    if (key.endsWith("/")) {
      regex.append(".+");
    }
    return Pattern.compile(regex.toString());
  }
}
