package io.xaccount.sandbox.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.xaccount.emulator.IamEmulator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every role and customer managed policy of the emulated accounts with its tags, read as an auditor
 * would: the account's authorization details, and for policies (which those details show without
 * tags) ListPolicyTags.
 */
final class IamInventory {
  /** One entity: where, what, its tags and its entry in the authorization details. */
  record Entity(
      String account, String type, String name, Map<String, String> tags, JsonNode detail) {
    String tag(String key) {
      return tags.get(key);
    }

    @Override
    public String toString() {
      return type + " " + name + " in " + account;
    }
  }

  private IamInventory() {}

  static List<Entity> read(IamEmulator emulator, AdminIam admin, List<String> accounts) {
    List<Entity> all = new ArrayList<>();
    for (String account : accounts) {
      JsonNode details = emulator.authorizationDetails(account);
      for (JsonNode role : details.path("RoleDetailList")) {
        Map<String, String> tags = new LinkedHashMap<>();
        role.path("Tags").forEach(t -> tags.put(t.path("Key").asText(), t.path("Value").asText()));
        all.add(new Entity(account, "role", role.path("RoleName").asText(), tags, role));
      }
      for (JsonNode policy : details.path("Policies")) {
        String arn = policy.path("Arn").asText();
        if (!arn.contains(":" + account + ":")) {
          continue;
        }
        Map<String, String> tags = new LinkedHashMap<>();
        admin
            .in(account)
            .listPolicyTagsPaginator(r -> r.policyArn(arn))
            .tags()
            .forEach(t -> tags.put(t.key(), t.value()));
        all.add(new Entity(account, "policy", policy.path("PolicyName").asText(), tags, policy));
      }
    }
    return all;
  }
}
