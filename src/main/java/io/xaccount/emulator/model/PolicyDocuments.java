package io.xaccount.emulator.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses and checks policy documents the way IAM does, and renders them back URL-encoded as IAM
 * returns them.
 */
public final class PolicyDocuments {
  public static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> VERSIONS = Set.of("2008-10-17", "2012-10-17");
  private static final Set<String> IDENTITY_ELEMENTS =
      Set.of("Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition");
  private static final Pattern ACTION = Pattern.compile("[A-Za-z0-9*?-]+:[A-Za-z0-9*?]*");
  private static final Pattern SID = Pattern.compile("[0-9A-Za-z]*");
  private static final Set<String> CONDITION_OPERATORS =
      Set.of(
          "StringEquals",
          "StringNotEquals",
          "StringEqualsIgnoreCase",
          "StringNotEqualsIgnoreCase",
          "StringLike",
          "StringNotLike",
          "NumericEquals",
          "NumericNotEquals",
          "NumericLessThan",
          "NumericLessThanEquals",
          "NumericGreaterThan",
          "NumericGreaterThanEquals",
          "DateEquals",
          "DateNotEquals",
          "DateLessThan",
          "DateLessThanEquals",
          "DateGreaterThan",
          "DateGreaterThanEquals",
          "Bool",
          "BinaryEquals",
          "IpAddress",
          "NotIpAddress",
          "ArnEquals",
          "ArnLike",
          "ArnNotEquals",
          "ArnNotLike",
          "Null");

  private PolicyDocuments() {}

  /** Length as IAM counts it for quotas: whitespace is not counted. */
  static int size(String document) {
    int n = 0;
    for (int i = 0; i < document.length(); i++) {
      if (!Character.isWhitespace(document.charAt(i))) {
        n++;
      }
    }
    return n;
  }

  /** An identity or managed policy: no Principal, every statement has actions and resources. */
  public static ObjectNode parseIdentityPolicy(String document) {
    ObjectNode doc = parse(document);
    for (JsonNode st : statements(doc)) {
      if (st.has("Principal") || st.has("NotPrincipal")) {
        throw IamError.malformed("Policy document should not specify a principal.");
      }
      requireActions(st);
      if (!st.has("Resource") && !st.has("NotResource")) {
        throw IamError.malformed("Policy statement must contain resources.");
      }
      st.fieldNames()
          .forEachRemaining(
              name -> {
                if (!IDENTITY_ELEMENTS.contains(name)) {
                  throw IamError.malformed("Syntax errors in policy.");
                }
              });
      for (String action : strings(st.has("Action") ? st.get("Action") : st.get("NotAction"))) {
        if (!action.equals("*") && !ACTION.matcher(action).matches()) {
          throw IamError.malformed(
              "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");
        }
      }
      for (String resource :
          strings(st.has("Resource") ? st.get("Resource") : st.get("NotResource"))) {
        if (!resource.equals("*") && !resource.startsWith("arn:")) {
          throw IamError.malformed("Resource " + resource + " must be in ARN format or \"*\".");
        }
      }
    }
    return doc;
  }

  /** A trust policy: every statement names a principal and no resource. */
  static ObjectNode parseTrustPolicy(String document) {
    ObjectNode doc = parse(document);
    for (JsonNode st : statements(doc)) {
      if (st.has("Resource") || st.has("NotResource")) {
        throw IamError.malformed("Has prohibited field Resource");
      }
      if (!st.has("Principal") && !st.has("NotPrincipal")) {
        throw IamError.malformed("Missing required field Principal");
      }
      requireActions(st);
    }
    return doc;
  }

  public static ObjectNode parse(String document) {
    JsonNode node;
    try {
      node = JSON.readTree(document);
    } catch (JsonProcessingException e) {
      throw IamError.malformed("This policy contains invalid Json");
    }
    if (node == null || !node.isObject()) {
      throw IamError.malformed("This policy contains invalid Json");
    }
    JsonNode version = node.get("Version");
    if (version != null && !VERSIONS.contains(version.asText())) {
      throw IamError.malformed("The policy failed legacy parsing");
    }
    if (!node.has("Statement")) {
      throw IamError.malformed("Syntax errors in policy.");
    }
    Set<String> sids = new HashSet<>();
    for (JsonNode st : statements((ObjectNode) node)) {
      String effect = st.path("Effect").asText("");
      if (!st.isObject() || !(effect.equals("Allow") || effect.equals("Deny"))) {
        throw IamError.malformed("Syntax errors in policy.");
      }
      String sid = st.path("Sid").asText("");
      if (!SID.matcher(sid).matches()) {
        throw IamError.malformed(
            "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the"
                + " regular expression [0-9A-Za-z]*");
      }
      if (!sid.isEmpty() && !sids.add(sid)) {
        throw IamError.malformed("Statement IDs (SID) in a single policy must be unique.");
      }
      checkConditionOperators(st.get("Condition"));
    }
    return (ObjectNode) node;
  }

  /**
   * IAM refuses a Condition whose operator it does not know (a typo would otherwise never match).
   */
  private static void checkConditionOperators(JsonNode condition) {
    if (condition == null) {
      return;
    }
    if (!condition.isObject()) {
      throw IamError.malformed("Syntax errors in policy.");
    }
    condition
        .fieldNames()
        .forEachRemaining(
            operator -> {
              String op = operator.replaceFirst("^(ForAnyValue|ForAllValues):", "");
              String base = op.endsWith("IfExists") ? op.substring(0, op.length() - 8) : op;
              boolean known =
                  CONDITION_OPERATORS.contains(base) && !(base.equals("Null") && !base.equals(op));
              if (!known) {
                throw IamError.malformed("Invalid Condition type : " + operator);
              }
            });
  }

  /**
   * A document as stored, for evaluation: it was checked when it was written, so it is only read
   * here (no validation on every authorized call).
   */
  public static JsonNode stored(String document) {
    try {
      return JSON.readTree(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored policy document does not parse", e);
    }
  }

  /** The statements of a document; a single statement object counts as a list of one. */
  public static List<JsonNode> statements(JsonNode doc) {
    JsonNode st = doc.get("Statement");
    List<JsonNode> out = new ArrayList<>();
    if (st != null && st.isArray()) {
      st.forEach(out::add);
    } else if (st != null) {
      out.add(st);
    }
    return out;
  }

  /** A string or array of strings as a list (IAM treats both alike). */
  public static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node == null) {
      return out;
    }
    if (node.isArray()) {
      node.forEach(n -> out.add(n.asText()));
    } else {
      out.add(node.asText());
    }
    return out;
  }

  private static void requireActions(JsonNode st) {
    if (!st.has("Action") && !st.has("NotAction")) {
      throw IamError.malformed("Policy statement must contain actions.");
    }
  }

  public static String compact(JsonNode doc) {
    return doc.toString();
  }
}
