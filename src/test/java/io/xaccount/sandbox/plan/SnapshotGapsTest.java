package io.xaccount.sandbox.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 26: what a snapshot does not carry is never shown as a change, and owner tags of another
 * cluster point at --cluster-name.
 */
class SnapshotGapsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aRoleIsGivenWhatTheSnapshotLacksAndAnotherClustersTagsAreAHint() throws Exception {
    JsonNode details =
        JSON.readTree(
            """
            {"RoleDetailList":[
              {"RoleName":"CrossAccountSignin","Path":"/","Tags":[
                {"Key":"xaccount.io/cluster","Value":"prod-cluster"},
                {"Key":"xaccount.io/kind","Value":"CrossAccountRole"},
                {"Key":"xaccount.io/namespace","Value":"platform"},
                {"Key":"xaccount.io/name","Value":"prod-power-users"}]},
              {"RoleName":"Unrelated","Path":"/"}]}""");
    Map<String, JsonNode> snapshots = Map.of("111111111111", details);
    List<SnapshotIdentities.Resource> resources =
        List.of(
            new SnapshotIdentities.Resource(
                "AwsAccount",
                null,
                "prod",
                "u1",
                JSON.readTree("{\"accountId\":\"111111111111\"}")),
            new SnapshotIdentities.Resource(
                "CrossAccountRole",
                "platform",
                "prod-power-users",
                "u2",
                JSON.readTree(
                    "{\"accountRef\":\"prod\",\"roleName\":\"crossaccountsignin\","
                        + "\"description\":\"Dev engineers in Prod\"}")));

    List<String> notes = SnapshotGaps.fill(snapshots, resources, "ci-cluster");

    JsonNode role = details.path("RoleDetailList").get(0);
    assertThat(role.path("Description").asText()).isEqualTo("Dev engineers in Prod");
    assertThat(role.path("MaxSessionDuration").asInt()).isEqualTo(3600);
    assertThat(details.path("RoleDetailList").get(1).has("Description")).isFalse();
    assertThat(notes)
        .containsExactly(
            "Not compared: Description and MaxSessionDuration of 1 existing role(s)"
                + " (platform/prod-power-users): an authorization-details snapshot does not carry"
                + " them, so the plan takes them as the manifests give them",
            "Hint: the role CrossAccountSignin is tagged for CrossAccountRole"
                + " platform/prod-power-users of cluster prod-cluster, while this plan runs as"
                + " cluster ci-cluster: --cluster-name may be wrong (set it to the"
                + " xaccount.operator.cluster-name of the cluster that applies these manifests)"
                + " rather than spec.roleName");
  }

  @Test
  void aSnapshotThatCarriesTheFieldsIsLeftAsItIs() throws Exception {
    JsonNode details =
        JSON.readTree(
            "{\"RoleDetailList\":[{\"RoleName\":\"R\",\"Description\":\"d\","
                + "\"MaxSessionDuration\":7200}]}");
    List<SnapshotIdentities.Resource> resources =
        List.of(
            new SnapshotIdentities.Resource(
                "AwsAccount", null, "a", "u1", JSON.readTree("{\"accountId\":\"1\"}")),
            new SnapshotIdentities.Resource(
                "CrossAccountRole", "ns", "R", "u2", JSON.readTree("{\"accountRef\":\"a\"}")));

    assertThat(SnapshotGaps.fill(Map.of("1", details), resources, "c")).isEmpty();
    assertThat(details.at("/RoleDetailList/0/Description").asText()).isEqualTo("d");
  }
}
