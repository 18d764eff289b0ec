package io.xaccount.operator.iam;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Checks an identity policy (a role's inline policy) the way IAM's grammar does, before the first
 * write: a document IAM would refuse must never leave a role half-built (created, with its managed
 * policies but without the inline deny that was meant to guard them). Each message names the
 * element at fault, e.g. {@code spec.inlinePolicies[deny-billing].document.Statement[0]: unknown
 * element "Resourse"}.
 */
public final class IdentityPolicyValidator {
  private static final Set<String> TOP = Set.of("Version", "Id", "Statement");
  private static final Set<String> VERSIONS = Set.of("2012-10-17", "2008-10-17");
  private static final Set<String> ELEMENTS =
      Set.of("Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition");
  private static final Pattern SID = Pattern.compile("[A-Za-z0-9]*");
  private static final Pattern ACTION = Pattern.compile("\\*|[A-Za-z0-9*?-]+:[A-Za-z0-9*?]+");
  private static final Pattern RESOURCE = Pattern.compile("\\*|arn:[^:]+:[^:]*:[^:]*:[^:]*:.+");

  private IdentityPolicyValidator() {}

  /**
   * Every way the document breaks IAM's grammar for identity policies; empty when IAM should take
   * it.
   *
   * @param field where the document is in the spec, e.g. {@code spec.inlinePolicies[x].document}
   */
  public static List<String> validate(String field, JsonNode document) {
    List<String> errors = new ArrayList<>();
    if (document == null || !document.isObject()) {
      errors.add(field + ": must be an object with Version and Statement");
      return errors;
    }
    for (Iterator<String> keys = document.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (!TOP.contains(key)) {
        errors.add(
            "%s: unknown element \"%s\" (allowed: Version, Id, Statement)".formatted(field, key));
      }
    }
    JsonNode version = document.get("Version");
    if (version != null && !VERSIONS.contains(version.asText())) {
      errors.add("%s.Version: \"%s\" must be 2012-10-17".formatted(field, version.asText()));
    }
    JsonNode statement = document.get("Statement");
    List<JsonNode> statements = new ArrayList<>();
    if (statement == null || (statement.isArray() && statement.isEmpty())) {
      errors.add(field + ".Statement: at least one statement is required");
    } else if (statement.isArray()) {
      statement.forEach(statements::add);
    } else {
      statements.add(statement);
    }
    Map<String, JsonNode> sids = new HashMap<>();
    for (int i = 0; i < statements.size(); i++) {
      errors.addAll(statement("%s.Statement[%d]".formatted(field, i), statements.get(i), sids));
    }
    return errors;
  }

  private static List<String> statement(String field, JsonNode s, Map<String, JsonNode> sids) {
    List<String> errors = new ArrayList<>();
    if (!s.isObject()) {
      errors.add(field + ": a statement must be an object");
      return errors;
    }
    for (Iterator<String> keys = s.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (key.equals("Principal") || key.equals("NotPrincipal")) {
        errors.add(
            "%s: %s belongs in trust policies; an inline policy must not name one"
                .formatted(field, key));
      } else if (!ELEMENTS.contains(key)) {
        errors.add(
            "%s: unknown element \"%s\" (allowed: %s)"
                .formatted(field, key, String.join(", ", new TreeSet<>(ELEMENTS))));
      }
    }
    JsonNode sid = s.get("Sid");
    if (sid != null) {
      if (!sid.isTextual() || !SID.matcher(sid.asText()).matches()) {
        errors.add(
            "%s.Sid: \"%s\" must contain only letters and digits".formatted(field, sid.asText()));
      } else if (!sid.asText().isEmpty()) {
        JsonNode other = sids.putIfAbsent(sid.asText(), s);
        if (other != null && !other.equals(s)) {
          errors.add(
              "%s.Sid: \"%s\" is used by another statement of this policy"
                  .formatted(field, sid.asText()));
        }
      }
    }
    JsonNode effect = s.get("Effect");
    if (effect == null) {
      errors.add(field + ".Effect: required (Allow or Deny)");
    } else if (!effect.asText().equals("Allow") && !effect.asText().equals("Deny")) {
      errors.add("%s.Effect: \"%s\" must be Allow or Deny".formatted(field, effect.asText()));
    }
    errors.addAll(exactlyOne(field, s, "Action", "NotAction", ACTION, "service:Action or *"));
    errors.addAll(exactlyOne(field, s, "Resource", "NotResource", RESOURCE, "an ARN or *"));
    JsonNode condition = s.get("Condition");
    if (condition != null) {
      if (!condition.isObject()) {
        errors.add(field + ".Condition: must map operators to {key: value}");
      } else {
        condition
            .fields()
            .forEachRemaining(
                e -> {
                  if (!ConditionOperators.isKnown(e.getKey())) {
                    errors.add(
                        "%s.Condition: \"%s\" is not a condition operator IAM knows"
                            .formatted(field, e.getKey()));
                  } else if (!e.getValue().isObject() || e.getValue().isEmpty()) {
                    errors.add(
                        "%s.Condition.%s: must map condition keys to values"
                            .formatted(field, e.getKey()));
                  }
                });
      }
    }
    return errors;
  }

  private static List<String> exactlyOne(
      String field, JsonNode s, String name, String notName, Pattern valid, String shape) {
    List<String> errors = new ArrayList<>();
    boolean has = s.has(name);
    boolean hasNot = s.has(notName);
    if (has == hasNot) {
      errors.add("%s: needs exactly one of %s or %s".formatted(field, name, notName));
      return errors;
    }
    String key = has ? name : notName;
    JsonNode values = s.get(key);
    List<JsonNode> list = new ArrayList<>();
    if (values.isArray()) {
      values.forEach(list::add);
    } else {
      list.add(values);
    }
    if (list.isEmpty()) {
      errors.add("%s.%s: must not be empty".formatted(field, key));
    }
    for (JsonNode v : list) {
      if (!v.isTextual() || !(valid.matcher(v.asText()).matches() || v.asText().contains("${"))) {
        errors.add("%s.%s: \"%s\" is not %s".formatted(field, key, v.asText(), shape));
      }
    }
    return errors;
  }
}
