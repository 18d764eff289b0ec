package io.xaccount.operator.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.xaccount.operator.iam.SwitchRoleUrl.Link;
import io.xaccount.operator.iam.SwitchRoleUrl.NotUsable;
import io.xaccount.operator.iam.SwitchRoleUrl.Result;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Switch Role links and CLI profiles. */
class ConsoleAccessTest {

  static final TrustSpec PLAIN = TrustSpec.ofAccounts("aws", List.of("123456789012"));

  static TrustSpec trust(String externalId, boolean sourceIdentity) {
    return new TrustSpec(
        List.of("123456789012"), null, null, true, null, externalId, sourceIdentity, true, "aws");
  }

  static Stream<Arguments> links() {
    return Stream.of(
        arguments(
            "aws",
            "/",
            "CrossAccountSignin",
            null,
            null,
            PLAIN,
            new Link(
                "https://signin.aws.amazon.com/switchrole?account=111111111111&roleName=CrossAccountSignin")),
        arguments(
            "aws",
            "/team/a/",
            "Ops",
            "Prod (PowerUser)",
            "F2B0A9",
            PLAIN,
            new Link(
                "https://signin.aws.amazon.com/switchrole?account=111111111111&roleName=team/a/Ops"
                    + "&displayName=Prod%20%28PowerUser%29&color=F2B0A9")),
        arguments(
            "aws-us-gov",
            "/",
            "a+b=c,d.e@f",
            "Ünïcode & more",
            "#fbbf93",
            trust(null, false),
            new Link(
                "https://signin.amazonaws-us-gov.com/switchrole?account=111111111111"
                    + "&roleName=a%2Bb%3Dc%2Cd.e%40f&displayName=%C3%9Cn%C3%AFcode%20%26%20more&color=FBBF93")),
        arguments(
            "aws-cn",
            "/",
            "Ops",
            null,
            "not-a-color",
            PLAIN,
            new Link("https://signin.amazonaws.cn/switchrole?account=111111111111&roleName=Ops")),
        arguments(
            "aws",
            "/",
            "Ops",
            null,
            null,
            trust("secret-value", false),
            new NotUsable(
                "the role requires an ExternalId, which the console cannot pass; use the AWS CLI or SDK")),
        arguments(
            "aws",
            "/",
            "Ops",
            null,
            null,
            trust(null, true),
            new NotUsable(
                "the role requires a source identity, which the console cannot set; use the AWS CLI or SDK")),
        arguments(
            "aws",
            "/" + "p".repeat(30) + "/",
            "n".repeat(34),
            null,
            null,
            PLAIN,
            new NotUsable(
                "the console only switches to roles whose path and name are at most 64 characters"
                    + " together; \""
                    + "p".repeat(30)
                    + "/"
                    + "n".repeat(34)
                    + "\" has 65")));
  }

  @ParameterizedTest
  @MethodSource("links")
  void buildsALinkOrSaysWhyNot(
      String partition,
      String path,
      String name,
      String display,
      String color,
      TrustSpec trust,
      Result expected) {
    assertThat(SwitchRoleUrl.build(partition, "111111111111", path, name, display, color, trust))
        .isEqualTo(expected);
  }

  @Test
  void acceptsExactly64Characters() {
    assertThat(
            SwitchRoleUrl.build(
                "aws",
                "111111111111",
                "/" + "p".repeat(30) + "/",
                "n".repeat(33),
                null,
                null,
                PLAIN))
        .isInstanceOf(Link.class);
  }

  @Test
  void rendersACliProfile() {
    assertThat(CliProfile.render("prod", "arn:aws:iam::111111111111:role/Ops", "dev", false, false))
        .isEqualTo(
            "[profile prod]\nrole_arn = arn:aws:iam::111111111111:role/Ops\nsource_profile = dev\n");
    assertThat(
            CliProfile.render("prod", "arn:aws-cn:iam::111111111111:role/Ops", "dev", true, true))
        .isEqualTo(
            "[profile prod]\nrole_arn = arn:aws-cn:iam::111111111111:role/Ops\nsource_profile = dev\n"
                + "mfa_serial = arn:aws-cn:iam::<your-account-id>:mfa/<your-mfa-device>\n"
                + "external_id = <the ExternalId you were given>\n");
  }
}
