package io.xaccount.emulator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.xaccount.emulator.EmulatorTestBase;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;

/** IAM's account quotas and pace, where a real account meets them. */
class AccountQuotasTest extends EmulatorTestBase {

  @Test
  void rolesPerAccountIsIamsQuota() {
    IamClient iam = iam(PROD);
    emu.account(PROD).rolesPerAccountQuota(3);
    for (int i = 0; i < 3; i++) {
      String name = "R" + i;
      iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(trustAccount(DEV)));
    }
    assertThat(
            assertAwsError(
                () ->
                    iam.createRole(
                        r -> r.roleName("R3").assumeRolePolicyDocument(trustAccount(DEV))),
                "LimitExceeded",
                409))
        .isEqualTo("Cannot exceed quota for RolesPerAccount: 3");
    iam.deleteRole(r -> r.roleName("R0"));
    iam.createRole(r -> r.roleName("R3").assumeRolePolicyDocument(trustAccount(DEV)));
  }

  @Test
  void customerManagedPoliciesPerAccountIsIamsQuota() {
    IamClient iam = iam(PROD);
    emu.account(PROD).customerPoliciesPerAccountQuota(1);
    String doc =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\","
            + "\"Resource\":\"*\"}]}";
    iam.createPolicy(r -> r.policyName("P1").policyDocument(doc));
    assertThat(
            assertAwsError(
                () -> iam.createPolicy(r -> r.policyName("P2").policyDocument(doc)),
                "LimitExceeded",
                409))
        .isEqualTo("Cannot exceed quota for PoliciesPerAccount: 1");
  }

  @Test
  void theDefaultsAreIamsDefaults() {
    AccountState prod = emu.account(PROD);
    assertThat(prod.rolesPerAccount).isEqualTo(1000);
    assertThat(prod.customerPoliciesPerAccount).isEqualTo(1500);
  }

  @Test
  void paceThrottlesEachAccountOnItsOwnBucket() {
    emu.faults().pace(Duration.ZERO, 0, 1, 2);
    IamClient prod = iam(PROD);
    prod.listRoles();
    prod.listRoles();
    assertAwsError(() -> prod.listRoles(), "Throttling", 400);
    iam(DEV).listRoles(); // another account, another bucket
    clock.advance(Duration.ofSeconds(1));
    prod.listRoles();
  }
}
