package io.xaccount.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.Pluralize;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each kind names its plural ({@code @Plural}) so that building an object derives nothing; the name
 * is the one Fabric8 would derive, so the CRDs, URLs and RBAC rules stay as they were.
 */
class PluralNamesTest {
  @Test
  void eachKindNamesThePluralFabric8WouldDerive() {
    for (Class<? extends HasMetadata> kind :
        List.of(AwsAccount.class, CrossAccountRole.class, AssumeRoleGrant.class)) {
      assertThat(kind.getAnnotation(Plural.class)).as(kind.getSimpleName()).isNotNull();
      assertThat(HasMetadata.getPlural(kind))
          .as(kind.getSimpleName())
          .isEqualTo(Pluralize.toPlural(HasMetadata.getSingular(kind)));
    }
  }
}
