package io.xaccount.operator.iam;

import static io.xaccount.operator.iam.PolicyEquivalenceTest.j;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The role-wide deny that ends sessions STS already issued. */
class SessionRevocationTest {

  @Test
  void deniesEveryActionToSessionsIssuedBeforeTheInstant() {
    assertThat(SessionRevocation.policy(Instant.parse("2030-01-31T09:00:00.5Z")).toJson())
        .isEqualTo(
            j(
                "{'Version':'2012-10-17','Statement':[{'Sid':'RevokeSessionsIssuedBefore',"
                    + "'Effect':'Deny','Action':'*','Resource':'*','Condition':{'DateLessThan':"
                    + "{'aws:TokenIssueTime':'2030-01-31T09:00:00Z'}}}]}"));
  }

  @Test
  void itsNameIsReservedWithoutRegardToCaseAsIamComparesInlinePolicyNames() {
    assertThat(SessionRevocation.isReserved("Xaccount-Revoke-Older-Sessions")).isTrue();
    assertThat(SessionRevocation.isReserved("deny-billing")).isFalse();
  }

  @Test
  void theWarningSaysItHitsEverySessionOfTheRoleAndFitsAStatusWarning() {
    String warning = SessionRevocation.warning(Instant.parse("2030-01-31T09:00:00Z"));
    assertThat(warning)
        .contains("every session of this role issued before 2030-01-31T09:00:00Z")
        .contains("whoever holds it");
    assertThat(warning.length()).isLessThanOrEqualTo(300);
  }
}
