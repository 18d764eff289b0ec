package io.xaccount.operator.iam;

import static io.xaccount.operator.iam.PolicyEquivalenceTest.j;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Canonical rendering, size, unique-ID detection and parse errors of {@link PolicyDocument}. */
class PolicyDocumentTest {

  @Test
  void rendersOneCanonicalCompactForm() {
    String messy =
        j(
            "{ 'Statement': [ {'Action': ['sts:TagSession','sts:AssumeRole','sts:AssumeRole'],"
                + " 'Condition': {'StringLike': {'b':'2','a':['y','x']}, 'Bool': {'k':['true']}},"
                + " 'Principal': {'AWS': ['arn:aws:iam::222222222222:root','arn:aws:iam::111111111111:root']},"
                + " 'Effect': 'Allow'} ], 'Version': '2012-10-17' }");

    assertThat(PolicyDocument.parse(messy).toJson())
        .isEqualTo(
            j(
                "{'Version':'2012-10-17','Statement':[{'Effect':'Allow',"
                    + "'Principal':{'AWS':['arn:aws:iam::111111111111:root','arn:aws:iam::222222222222:root']},"
                    + "'Action':['sts:AssumeRole','sts:TagSession'],"
                    + "'Condition':{'Bool':{'k':'true'},'StringLike':{'a':['x','y'],'b':'2'}}}]}"));
  }

  @Test
  void renderingIsIndependentOfInputOrder() {
    String a =
        j(
            "{'Version':'2012-10-17','Statement':[{'Effect':'Deny','Action':'a:B','Resource':'*'},"
                + "{'Effect':'Allow','Action':['c:D','a:B'],'Resource':'*'}]}");
    String b =
        j(
            "{'Statement':[{'Resource':['*'],'Action':['a:B','c:D'],'Effect':'Allow'},"
                + "{'Resource':'*','Effect':'Deny','Action':['a:B']}],'Version':'2012-10-17'}");

    assertThat(PolicyDocument.parse(a)).isEqualTo(PolicyDocument.parse(b));
    assertThat(PolicyDocument.parse(a).toJson()).isEqualTo(PolicyDocument.parse(b).toJson());
  }

  @Test
  void keepsValuesAsWritten() {
    String doc =
        j(
            "{'Statement':{'Effect':'Allow','Principal':{'AWS':'123456789012'},"
                + "'Action':'STS:AssumeRole','Sid':''}}");

    assertThat(PolicyDocument.parse(doc).toJson())
        .isEqualTo(
            j(
                "{'Statement':[{'Sid':'','Effect':'Allow','Principal':{'AWS':'123456789012'},"
                    + "'Action':'STS:AssumeRole'}]}"));
  }

  @Test
  void minifiedLengthIgnoresWhitespaceOutsideStrings() {
    String pretty =
        j(
            "{\n  'Version': '2012-10-17',\n  'Statement': [\n    {'Sid': 'with space', 'Effect': 'Allow',"
                + " 'Action': '*', 'Resource': '*'}\n  ]\n}");
    String compact =
        j(
            "{'Version':'2012-10-17','Statement':[{'Sid':'with space','Effect':'Allow','Action':'*','Resource':'*'}]}");

    assertThat(PolicyDocument.parse(pretty).minifiedLength()).isEqualTo(compact.length());
  }

  @Test
  void readsTheYamlObjectOfACustomResource() {
    Map<String, Object> yaml =
        Map.of(
            "Version",
            "2012-10-17",
            "Statement",
            List.of(Map.of("Effect", "Deny", "Action", List.of("aws-portal:*"), "Resource", "*")));

    assertThat(PolicyDocument.of(yaml).toJson())
        .isEqualTo(
            j(
                "{'Version':'2012-10-17','Statement':[{'Effect':'Deny','Action':'aws-portal:*','Resource':'*'}]}"));
  }

  @Test
  void findsPrincipalsIamTurnedIntoUniqueIds() {
    String doc =
        j(
            "{'Version':'2012-10-17','Statement':[{'Effect':'Allow','Action':'sts:AssumeRole',"
                + "'Principal':{'AWS':['AROADBQP57FF2AEXAMPLE','arn:aws:iam::123456789012:root',"
                + "'AIDACKCEVSQ6C2EXAMPLE']}}]}");

    PolicyDocument parsed = PolicyDocument.parse(doc);

    assertThat(parsed.uniqueIdPrincipals())
        .containsExactly("AIDACKCEVSQ6C2EXAMPLE", "AROADBQP57FF2AEXAMPLE");
    assertThat(parsed.containsUniqueIdPrincipals()).isTrue();
    assertThat(PolicyDocument.parse(PolicyEquivalenceTest.TRUST).containsUniqueIdPrincipals())
        .isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "not json",
        "%ZZ%7B",
        "[]",
        "{\"Version\":\"2012-10-17\"}",
        "{\"Statement\":[\"x\"]}",
        "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":{\"a\":1}}]}",
        "{\"Statement\":[{\"Effect\":\"Allow\",\"Condition\":{\"Bool\":\"x\"}}]}"
      })
  void rejectsWhatIsNotAPolicy(String text) {
    assertThatThrownBy(() -> PolicyDocument.parse(text)).isInstanceOf(InvalidPolicyException.class);
  }
}
