package io.xaccount.operator.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading who a trust policy lets in, from what TrustPolicy renders and from what IAM returns. */
class TrustReachTest {
  private static final String DEV = "123456789012";
  private static final String OTHER = "222222222222";

  @Test
  void renderedTrustIsReadBackWithItsConditionsButNeverTheExternalIdValue() {
    TrustSpec spec =
        new TrustSpec(
            List.of(DEV),
            List.of("arn:aws:iam::" + OTHER + ":role/ci"),
            List.of("arn:aws:iam::333333333333:role/AWSReservedSSO_Dev_*"),
            true,
            900,
            "the-secret-external-id",
            true,
            true,
            "aws");

    TrustReach reach = TrustReach.of(TrustPolicy.render(spec).get().toJsonNode());

    assertThat(reach.accountIds()).containsExactly(DEV);
    assertThat(reach.principalArns()).containsExactly("arn:aws:iam::" + OTHER + ":role/ci");
    assertThat(reach.principalArnPatterns())
        .containsExactly("arn:aws:iam::333333333333:role/AWSReservedSSO_Dev_*");
    assertThat(reach.mentioned()).containsExactlyInAnyOrder(DEV, OTHER, "333333333333");
    assertThat(reach.requireMfa()).isTrue();
    assertThat(reach.mfaMaxAgeSeconds()).isEqualTo(900);
    assertThat(reach.requireExternalId()).isTrue();
    assertThat(reach.requireSourceIdentity()).isTrue();
    assertThat(reach.allowSessionTags()).isTrue();
    assertThat(reach.toString()).doesNotContain("the-secret-external-id");
    assertThat(reach.trusts(DEV)).isTrue();
    assertThat(reach.trusts("444444444444")).isFalse();
  }

  @Test
  void documentAsIamReturnsItIsReadTheSameWay() throws Exception {
    // One statement instead of an array, a bare account ID, a lower-case condition key, a Deny.
    TrustReach reach =
        TrustReach.of(
            new ObjectMapper()
                .readTree(
                    """
                    {"Statement":[
                      {"Effect":"Allow","Principal":{"AWS":"%s"},"Action":"sts:AssumeRole",
                       "Condition":{"Bool":{"aws:multifactorauthpresent":"true"}}},
                      {"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::%s:root"},
                       "Action":"sts:AssumeRole"}]}"""
                        .formatted(DEV, OTHER)));

    assertThat(reach.accountIds()).containsExactly(DEV);
    assertThat(reach.trusts(OTHER)).isFalse();
    assertThat(reach.requireMfa()).isTrue();
    assertThat(reach.requireExternalId()).isFalse();
  }
}
