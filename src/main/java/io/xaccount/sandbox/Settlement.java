package io.xaccount.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which applied resources can never progress, so that {@code --once} judges them at once instead of
 * waiting out its timeout: a role or grant whose AwsAccount no applied document provides (or that
 * failed), a grant whose roleRef names a CrossAccountRole nothing applied (or that cannot become
 * Ready). Worked out to a fixpoint, so a chain of failures is followed to its end.
 */
final class Settlement {
  private Settlement() {}

  /** The resources that wait for something that will never come, with the reason. */
  static Map<Applied, String> blocked(List<Observed> resources) {
    Map<Applied, String> blocked = new LinkedHashMap<>();
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Observed o : resources) {
        if (o.isReady() || o.isTerminal() || blocked.containsKey(o.applied())) {
          continue;
        }
        Optional<String> why = why(o, resources, blocked);
        if (why.isPresent()) {
          blocked.put(o.applied(), why.get());
          changed = true;
        }
      }
    }
    return blocked;
  }

  private static Optional<String> why(
      Observed o, List<Observed> resources, Map<Applied, String> blocked) {
    JsonNode spec = o.spec();
    if (spec == null || !o.applied().hasReadyCondition() || o.applied().namespace() == null) {
      return Optional.empty();
    }
    String accountRef = spec.path("accountRef").asText(null);
    if (accountRef != null) {
      Optional<String> account =
          dependency(resources, blocked, "AwsAccount", null, accountRef, "spec.accountRef");
      if (account.isPresent()) {
        return account;
      }
    }
    JsonNode roleRef = spec.path("target").path("roleRef");
    if (o.applied().kind().equals("AssumeRoleGrant") && roleRef.hasNonNull("name")) {
      String namespace = roleRef.path("namespace").asText(o.applied().namespace());
      return dependency(
          resources,
          blocked,
          "CrossAccountRole",
          namespace,
          roleRef.path("name").asText(),
          "spec.target.roleRef");
    }
    return Optional.empty();
  }

  /** Why the dependency named by {@code field} will never be there, if it will not. */
  private static Optional<String> dependency(
      List<Observed> resources,
      Map<Applied, String> blocked,
      String kind,
      String namespace,
      String name,
      String field) {
    String label = kind + " " + (namespace == null ? name : namespace + "/" + name);
    Optional<Observed> found =
        resources.stream()
            .filter(r -> r.applied().kind().equals(kind))
            .filter(r -> r.applied().name().equals(name))
            .filter(
                r ->
                    namespace == null
                        ? r.applied().namespace() == null
                        : namespace.equals(r.applied().namespace()))
            .findFirst();
    if (found.isEmpty()) {
      return Optional.of(field + " names " + label + ", which no applied document provides");
    }
    Observed dependency = found.get();
    if (dependency.isTerminal()) {
      return Optional.of(
          "%s names %s, which failed (%s)".formatted(field, label, dependency.reason()));
    }
    if (blocked.containsKey(dependency.applied())) {
      return Optional.of("%s names %s, which can never become Ready".formatted(field, label));
    }
    return Optional.empty();
  }
}
