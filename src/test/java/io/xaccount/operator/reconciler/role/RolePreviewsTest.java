package io.xaccount.operator.reconciler.role;

import static org.assertj.core.api.Assertions.assertThat;

import io.xaccount.operator.iam.ObservedRole;
import io.xaccount.operator.iam.PlannedCall;
import io.xaccount.operator.iam.PolicyDocument;
import io.xaccount.operator.iam.RolePlanPreview;
import io.xaccount.operator.reconciler.Ownership;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the plan of an allowed adoption shows of the role's previous owner: nothing. */
class RolePreviewsTest {
  private static final String ARN = "arn:aws:iam::111111111111:role/Ops";

  @Test
  void anAdoptionsPlanShowsThatOwnershipTagsChangeNotWhatTheyWere() {
    Map<String, String> released = new LinkedHashMap<>();
    released.put(Ownership.MANAGED_BY, Ownership.OPERATOR);
    released.put(Ownership.CLUSTER, "blue-cluster");
    released.put(Ownership.KIND, "CrossAccountRole");
    released.put(Ownership.NAMESPACE, "team-a");
    released.put(Ownership.NAME, "ops");
    released.put(Ownership.UID, "uid-of-team-a");
    released.put(Ownership.RELEASED, "2030-01-01T00:00:00Z");
    released.put("owner", "platform");
    Map<String, String> adopting = new LinkedHashMap<>(released);
    adopting.remove(Ownership.RELEASED);
    adopting.remove("owner");
    adopting.put(Ownership.CLUSTER, "green-cluster");
    adopting.put(Ownership.NAMESPACE, "team-b");
    adopting.put(Ownership.UID, "uid-of-team-b");

    PlannedCall call =
        RolePlanPreview.adoption(
            ARN, RolePreviews.withoutOwner(role(released)), adopting, Map.of());

    assertThat(call.diff())
        .contains(
            "~ Tags.xaccount.io/namespace: \"(not shown)\" -> \"team-b\"",
            "~ Tags.xaccount.io/uid: \"(not shown)\" -> \"uid-of-team-b\"");
    assertThat(String.join("\n", call.diff()) + call.summary())
        .doesNotContain("team-a", "uid-of-team-a", "blue-cluster");
    // Tags that are not ownership tags are the role's own content, shown as they are.
    assertThat(RolePreviews.withoutOwner(role(released)).tags()).containsEntry("owner", "platform");
  }

  private static ObservedRole role(Map<String, String> tags) {
    return new ObservedRole(
        "Ops",
        "/",
        "",
        3600,
        PolicyDocument.parse("{\"Version\":\"2012-10-17\",\"Statement\":[]}"),
        Set.of(),
        Map.of(),
        null,
        tags,
        ARN,
        "AROAEXAMPLE");
  }
}
