package io.xaccount.sandbox.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A role's access map ({@code status.access}) as the text plan prints it: one line per path — the
 * trust, each grant, each hop — then its warnings, never the raw object.
 */
final class AccessLines {
  private AccessLines() {}

  static List<String> of(JsonNode access) {
    List<String> lines = new ArrayList<>();
    JsonNode trust = access.path("trust");
    if (!trust.isMissingNode()) {
      lines.add("trust: " + trust(trust));
    }
    for (JsonNode g : access.path("grants")) {
      lines.add(
          "grant %s/%s (%s, %s) from %s: %s%s"
              .formatted(
                  g.path("namespace").asText(),
                  g.path("name").asText(),
                  g.path("via").asText(),
                  g.path("phase").asText(),
                  g.path("accountId").asText("an unknown account"),
                  join(g.path("principals")),
                  g.path("morePrincipals").isInt()
                      ? " and " + g.path("morePrincipals").asInt() + " more"
                      : ""));
    }
    if (access.path("moreGrants").isInt()) {
      lines.add("... and " + access.path("moreGrants").asInt() + " more grants");
    }
    for (JsonNode h : access.path("hops")) {
      lines.add(
          "hop %s/%s %s: %s"
              .formatted(
                  h.path("namespace").asText(),
                  h.path("name").asText(),
                  h.path("roleArn").asText(),
                  h.path("through").asText()));
    }
    if (access.path("moreHops").isInt()) {
      lines.add("... and " + access.path("moreHops").asInt() + " more hops");
    }
    access.path("warnings").forEach(w -> lines.add("warning: " + w.asText()));
    return lines;
  }

  private static String trust(JsonNode trust) {
    List<String> parts = new ArrayList<>();
    trust.path("accountIds").forEach(a -> parts.add("account " + a.asText()));
    trust.path("principalArns").forEach(a -> parts.add(a.asText()));
    trust
        .path("principalArnPatterns")
        .forEach(a -> parts.add("aws:PrincipalArn like " + a.asText()));
    if (parts.isEmpty()) {
      parts.add("nobody");
    }
    String who = String.join(", ", parts);
    List<String> conditions = new ArrayList<>();
    if (trust.path("requireMfa").asBoolean()) {
      conditions.add(
          trust.path("mfaMaxAgeSeconds").isInt()
              ? "MFA within " + trust.path("mfaMaxAgeSeconds").asInt() + " s"
              : "MFA");
    }
    if (trust.path("requireExternalId").asBoolean()) {
      conditions.add("an ExternalId");
    }
    if (trust.path("requireSourceIdentity").asBoolean()) {
      conditions.add("a source identity");
    }
    return conditions.isEmpty() ? who : who + "; requires " + String.join(", ", conditions);
  }

  private static String join(JsonNode values) {
    List<String> out = new ArrayList<>();
    values.forEach(v -> out.add(v.asText()));
    return out.isEmpty() ? "nobody" : String.join(", ", out);
  }
}
