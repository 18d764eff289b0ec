package io.xaccount.emulator.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xaccount.emulator.evaluation.Authorizer.ResourcePolicy;
import io.xaccount.emulator.evaluation.Authorizer.Verdict;
import io.xaccount.emulator.model.Identity;
import io.xaccount.emulator.model.PolicyDocuments;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One request and every policy that decides it, as the differential test hands it to both
 * evaluators: JSON (the shape {@code src/test/iam-simulate/simulate.js} reads), and the emulator's
 * own decision of it.
 *
 * @param json {@code id, caller, callerKind (user|session), callerAccount, action, resource,
 *     resourceAccount, identity[], boundary?, session?, resourcePolicy?, resourcePolicyRequired,
 *     context{key: value | [values]}}
 */
record DifferentialCase(ObjectNode json) {
  /** The unique IDs IAM would give the case's user and role. */
  static final String USER_ID = "AIDAALICEEXAMPLE0001";

  static final String ROLE_ID = "AROADEVEXAMPLE000001";

  int id() {
    return json.path("id").asInt();
  }

  /** The emulator's verdict: {@link Authorizer#decide} with exactly these policies. */
  Verdict emulator() {
    return decision().verdict();
  }

  Authorizer.Decision decision() {
    RequestContext ctx =
        new RequestContext(json.path("action").asText(), json.path("resource").asText(), caller());
    Iterator<Map.Entry<String, JsonNode>> keys = json.path("context").fields();
    while (keys.hasNext()) {
      Map.Entry<String, JsonNode> key = keys.next();
      if (key.getValue().isArray()) {
        List<String> values = new ArrayList<>();
        key.getValue().forEach(v -> values.add(v.asText()));
        ctx.putAll(key.getKey(), values);
      } else {
        ctx.put(key.getKey(), key.getValue().asText());
      }
    }
    List<JsonNode> identity = new ArrayList<>();
    json.path("identity").forEach(identity::add);
    CallerPolicies policies =
        new CallerPolicies(false, identity, optional("boundary"), list(optional("session")));
    ResourcePolicy resource =
        new ResourcePolicy(
            optional("resourcePolicy"),
            json.path("resourceAccount").asText(),
            json.path("resourcePolicyRequired").asBoolean());
    return Authorizer.decide(policies, ctx, resource);
  }

  /** The caller as STS would report it: IAM user alice, or a session of role Dev. */
  Identity caller() {
    String account = json.path("callerAccount").asText();
    String arn = json.path("caller").asText();
    if (json.path("callerKind").asText().equals("user")) {
      return new Identity(account, arn, USER_ID, USER_ID, arn, null);
    }
    String role = "arn:aws:iam::" + account + ":role/Dev";
    String session = arn.substring(arn.lastIndexOf('/') + 1);
    return new Identity(account, arn, ROLE_ID + ":" + session, ROLE_ID, role, null);
  }

  /** The case as one line of JSON, for a fixed unit test or a report. */
  @Override
  public String toString() {
    return json.toString();
  }

  static DifferentialCase parse(String json) {
    return new DifferentialCase((ObjectNode) PolicyDocuments.stored(json));
  }

  private JsonNode optional(String field) {
    JsonNode n = json.get(field);
    return n == null || n.isNull() ? null : n;
  }

  private static List<JsonNode> list(JsonNode n) {
    return n == null ? List.of() : List.of(n);
  }

  static ArrayNode array() {
    return PolicyDocuments.JSON.createArrayNode();
  }
}
