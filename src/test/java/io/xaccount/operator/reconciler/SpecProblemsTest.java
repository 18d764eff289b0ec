package io.xaccount.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.xaccount.operator.api.v1alpha1.CrossAccountRoleSpec;
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
        "{accountRef: prod, managedPolicyARNs: [x]}|spec.managedPolicyARNs|",
        "{accountRef: prod, trust: {accountIDs: ['1']}}|spec.trust.accountIDs|",
        "{accountRef: prod, maxSessionDuration: one hour}||spec.maxSessionDuration: \"one hour\""
            + " is not a number",
        "{accountRef: prod, managedPolicyArns: {a: b}}||spec.managedPolicyArns: a object is not a"
            + " list",
        "{accountRef: prod, inlinePolicies: [{name: x, document: {}, extra: 1}]}"
            + "|spec.inlinePolicies[0].extra|",
        "{accountRef: prod, trust: {accountIds: ['123456789012']}}||",
      })
  void reportsWhatCannotBeRead(String spec, String unknown, String unreadable) throws Exception {
    SpecProblems.Found found =
        SpecProblems.readStrictly(YAML.readTree(spec), CrossAccountRoleSpec.class);

    if (unknown == null) {
      assertThat(found.unknown()).isEmpty();
    } else {
      assertThat(found.unknown()).containsExactly(unknown);
    }
    if (unreadable == null) {
      assertThat(found.unreadable()).isEmpty();
    } else {
      assertThat(found.unreadable()).singleElement().asString().startsWith(unreadable);
    }
  }
}
