package io.xaccount.kube;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 24, finding 8, on the embedded API: a misspelled key under a security-relevant part of a
 * spec (x-kubernetes-preserve-unknown-fields in our CRDs) is stored, for the operator to refuse,
 * even when the client asks strict field validation; one elsewhere is refused, as kube-apiserver
 * does.
 */
class SecuritySubtreesKeptTest {
  private static final String BASE = "/apis/xaccount.io/v1alpha1/";
  private static Api api;

  @BeforeAll
  static void start() {
    api = new Api();
    api.namespace("team-a");
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "CrossAccountRole|r1|{\"accountRef\":\"prod\",\"trust\":{\"accountIds\":"
            + "[\"123456789012\"],\"requireMFA\":true}}|",
        "CrossAccountRole|r2|{\"accountRef\":\"prod\",\"trust\":{\"accountIds\":"
            + "[\"123456789012\"],\"externalIdSecretRef\":{\"name\":\"s\",\"key\":\"k\","
            + "\"Key\":\"x\"}}}|",
        "CrossAccountRole|r3|{\"accountRef\":\"prod\",\"trust\":{\"accountIds\":"
            + "[\"123456789012\"]},\"managedPolicyARNs\":[]}|unknown field \"spec.managedPolicyARNs\"",
        "AssumeRoleGrant|g1|{\"accountRef\":\"dev\",\"target\":{\"roleArn\":"
            + "\"arn:aws:iam::111111111111:role/R\"},\"principals\":{\"user\":[\"alice\"]},"
            + "\"requireMFA\":true}|",
        "AwsAccount|a1|{\"accountId\":\"111111111111\",\"credentials\":{\"source\":\"Default\"},"
            + "\"guardrails\":{\"requireMFA\":true},\"allowedNamespaces\":{\"name\":[\"a\"]}}|",
      })
  void keepsUnknownKeysWhereTheCrdPreservesThemEvenWhenStrict(
      String kind, String name, String spec, String refused) {
    String collection =
        switch (kind) {
          case "AwsAccount" -> BASE + "awsaccounts";
          case "AssumeRoleGrant" -> BASE + "namespaces/team-a/assumerolegrants";
          default -> BASE + "namespaces/team-a/crossaccountroles";
        };
    String body =
        "{\"apiVersion\":\"xaccount.io/v1alpha1\",\"kind\":\"%s\",\"metadata\":{\"name\":\"%s\"},\"spec\":%s}"
            .formatted(kind, name, spec);

    Api.Answer created = api.post(collection + "?fieldValidation=Strict", body);

    if (refused == null) {
      assertThat(created.code()).as(created.text()).isEqualTo(201);
      assertThat(api.get(collection + "/" + name).text())
          .containsAnyOf("MFA", "\"Key\"", "\"user\"");
    } else {
      assertThat(created.code()).isEqualTo(400);
      assertThat(created.body().path("message").asText()).contains(refused);
    }
  }
}
