package io.xaccount.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The regional STS endpoint of an account follows its partition unless it names one. */
class StsRegionTest {
  @ParameterizedTest(name = "{0}, account {1}, operator {2} -> {3}")
  @CsvSource({
    "aws, , us-east-1, us-east-1",
    "aws, , eu-west-1, eu-west-1",
    "aws, eu-central-1, us-east-1, eu-central-1",
    "aws-cn, , us-east-1, cn-north-1",
    "aws-cn, , cn-northwest-1, cn-northwest-1",
    "aws-us-gov, , us-east-1, us-gov-west-1",
    "aws-us-gov, , us-gov-east-1, us-gov-east-1",
    "aws-us-gov, us-gov-east-1, us-east-1, us-gov-east-1",
    "aws, , cn-north-1, us-east-1",
  })
  void followsThePartition(String partition, String account, String operator, String expected) {
    assertThat(AwsClientFactory.stsRegion(partition, account, operator)).isEqualTo(expected);
  }
}
