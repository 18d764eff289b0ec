package io.xaccount.operator.iam;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Whether two action patterns can match a common action: the bypasses of issue 11 and more. */
class ActionPatternsTest {
  @ParameterizedTest(name = "{0} ~ {1} -> {2}")
  @CsvSource({
    "iam:*, iam:*, true",
    "iam:?*, iam:*, true",
    "iam:*?, iam:*, true",
    "i?m:*, iam:*, true",
    "IAM:*, iam:*, true",
    "*, iam:*, true",
    "*:*, iam:*, true",
    "*:Get*, iam:*, true",
    "iam:PassRole, iam:*, true",
    "iam:Pass*, iam:*, true",
    "iam:pass?ole, iam:PassRole, true",
    "s3:*, iam:*, false",
    "iamx:*, iam:*, false",
    "s3:GetObject, iam:*, false",
    "*Object, iam:*, true",
    "*Object, iam:List?, false",
    "sts:Assume*, sts:AssumeRole, true",
    "s?s:*, sts:*, true",
    "?:*, sts:*, false",
    "*iam*, organizations:*, true",
    "ec2:Describe*, *:Describe?, true",
    "ec2:DescribeInstances, ec2:Describe??, false",
    "a*b*c, abc, true",
    "a*b*c, acb, false",
    "'', '', true",
    "'', *, true",
    "'', ?, false",
  })
  void overlap(String a, String b, boolean expected) {
    assertThat(ActionPatterns.overlap(a, b)).isEqualTo(expected);
    assertThat(ActionPatterns.overlap(b, a)).as("symmetric").isEqualTo(expected);
  }
}
