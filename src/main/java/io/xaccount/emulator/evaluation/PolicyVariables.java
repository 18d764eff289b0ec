package io.xaccount.emulator.evaluation;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Policy variables in Resource and condition values: {@code ${aws:username}}, {@code
 * ${aws:PrincipalTag/team}}, a default ({@code ${aws:username, 'nobody'}}), and the escapes {@code
 * ${*}}, {@code ${?}}, {@code ${$}} for literal wildcard characters. A variable whose key the
 * request does not have (and that has no default) makes the value unusable: it matches nothing.
 */
final class PolicyVariables {
  private static final Pattern VARIABLE =
      Pattern.compile("\\$\\{([^}',]+?)\\s*(?:,\\s*'([^']*)'\\s*)?}");

  /** Placeholders standing for literal {@code *}, {@code ?}, {@code $} after substitution. */
  static final char LITERAL_STAR = '\uE000';

  static final char LITERAL_QUESTION = '\uE001';

  private PolicyVariables() {}

  /**
   * {@code value} with its variables replaced; literal wildcard escapes become {@link
   * #LITERAL_STAR}/{@link #LITERAL_QUESTION} so that matching can tell them from wildcards. Null
   * when a variable cannot be resolved.
   */
  static String substitute(String value, RequestContext ctx) {
    if (value.indexOf("${") < 0) {
      return value;
    }
    Matcher m = VARIABLE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1).trim();
      String replacement =
          switch (name) {
            case "*" -> String.valueOf(LITERAL_STAR);
            case "?" -> String.valueOf(LITERAL_QUESTION);
            case "$" -> "$";
            default -> resolve(name, m.group(2), ctx);
          };
      if (replacement == null) {
        return null;
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * A Resource element's ARN with its variables replaced in the resource portion only: "You can use
   * a policy variable in the Resource element, but only in the resource portion of the ARN. This
   * portion of the ARN appears after the fifth colon (:). You can't use a variable to replace parts
   * of the ARN before the fifth colon, such as the service or account" (IAM User Guide, "IAM policy
   * elements: Variables and tags"). Before it, {@code ${...}} is literal text.
   */
  static String substituteInResource(String arn, RequestContext ctx) {
    int colon = -1;
    for (int i = 0; i < 5; i++) {
      colon = arn.indexOf(':', colon + 1);
      if (colon < 0) {
        return substitute(arn, ctx); // not an ARN ("*"): nothing before a fifth colon
      }
    }
    String tail = substitute(arn.substring(colon + 1), ctx);
    return tail == null ? null : arn.substring(0, colon + 1) + tail;
  }

  private static String resolve(String key, String fallback, RequestContext ctx) {
    List<String> values = ctx.get(key);
    // Multi-valued keys cannot be used as variables.
    if (values == null || values.size() != 1 || ctx.isMultiValued(key)) {
      return fallback;
    }
    return values.get(0);
  }
}
