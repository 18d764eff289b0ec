package io.xaccount.sandbox.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xaccount.emulator.IamEmulator;
import io.xaccount.operator.iam.GrantPack;
import io.xaccount.operator.iam.PolicyDocument;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The statements of the grant packs' slots (the policies under {@link GrantPack#PATH_ROOT}) as an
 * auditor reads them from an account's authorization details: each slot's default version,
 * statement by statement, by Sid.
 */
final class PackStatements {
  private PackStatements() {}

  /** Every statement in a slot of the account by its Sid (the first one found, when repeated). */
  static Map<String, JsonNode> of(IamEmulator emulator, String account) {
    Map<String, JsonNode> bySid = new LinkedHashMap<>();
    for (JsonNode policy : emulator.authorizationDetails(account).path("Policies")) {
      if (policy.path("Path").asText().startsWith(GrantPack.PATH_ROOT)) {
        statements(policy).forEach(s -> bySid.putIfAbsent(s.path("Sid").asText(""), s));
      }
    }
    return bySid;
  }

  /** The statements of a policy's default version, from its authorization-details entry. */
  static List<JsonNode> statements(JsonNode policy) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode version : policy.path("PolicyVersionList")) {
      if (version.path("IsDefaultVersion").asBoolean()) {
        JsonNode statement = version.path("Document").path("Statement");
        if (statement.isArray()) {
          statement.forEach(out::add);
        } else if (statement.isObject()) {
          out.add(statement);
        }
      }
    }
    return out;
  }

  /** Whether two statements say the same (IAM may reorder or reshape a document it keeps). */
  static boolean same(JsonNode a, JsonNode b) {
    return a != null && b != null && document(a).semanticallyEquals(document(b));
  }

  private static PolicyDocument document(JsonNode statement) {
    ObjectNode doc = JsonNodeFactory.instance.objectNode().put("Version", "2012-10-17");
    doc.putArray("Statement").add(statement);
    return PolicyDocument.of(doc);
  }
}
