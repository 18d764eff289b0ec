package io.xaccount.emulator.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IAM's handling of {@code "AWS"} principals in trust policies: a bare account ID becomes its
 * {@code :root} ARN, a user or role ARN is stored as that principal's unique ID (and read back as
 * the ARN only while that very principal exists), and an ARN IAM cannot resolve is rejected.
 */
public final class TrustPrincipals {
  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final Pattern ROOT = Pattern.compile("arn:aws:iam::(\\d{12}):root");
  private static final Pattern ENTITY =
      Pattern.compile("arn:aws:iam::(\\d{12}):(user|role)(/.*)?/([^/]+)");
  private static final Pattern SESSION =
      Pattern.compile("arn:aws:sts::(\\d{12}):assumed-role/[\\w+=,.@-]+/[\\w+=,.@-]+");

  private TrustPrincipals() {}

  /** Rewrites principals in place into the stored form; throws for unresolvable ARNs. */
  static void toStored(ObjectNode doc, EmulatorState state) {
    for (JsonNode st : PolicyDocuments.statements(doc)) {
      for (String field : new String[] {"Principal", "NotPrincipal"}) {
        JsonNode principal = st.get(field);
        if (principal != null && principal.isObject() && principal.has("AWS")) {
          ((ObjectNode) principal).set("AWS", map(principal.get("AWS"), v -> store(v, state)));
        } else if (principal != null && !principal.isObject() && !"*".equals(principal.asText())) {
          throw IamError.malformed("Invalid principal in policy: " + principal);
        }
      }
    }
  }

  /** The stored document as IAM shows it: unique IDs of existing principals back to ARNs. */
  public static ObjectNode toShown(ObjectNode stored, EmulatorState state) {
    ObjectNode doc = stored.deepCopy();
    for (JsonNode st : PolicyDocuments.statements(doc)) {
      for (String field : new String[] {"Principal", "NotPrincipal"}) {
        JsonNode principal = st.get(field);
        if (principal != null && principal.isObject() && principal.has("AWS")) {
          ((ObjectNode) principal).set("AWS", map(principal.get("AWS"), state::arnForId));
        }
      }
    }
    return doc;
  }

  private static String store(String value, EmulatorState state) {
    if (value.equals("*")) {
      return value;
    }
    if (ACCOUNT.matcher(value).matches()) {
      return "arn:aws:iam::" + value + ":root";
    }
    if (ROOT.matcher(value).matches() || SESSION.matcher(value).matches()) {
      // Account roots are accepted for any well-formed account, as AWS does.
      return value;
    }
    Matcher m = ENTITY.matcher(value);
    if (m.matches()) {
      String id = state.visiblePrincipalId(m.group(1), m.group(2), value);
      if (id != null) {
        return id;
      }
    }
    throw IamError.malformed("Invalid principal in policy: \"AWS\":\"" + value + "\"");
  }

  private static JsonNode map(JsonNode values, java.util.function.UnaryOperator<String> f) {
    if (values.isArray()) {
      ArrayNode out = PolicyDocuments.JSON.createArrayNode();
      values.forEach(v -> out.add(f.apply(v.asText())));
      return out;
    }
    return TextNode.valueOf(f.apply(values.asText()));
  }
}
