package io.xaccount.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The sandbox's write path keeps what a real API server keeps: a misspelled key under a
 * security-relevant part of a spec (x-kubernetes-preserve-unknown-fields in the CRD) is stored, for
 * the operator to refuse, while one elsewhere is refused as unknown, as with strict field
 * validation.
 */
class WriteValidationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final WriteValidation VALIDATION = new WriteValidation(JSON, Crds.load());

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "crossaccountroles|{\"accountRef\":\"prod\",\"trust\":{\"accountIds\":[\"123456789012\"],"
            + "\"requireMFA\":true}}|",
        "crossaccountroles|{\"accountRef\":\"prod\",\"trust\":{\"accountIds\":[\"123456789012\"],"
            + "\"externalIdSecretRef\":{\"name\":\"s\",\"key\":\"k\",\"Key\":\"x\"}}}|",
        "crossaccountroles|{\"accountRef\":\"prod\",\"trust\":{\"accountIds\":[\"123456789012\"]},"
            + "\"managedPolicyARNs\":[]}|spec.managedPolicyARNs: unknown field",
        "assumerolegrants|{\"accountRef\":\"dev\",\"target\":{\"roleArn\":"
            + "\"arn:aws:iam::111111111111:role/R\"},\"principals\":{\"user\":[\"alice\"]},"
            + "\"requireMFA\":true}|",
        "awsaccounts|{\"accountId\":\"111111111111\",\"credentials\":{\"source\":\"Default\"},"
            + "\"guardrails\":{\"requireMFA\":true},\"allowedNamespaces\":{\"name\":[\"a\"],"
            + "\"selector\":{\"matchExpressions\":[{\"key\":\"t\",\"operator\":\"NotIn\","
            + "\"value\":[\"x\"]}]}}}|",
      })
  void keepsUnknownKeysWhereTheCrdPreservesThem(String plural, String spec, String refused)
      throws Exception {
    String path =
        plural.equals("awsaccounts")
            ? "/apis/xaccount.io/v1alpha1/awsaccounts"
            : "/apis/xaccount.io/v1alpha1/namespaces/team-a/" + plural;
    String body =
        "{\"apiVersion\":\"xaccount.io/v1alpha1\",\"metadata\":{\"name\":\"x\"},\"spec\":%s}"
            .formatted(spec);

    Optional<JsonNode> refusal =
        VALIDATION.refusal("POST", path, "application/json", body, p -> null);

    if (refused == null) {
      assertThat(refusal).isEmpty();
    } else {
      assertThat(refusal).isPresent();
      assertThat(refusal.get().path("message").asText()).contains(refused);
      assertThat(refusal.get().path("code").asInt()).isEqualTo(422);
    }
  }
}
