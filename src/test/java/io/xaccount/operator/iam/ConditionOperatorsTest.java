package io.xaccount.operator.iam;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The condition operators IAM accepts, with their qualifiers and suffix. */
class ConditionOperatorsTest {
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
    "StringEquals, true",
    "StringLikeIfExists, true",
    "ForAnyValue:StringLike, true",
    "ForAllValues:ArnNotLikeIfExists, true",
    "Bool, true",
    "Null, true",
    "NullIfExists, false",
    "StringEqualsMaybe, false",
    "stringequals, false",
    "ForSomeValues:StringEquals, false",
    "IfExists, false",
  })
  void knowsIamsOperators(String operator, boolean known) {
    assertThat(ConditionOperators.isKnown(operator)).isEqualTo(known);
  }
}
