package io.xaccount.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrantSpec;
import io.xaccount.operator.api.v1alpha1.AwsAccountSpec;
import io.xaccount.operator.api.v1alpha1.CrossAccountRoleSpec;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a strict second reading of a stored spec reports, field by field. */
class SpecProblemsTest {
  private static final ObjectMapper YAML =
      new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{accountRef: prod, managedPolicyARNs: [x]}|spec.managedPolicyARNs||",
        "{accountRef: prod, maxSessionDuration: one hour}||spec.maxSessionDuration: \"one hour\""
            + " is not a number|",
        "{accountRef: prod, managedPolicyArns: {a: b}}||spec.managedPolicyArns: a object is not a"
            + " list|",
        "{accountRef: prod, inlinePolicies: [{name: x, document: {}, extra: 1}]}"
            + "|spec.inlinePolicies[0].extra||",
        "{accountRef: prod, trust: {accountIds: ['123456789012']}}|||",
        // Under spec.trust a key that is not a field is refused, whatever the case of its letters.
        "{accountRef: prod, trust: {accountIDs: ['1']}}|||spec.trust.accountIDs is not a field;"
            + " did you mean accountIds?",
        "{accountRef: prod, trust: {accountIds: ['1'], requireMFA: true}}|||spec.trust.requireMFA"
            + " is not a field; did you mean requireMfa?",
        "{accountRef: prod, trust: {accountIds: ['1'], RequireMfa: true}}|||spec.trust.RequireMfa"
            + " is not a field; did you mean requireMfa?",
        "{accountRef: prod, trust: {accountIds: ['1'], mfa: true}}|||spec.trust.mfa is not a"
            + " field.",
        "{accountRef: prod, trust: {accountIds: ['1'], externalIdSecretRef: {name: s, kye: k}}}"
            + "|||spec.trust.externalIdSecretRef.kye is not a field; did you mean key?",
      })
  void readsARole(String spec, String unknown, String unreadable, String refused) throws Exception {
    assertFound(spec, CrossAccountRoleSpec.class, unknown, unreadable, refused);
  }

  /** A grant's spec is security-relevant as a whole: its conditions sit at its top level. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{accountRef: dev, principals: {user: [alice]}}|spec.principals.user is not a field; did"
            + " you mean users?",
        "{accountRef: dev, requireMFA: true}|spec.requireMFA is not a field; did you mean"
            + " requireMfa?",
        "{accountRef: dev, expiresAT: '2030-01-01T00:00:00Z'}|spec.expiresAT is not a field; did"
            + " you mean expiresAt?",
        "{accountRef: dev, target: {rolearn: x}}|spec.target.rolearn is not a field; did you mean"
            + " roleArn?",
        "{accountRef: dev, target: {roleRef: {name: r, namespce: n}}}|spec.target.roleRef.namespce"
            + " is not a field; did you mean namespace?",
        "{accountRef: dev, requireMfa: true, principals: {users: [alice]}}|",
      })
  void readsAGrant(String spec, String refused) throws Exception {
    assertFound(spec, AssumeRoleGrantSpec.class, null, null, refused);
  }

  /** An account's spec is security-relevant as a whole, the namespace selector included. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{accountId: '1', guardrails: {requireMFA: true}}|spec.guardrails.requireMFA is not a"
            + " field; did you mean requireMfa?",
        "{accountId: '1', allowedNamespaces: {name: [a]}}|spec.allowedNamespaces.name is not a"
            + " field; did you mean names?",
        "{accountId: '1', allowedNamespaces: {selector: {matchLabel: {a: b}}}}"
            + "|spec.allowedNamespaces.selector.matchLabel is not a field; did you mean"
            + " matchLabels?",
        "{accountId: '1', allowedNamespaces: {selector: {matchExpressions: [{key: a, operator:"
            + " NotIn, value: [b]}]}}}|spec.allowedNamespaces.selector.matchExpressions[0].value"
            + " is not a field; did you mean values?",
        "{accountId: '1', credentials: {source: AssumeRole, assumeRole: {roleARN: x}}}"
            + "|spec.credentials.assumeRole.roleARN is not a field; did you mean roleArn?",
        "{accountId: '1', adoption: {namespace: [a]}}|spec.adoption.namespace is not a field; did"
            + " you mean namespaces?",
        "{accountId: '1', guardRails: {requireMfa: true}}|spec.guardRails is not a field; did you"
            + " mean guardrails?",
        "{accountId: '1', allowedNamespaces: {selector: {matchLabels: {a: b}}}}|",
      })
  void readsAnAccount(String spec, String refused) throws Exception {
    assertFound(spec, AwsAccountSpec.class, null, null, refused);
  }

  private static void assertFound(
      String spec, Class<?> type, String unknown, String unreadable, String refused)
      throws Exception {
    SpecProblems.Found found = SpecProblems.readStrictly(YAML.readTree(spec), type);

    assertThat(found.unknown()).isEqualTo(unknown == null ? List.of() : List.of(unknown));
    if (unreadable == null) {
      assertThat(found.unreadable()).isEmpty();
    } else {
      assertThat(found.unreadable()).singleElement().asString().startsWith(unreadable);
    }
    assertThat(found.refused()).isEqualTo(refused == null ? List.of() : List.of(refused));
  }
}
