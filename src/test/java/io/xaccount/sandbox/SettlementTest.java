package io.xaccount.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What --once may stop waiting for: blocked chains are followed to their end; a report waits for
 * the roles' access maps.
 */
class SettlementTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void danglingAndFailedDependenciesBlockWhatWaitsForThem() throws Exception {
    Observed prod = observed("AwsAccount", null, "prod", "{}", ready("True", "Verified"));
    Observed broken =
        observed("AwsAccount", null, "broken", "{}", ready("False", "AccountMismatch"));
    Observed role =
        observed("CrossAccountRole", "platform", "role", "{\"accountRef\":\"prod\"}", null);
    Observed orphan =
        observed("CrossAccountRole", "platform", "orphan", "{\"accountRef\":\"nowhere\"}", null);
    Observed behindBroken =
        observed("CrossAccountRole", "platform", "behind", "{\"accountRef\":\"broken\"}", null);
    Observed grantToMissing =
        observed(
            "AssumeRoleGrant",
            "platform",
            "to-missing",
            "{\"accountRef\":\"prod\",\"target\":{\"roleRef\":{\"name\":\"missing\"}}}",
            null);
    Observed grantToBlocked =
        observed(
            "AssumeRoleGrant",
            "platform",
            "to-behind",
            "{\"accountRef\":\"prod\",\"target\":{\"roleRef\":{\"name\":\"behind\"}}}",
            null);

    Map<Applied, String> blocked =
        Settlement.blocked(
            List.of(prod, broken, role, orphan, behindBroken, grantToMissing, grantToBlocked));

    assertThat(blocked).doesNotContainKeys(prod.applied(), broken.applied(), role.applied());
    assertThat(blocked.get(orphan.applied()))
        .isEqualTo("spec.accountRef names AwsAccount nowhere, which no applied document provides");
    assertThat(blocked.get(behindBroken.applied()))
        .isEqualTo("spec.accountRef names AwsAccount broken, which failed (AccountMismatch)");
    assertThat(blocked.get(grantToMissing.applied()))
        .contains("CrossAccountRole platform/missing, which no applied document provides");
    assertThat(blocked.get(grantToBlocked.applied()))
        .contains("CrossAccountRole platform/behind, which can never become Ready");
  }

  @Test
  void aReportWaitsUntilEachRoleMapShowsItsGrantsAsTheyStand() throws Exception {
    String ref = "{\"accountRef\":\"dev\",\"target\":{\"roleRef\":{\"name\":\"role\"}}}";
    Observed grant = observed("AssumeRoleGrant", "platform", "g", ref, "{\"phase\":\"Active\"}");
    Observed elsewhere =
        observed("AssumeRoleGrant", "team-b", "other", ref, "{\"phase\":\"Active\"}");
    String map =
        "{\"access\":{\"grants\":[{\"namespace\":\"platform\",\"name\":\"g\",\"phase\":\"%s\"}]}}";
    Observed behind =
        observed("CrossAccountRole", "platform", "role", "{}", map.formatted("Pending"));
    Observed current =
        observed("CrossAccountRole", "platform", "role", "{}", map.formatted("Active"));

    assertThat(CurrentAccessMaps.current(List.of(behind, grant))).isFalse();
    // A grant of another namespace names team-b/role, not this one: nothing to wait for.
    assertThat(CurrentAccessMaps.current(List.of(current, grant, elsewhere))).isTrue();
  }

  private static Observed observed(
      String kind, String namespace, String name, String spec, String status) throws Exception {
    ResourceDefinitionContext context =
        new ResourceDefinitionContext.Builder()
            .withGroup("xaccount.io")
            .withVersion("v1alpha1")
            .withKind(kind)
            .withNamespaced(namespace != null)
            .build();
    JsonNode statusNode = status == null ? null : JSON.readTree(status);
    return new Observed(new Applied(context, namespace, name), 1L, JSON.readTree(spec), statusNode);
  }

  private static String ready(String status, String reason) {
    return "{\"conditions\":[{\"type\":\"Ready\",\"status\":\"%s\",\"reason\":\"%s\",\"observedGeneration\":1}]}"
        .formatted(status, reason);
  }
}
