package io.xaccount.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xaccount.operator.testsupport.EmulatorResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The recorded proof behind deploy/iam/: every IAM and STS call the operator made during the whole
 * in-JVM suite (written by {@link EmulatorResource} when the emulator stops) is allowed by the
 * policy documents its identity would carry. Runs after the unit and end-to-end tests.
 */
class OperatorCallsAllowedIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyRecordedOperatorCallIsAllowedByTheShippedPolicies() throws Exception {
    Path recorded = EmulatorResource.RECORDED_CALLS;
    assertThat(recorded).as("the end-to-end tests record the operator's calls").exists();
    List<String> calls = Files.readAllLines(recorded);
    assertThat(calls)
        .as("the suite exercised the operator")
        .anyMatch(c -> c.startsWith("iam:CreateRole "));

    JsonNode base = document("operator-base-identity-policy.json");
    List<JsonNode> account =
        List.of(document("trusting-account-policy.json"), document("trusted-account-policy.json"));
    List<String> refused = new ArrayList<>();
    for (String call : calls) {
      String action = call.split(" ")[0];
      boolean sessionCall = call.endsWith(" session");
      List<JsonNode> documents = sessionCall ? account : List.of(base);
      boolean allowed =
          documents.stream()
              .anyMatch(d -> PolicyActions.decide(d, action) == PolicyActions.Decision.ALLOWED);
      if (!allowed) {
        refused.add(call);
      }
    }
    assertThat(refused).as("operator calls not allowed by deploy/iam").isEmpty();
  }

  private static JsonNode document(String file) throws Exception {
    return JSON.readTree(IamPolicyDocumentsTest.DIR.resolve(file).toFile());
  }
}
