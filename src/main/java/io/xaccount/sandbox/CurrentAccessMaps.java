package io.xaccount.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether every applied CrossAccountRole's access map ({@code status.access}) shows the applied
 * grants that target it with the phase they have now. A role's map follows its grants a moment
 * after they change, so a report written as soon as everything is Ready could show a grant still
 * Pending; the report waits for this instead.
 */
final class CurrentAccessMaps {
  private CurrentAccessMaps() {}

  static boolean current(List<Observed> resources) {
    for (Observed role : resources) {
      JsonNode access = role.status() == null ? null : role.status().get("access");
      if (!role.applied().kind().equals("CrossAccountRole")
          || access == null
          || access.hasNonNull("moreGrants")) {
        continue;
      }
      Map<String, String> shown = new HashMap<>();
      for (JsonNode g : access.path("grants")) {
        shown.put(
            g.path("namespace").asText() + "/" + g.path("name").asText(), g.path("phase").asText());
      }
      for (Observed grant : resources) {
        if (targets(grant, role)
            && !grant.statusText("phase").isEmpty()
            && !grant.statusText("phase").equals(shown.get(label(grant)))) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean targets(Observed grant, Observed role) {
    if (!grant.applied().kind().equals("AssumeRoleGrant") || grant.spec() == null) {
      return false;
    }
    JsonNode target = grant.spec().path("target");
    JsonNode ref = target.path("roleRef");
    if (ref.hasNonNull("name")) {
      return ref.path("name").asText().equals(role.applied().name())
          && ref.path("namespace")
              .asText(grant.applied().namespace())
              .equals(role.applied().namespace());
    }
    String roleArn = role.statusText("roleArn");
    return !roleArn.isEmpty() && target.path("roleArn").asText().equalsIgnoreCase(roleArn);
  }

  private static String label(Observed grant) {
    return grant.applied().namespace() + "/" + grant.applied().name();
  }
}
