package io.xaccount.operator.reconciler.grant;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.CrossAccountRoleStatus;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Which updates of a CrossAccountRole wake the grants that target it. */
class GrantEventSourcesTest {
  @Test
  void onlyWhatGrantsReadWakesThem() {
    assertThat(
            wakes(
                r ->
                    r.getStatus()
                        .setConditions(
                            List.of(
                                new ConditionBuilder()
                                    .withType("Ready")
                                    .withStatus("True")
                                    .build()))))
        .as("a condition-only status write")
        .isFalse();
    assertThat(wakes(r -> r.getStatus().setObservedGeneration(2L))).isFalse();
    assertThat(wakes(r -> r.getStatus().setRoleArn("arn:aws:iam::111111111111:role/Other")))
        .isTrue();
    assertThat(wakes(r -> r.getStatus().setSwitchRoleUrl("https://signin.aws.amazon.com/x")))
        .isTrue();
    assertThat(wakes(r -> r.getStatus().setConsoleNote("note"))).isTrue();
    assertThat(wakes(r -> r.getMetadata().setGeneration(2L))).as("a spec change").isTrue();
    assertThat(wakes(r -> r.getMetadata().setDeletionTimestamp("2026-11-30T00:00:00Z"))).isTrue();
    assertThat(wakes(r -> r.setStatus(null))).isTrue();
  }

  private static boolean wakes(Consumer<CrossAccountRole> change) {
    CrossAccountRole previous = role();
    CrossAccountRole next = role();
    change.accept(next);
    return GrantEventSources.concernsGrants(next, previous);
  }

  private static CrossAccountRole role() {
    CrossAccountRole role = new CrossAccountRole();
    role.setMetadata(
        new ObjectMetaBuilder().withName("r").withNamespace("n").withGeneration(1L).build());
    CrossAccountRoleStatus status = new CrossAccountRoleStatus();
    status.setRoleArn("arn:aws:iam::111111111111:role/R");
    status.setObservedGeneration(1L);
    role.setStatus(status);
    return role;
  }
}
