package io.xaccount.operator.reconciler.role;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.Trust;
import io.xaccount.operator.iam.TrustPolicy;
import io.xaccount.operator.iam.TrustSpec;
import io.xaccount.operator.iam.TrustWarnings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * examples/identity-center trusts only Dev's Identity Center roles: every statement of its rendered
 * trust policy is narrowed by aws:PrincipalArn, none trusts Dev's root unconditioned.
 */
class IdentityCenterExampleTest {
  @Test
  void trustsOnlyTheIdentityCenterRoles() throws Exception {
    CrossAccountRole role =
        Serialization.unmarshal(
            Files.readString(Path.of("examples/identity-center/role.yaml")),
            CrossAccountRole.class);
    Trust trust = role.getSpec().getTrust();
    TrustSpec spec =
        new TrustSpec(
            trust.getAccountIds() == null ? List.of() : trust.getAccountIds(),
            trust.getPrincipalArns() == null ? List.of() : trust.getPrincipalArns(),
            trust.getPrincipalArnPatterns(),
            trust.isRequireMfa(),
            trust.getMfaMaxAgeSeconds(),
            null,
            trust.isRequireSourceIdentity(),
            trust.isAllowSessionTags(),
            "aws");

    JsonNode document = TrustPolicy.render(spec).get().toJsonNode();

    assertThat(document.path("Statement")).isNotEmpty();
    for (JsonNode statement : document.path("Statement")) {
      assertThat(statement.at("/Condition/StringLike/aws:PrincipalArn").isMissingNode())
          .as("an unconditioned statement: %s", statement)
          .isFalse();
    }
    assertThat(TrustWarnings.of(spec)).isEmpty();
  }
}
