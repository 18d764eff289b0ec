package io.xaccount.emulator.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.xaccount.emulator.EmulatorTestBase;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;

/** The raw Query-protocol responses, and behaviour under concurrent callers. */
class WireFormatTest extends EmulatorTestBase {
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> post(String accessKey, String form) throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(emu.endpoint())
            .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
            .header(
                "Authorization",
                "AWS4-HMAC-SHA256 Credential="
                    + accessKey
                    + "/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=00")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    return http.send(req, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void successResponsesUseTheServiceNamespaceAndResultWrapper() throws Exception {
    HttpResponse<String> r =
        post(emu.adminKeys(PROD).accessKeyId(), "Action=GetCallerIdentity&Version=2011-06-15");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .matches(
            "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                + "<GetCallerIdentityResult><UserId>111111111111</UserId>"
                + "<Account>111111111111</Account><Arn>arn:aws:iam::111111111111:root</Arn>"
                + "</GetCallerIdentityResult><ResponseMetadata><RequestId>[0-9a-f-]{36}"
                + "</RequestId></ResponseMetadata></GetCallerIdentityResponse>");
  }

  @Test
  void operationsWithoutOutputHaveNoResultElement() throws Exception {
    emu.account(PROD).createRole("R", trustAccount(DEV));
    HttpResponse<String> r =
        post(
            emu.adminKeys(PROD).accessKeyId(),
            "Action=TagRole&Version=2010-05-08&RoleName=R&Tags.member.1.Key=a&Tags.member.1.Value=x");
    assertThat(r.body())
        .startsWith("<TagRoleResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">")
        .doesNotContain("TagRoleResult");
    post(
        emu.adminKeys(PROD).accessKeyId(),
        "Action=UpdateRole&Version=2010-05-08&RoleName=R&Description=a%3Cb%26c%3E");
    HttpResponse<String> role =
        post(emu.adminKeys(PROD).accessKeyId(), "Action=GetRole&Version=2010-05-08&RoleName=R");
    assertThat(role.body()).contains("<Description>a&lt;b&amp;c&gt;</Description>");
  }

  @Test
  void errorsUseTheErrorResponseShapeWithTypeAndStatus() throws Exception {
    HttpResponse<String> r =
        post(emu.adminKeys(PROD).accessKeyId(), "Action=GetRole&Version=2010-05-08&RoleName=Nope");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body())
        .matches(
            "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error>"
                + "<Type>Sender</Type><Code>NoSuchEntity</Code>"
                + "<Message>The role with name Nope cannot be found.</Message></Error>"
                + "<RequestId>[0-9a-f-]{36}</RequestId></ErrorResponse>");

    emu.faults().failNext("ListRoles", null, "ServiceFailure", 1);
    HttpResponse<String> failure =
        post(emu.adminKeys(PROD).accessKeyId(), "Action=ListRoles&Version=2010-05-08");
    assertThat(failure.statusCode()).isEqualTo(500);
    assertThat(failure.body()).contains("<Type>Receiver</Type><Code>ServiceFailure</Code>");

    HttpResponse<String> unknown =
        post(emu.adminKeys(PROD).accessKeyId(), "Action=CreateBucket&Version=2010-05-08");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("<Code>InvalidAction</Code>");
  }

  @Test
  void concurrentCreatesOfOneNameYieldExactlyOneSuccess() throws Exception {
    IamClient iam = iam(PROD);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        int n = i;
        results.add(
            pool.submit(
                () -> {
                  try {
                    iam.createRole(
                        b ->
                            b.roleName(n % 2 == 0 ? "Same" : "same")
                                .assumeRolePolicyDocument(trustAccount(DEV)));
                    return "ok";
                  } catch (software.amazon.awssdk.awscore.exception.AwsServiceException e) {
                    return e.awsErrorDetails().errorCode();
                  }
                }));
      }
      List<String> outcomes = new ArrayList<>();
      for (Future<String> f : results) {
        outcomes.add(f.get());
      }
      assertThat(outcomes).containsOnlyOnce("ok");
      assertThat(outcomes).filteredOn(o -> !o.equals("ok")).containsOnly("EntityAlreadyExists");
      assertThat(emu.calls().entries()).hasSize(16);
    } finally {
      pool.shutdownNow();
    }
  }
}
