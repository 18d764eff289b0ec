package io.xaccount.operator.iam;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Names in an identity policy that no AWS service has: an action or condition key IAM accepts
 * silently although nothing ever matches it, so the permission (or the deny, or the condition)
 * quietly does nothing. Said in status, never refused, since IAM takes the policy. Only what the
 * {@link ServiceReference} is sure of is reported: a wildcard is questioned only when it matches no
 * action at all, and a condition key only when neither the global keys nor the statement's services
 * list it (any service's, when the statement's actions are not all of known services).
 */
public final class IdentityPolicyWarnings {
  private IdentityPolicyWarnings() {}

  /**
   * One warning per doubtful entry, in document order.
   *
   * @param label names the policy in each message, e.g. {@code inline policy deny-billing}
   */
  public static List<String> of(String label, JsonNode document) {
    ServiceReference reference = ServiceReference.get();
    Set<String> warnings = new LinkedHashSet<>();
    for (JsonNode statement : items(document == null ? null : document.get("Statement"))) {
      if (statement.isObject()) {
        statement(label, statement, reference, warnings);
      }
    }
    return List.copyOf(warnings);
  }

  private static void statement(
      String label, JsonNode statement, ServiceReference reference, Set<String> warnings) {
    boolean deny = "Deny".equals(statement.path("Effect").asText());
    String effect = deny ? "it denies nothing" : "it grants nothing";
    List<String> services = new ArrayList<>();
    // Without a NotAction and with actions of known services only, the statement's condition keys
    // must be keys of those services; otherwise any service's key may apply.
    boolean allServices = statement.has("NotAction");
    for (String entry : strings(statement.get("Action"))) {
      String service = checkAction(label, "action", entry, effect, reference, warnings);
      allServices |= service == null;
      services.add(service);
    }
    for (String entry : strings(statement.get("NotAction"))) {
      checkAction(label, "NotAction entry", entry, "it excludes nothing", reference, warnings);
    }
    JsonNode condition = statement.get("Condition");
    if (condition == null || !condition.isObject()) {
      return;
    }
    for (JsonNode block : condition) {
      for (Iterator<String> keys = block.fieldNames(); keys.hasNext(); ) {
        checkKey(label, keys.next(), allServices ? null : services, reference, warnings);
      }
    }
  }

  /**
   * Warns when the entry names nothing; returns its service prefix when that is one known service
   * (written without wildcards), null otherwise.
   */
  private static String checkAction(
      String label,
      String element,
      String entry,
      String consequence,
      ServiceReference reference,
      Set<String> warnings) {
    int colon = entry.indexOf(':');
    if (colon < 0 || entry.indexOf(':', colon + 1) >= 0) {
      // "*", or not an action at all (IdentityPolicyValidator refuses those).
      return null;
    }
    String prefix = entry.substring(0, colon);
    String name = entry.substring(colon + 1);
    String problem = null;
    if (Wildcards.hasWildcard(prefix)) {
      boolean any =
          reference.servicesMatching(prefix).stream()
              .anyMatch(s -> reference.hasActionMatching(s, name));
      problem = any ? null : "matches no action of any service";
    } else if (!reference.hasService(prefix)) {
      problem = "names no service (no AWS service has the prefix \"" + prefix + "\")";
    } else if (!reference.hasActionMatching(prefix, name)) {
      problem = Wildcards.hasWildcard(name) ? "matches no action of " + prefix : "does not exist";
    }
    if (problem != null) {
      warnings.add(
          "%s: %s \"%s\" %s (IAM accepts it and %s)"
              .formatted(label, element, entry, problem, consequence));
    }
    return !Wildcards.hasWildcard(prefix) && reference.hasService(prefix) ? prefix : null;
  }

  /**
   * @param services the statement's services, or null when any service's keys may apply
   */
  private static void checkKey(
      String label,
      String key,
      List<String> services,
      ServiceReference reference,
      Set<String> warnings) {
    if (key.indexOf(':') < 0 || reference.isGlobalKey(key)) {
      return;
    }
    boolean known =
        services == null ? reference.isKeyOfSomeService(key) : reference.isKeyOfAny(services, key);
    if (!known) {
      String where =
          services == null
              ? "is not a condition key of any service"
              : "is neither a global condition key nor one of "
                  + String.join(", ", new LinkedHashSet<>(services));
      warnings.add(
          ("%s: condition key \"%s\" %s (IAM accepts it; no request carries it, so the condition"
                  + " only ever sees it missing)")
              .formatted(label, key, where));
    }
  }

  private static List<JsonNode> items(JsonNode node) {
    List<JsonNode> out = new ArrayList<>();
    if (node != null && node.isArray()) {
      node.forEach(out::add);
    } else if (node != null && !node.isNull()) {
      out.add(node);
    }
    return out;
  }

  private static List<String> strings(JsonNode node) {
    return items(node).stream().filter(JsonNode::isTextual).map(JsonNode::asText).toList();
  }
}
