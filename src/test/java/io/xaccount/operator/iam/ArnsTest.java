package io.xaccount.operator.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.xaccount.operator.iam.Arns.RoleArn;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Building and reading IAM ARNs. */
class ArnsTest {

  @Test
  void buildsRoleAndPolicyArns() {
    assertThat(Arns.role("aws", "111111111111", "/", "CrossAccountSignin"))
        .isEqualTo("arn:aws:iam::111111111111:role/CrossAccountSignin");
    assertThat(Arns.role("aws-cn", "111111111111", "/team/a/", "Ops"))
        .isEqualTo("arn:aws-cn:iam::111111111111:role/team/a/Ops");
    assertThat(Arns.policy("aws-us-gov", "123456789012", null, "p"))
        .isEqualTo("arn:aws-us-gov:iam::123456789012:policy/p");
    assertThat(Arns.accountRoot("aws", "123456789012")).isEqualTo("arn:aws:iam::123456789012:root");
  }

  @ParameterizedTest
  @CsvSource({
    "arn:aws:iam::111111111111:role/CrossAccountSignin, aws, 111111111111, /, CrossAccountSignin",
    "arn:aws-us-gov:iam::111111111111:role/team/a/Ops, aws-us-gov, 111111111111, /team/a/, Ops",
    "arn:aws-cn:iam::111111111111:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_X_1, aws-cn, 111111111111, /aws-reserved/sso.amazonaws.com/, AWSReservedSSO_X_1"
  })
  void parsesRoleArns(String arn, String partition, String account, String path, String name) {
    RoleArn parsed = Arns.parseRole(arn).orElseThrow();

    assertThat(parsed).isEqualTo(new RoleArn(partition, account, path, name));
    assertThat(parsed.arn()).isEqualTo(arn);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "arn:aws:iam::111111111111:user/x",
        "arn:aws:iam::11111111111:role/x",
        "arn:aws:iam::111111111111:role/",
        "arn:aws:iam::111111111111:role/x*",
        "arn:aws:iam::111111111111:role//x",
        "arn:aws-mars:iam::111111111111:role/x",
        "arn:aws:sts::111111111111:assumed-role/x/y"
      })
  void rejectsWhatIsNotARoleArn(String arn) {
    assertThat(Arns.parseRole(arn)).isEmpty();
  }

  @Test
  void readsThePartitionOfAnyArn() {
    assertThat(Arns.partitionOf("arn:aws-cn:s3:::bucket")).contains("aws-cn");
    assertThat(Arns.partitionOf("123456789012")).isEqualTo(Optional.empty());
  }
}
