package io.xaccount.operator.reconciler.role;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.CrossAccountRoleStatus;
import io.xaccount.operator.iam.DesiredRole;
import io.xaccount.operator.iam.PolicyDocument;
import io.xaccount.operator.reconciler.ReadyConditions;
import io.xaccount.operator.reconciler.Reason;
import io.xaccount.operator.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * When a role's wake may skip IAM: only for a role converged on the very same desired state, with
 * the same AwsAccount spec, whose next look is not due, whatever the wake brought for its access
 * map (a grant's event often arrives after a reconcile already mapped what it announces: such a
 * wake must read nothing).
 */
class AccessRefreshTest {
  private static final PolicyDocument TRUST =
      PolicyDocument.parse(
          "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
              + "{\"AWS\":\"arn:aws:iam::222222222222:root\"},\"Action\":\"sts:AssumeRole\"}]}");
  private static final DesiredRole ROLE =
      new DesiredRole("Ops", "/", "d", 3600, TRUST, Set.of(), Map.of(), null, Map.of());

  private static final AwsAccount ACCOUNT = account("acct-uid", 7);

  private final MutableClock clock = new MutableClock();
  private final AccessRefresh refresh = new AccessRefresh(clock);

  @Test
  void aConvergedRoleWhoseNextLookIsNotDueSkipsIamEvenWhenTheMapIsUnchanged() {
    CrossAccountRole role = role(2, ready(2, Reason.Converged));
    refresh.converged(role, ACCOUNT, ROLE, role.getStatus(), resyncIn(Duration.ofMinutes(10)));

    Instant nextLook = refresh.onlyAccessChanged(role, ACCOUNT, ROLE).orElseThrow();
    // The same wake repeated (the map already as shown): still no IAM read, the same next look.
    assertThat(refresh.onlyAccessChanged(role, ACCOUNT, ROLE)).contains(nextLook);
    assertThat(nextLook).isAfter(Instant.now().plus(Duration.ofMinutes(9)));
  }

  @Test
  void theStatusTheMapIsDrawnFromMustBeAsTheOperatorWroteIt() throws Exception {
    CrossAccountRole role = role(2, ready(2, Reason.Converged));
    refresh.converged(role, ACCOUNT, ROLE, role.getStatus(), resyncIn(Duration.ofMinutes(10)));

    // An API server that hands the trust policy back with its keys in another order: the same.
    CrossAccountRole reordered = role(2, ready(2, Reason.Converged));
    reordered
        .getStatus()
        .setTrustPolicy(
            new ObjectMapper()
                .readTree(
                    "{\"Statement\":[{\"Action\":\"sts:AssumeRole\",\"Principal\":{\"AWS\":"
                        + "\"arn:aws:iam::222222222222:root\"},\"Effect\":\"Allow\"}],"
                        + "\"Version\":\"2012-10-17\"}"));
    assertThat(reordered.getStatus().getTrustPolicy().toString())
        .isNotEqualTo(TRUST.toJsonNode().toString());
    assertThat(refresh.onlyAccessChanged(reordered, ACCOUNT, ROLE)).isPresent();

    // Someone with rights on the status subresource points the role at another role, or rewrites
    // its trust: not believed, the full path rewrites the status from IAM.
    CrossAccountRole otherArn = role(2, ready(2, Reason.Converged));
    otherArn.getStatus().setRoleArn("arn:aws:iam::111111111111:role/Victim");
    assertThat(refresh.onlyAccessChanged(otherArn, ACCOUNT, ROLE)).isEmpty();
    CrossAccountRole otherTrust = role(2, ready(2, Reason.Converged));
    otherTrust
        .getStatus()
        .setTrustPolicy(
            PolicyDocument.parse(TRUST.toJson().replace("222222222222", "999999999999"))
                .toJsonNode());
    assertThat(refresh.onlyAccessChanged(otherTrust, ACCOUNT, ROLE)).isEmpty();
    CrossAccountRole notAPolicy = role(2, ready(2, Reason.Converged));
    notAPolicy.getStatus().setTrustPolicy(new ObjectMapper().createArrayNode().add("x"));
    assertThat(refresh.onlyAccessChanged(notAPolicy, ACCOUNT, ROLE)).isEmpty();
  }

  @Test
  void everyOtherWakeTakesTheFullPath() {
    CrossAccountRole role = role(2, ready(2, Reason.Converged));
    refresh.converged(role, ACCOUNT, ROLE, role.getStatus(), resyncIn(Duration.ofMinutes(10)));

    DesiredRole otherTrust =
        new DesiredRole(
            "Ops",
            "/",
            "d",
            3600,
            PolicyDocument.parse(TRUST.toJson().replace("222222222222", "333333333333")),
            Set.of(),
            Map.of(),
            null,
            Map.of());
    assertThat(refresh.onlyAccessChanged(role, ACCOUNT, otherTrust))
        .as("desired role moved")
        .isEmpty();
    assertThat(refresh.onlyAccessChanged(role(3, ready(2, Reason.Converged)), ACCOUNT, ROLE))
        .as("spec changed")
        .isEmpty();
    assertThat(refresh.onlyAccessChanged(role(2, ready(2, Reason.Drifted)), ACCOUNT, ROLE))
        .as("not converged")
        .isEmpty();
    assertThat(refresh.onlyAccessChanged(role, account("acct-uid", 8), ROLE))
        .as("the AwsAccount's spec edited")
        .isEmpty();
    assertThat(refresh.onlyAccessChanged(role, account("recreated", 7), ROLE))
        .as("the AwsAccount deleted and made again")
        .isEmpty();

    clock.setOffset(Duration.ofMinutes(11));
    assertThat(refresh.onlyAccessChanged(role, ACCOUNT, ROLE)).as("next look due").isEmpty();

    CrossAccountRole other = role(2, ready(2, Reason.Converged));
    other.getMetadata().setUid("another");
    assertThat(refresh.onlyAccessChanged(other, ACCOUNT, ROLE))
        .as("never converged here")
        .isEmpty();

    clock.setOffset(Duration.ZERO);
    refresh.forget(role);
    assertThat(refresh.onlyAccessChanged(role, ACCOUNT, ROLE)).as("forgotten").isEmpty();
  }

  private static UpdateControl<CrossAccountRole> resyncIn(Duration delay) {
    return UpdateControl.<CrossAccountRole>noUpdate().rescheduleAfter(delay);
  }

  /** A status as the operator writes it for the role {@code Ops} trusting 222222222222. */
  private CrossAccountRoleStatus ready(long generation, Reason reason) {
    CrossAccountRoleStatus status = new CrossAccountRoleStatus();
    status.setRoleArn("arn:aws:iam::111111111111:role/Ops");
    status.setTrustPolicy(TRUST.toJsonNode());
    return new ReadyConditions(clock).ready(status, null, generation, true, reason, "test");
  }

  private static AwsAccount account(String uid, long generation) {
    AwsAccount account = new AwsAccount();
    account.getMetadata().setName("prod");
    account.getMetadata().setUid(uid);
    account.getMetadata().setGeneration(generation);
    return account;
  }

  private static CrossAccountRole role(long generation, CrossAccountRoleStatus status) {
    CrossAccountRole role = new CrossAccountRole();
    role.getMetadata().setName("r");
    role.getMetadata().setNamespace("ns");
    role.getMetadata().setUid("uid-1");
    role.getMetadata().setGeneration(generation);
    role.setStatus(status);
    return role;
  }
}
