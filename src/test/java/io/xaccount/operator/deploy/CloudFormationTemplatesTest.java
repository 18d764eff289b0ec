package io.xaccount.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CloudFormation templates of {@code deploy/cloudformation/} install exactly the documents of
 * {@code deploy/iam/}: evaluated with their parameters set to deploy/iam's placeholders (and the
 * partition to {@code aws}), every policy and trust policy is identical to its JSON file, for every
 * combination the parameters select. A change to a file of deploy/iam fails here until the template
 * carries it too.
 */
class CloudFormationTemplatesTest {
  private static final Path IAM = Path.of("deploy", "iam");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ACCOUNT_ROLE = "operator-account-role.json";
  private static final String BASE_ROLE = "operator-base-role.json";

  /** deploy/iam's placeholders, as the account role template's parameters. */
  private static Map<String, String> accountParameters(
      String holds, boolean boundary, boolean externalId, boolean adoption) {
    Map<String, String> p = new HashMap<>();
    p.put("OperatorAccountId", "<OPERATOR_ACCOUNT_ID>");
    p.put("OperatorBaseRoleName", "<OPERATOR_BASE_ROLE>");
    p.put("AccountHolds", holds);
    p.put("PermissionsBoundaryArn", boundary ? "<BOUNDARY_POLICY_ARN>" : "");
    p.put("ExternalId", externalId ? "<EXTERNAL_ID>" : "");
    p.put("AllowAdoption", String.valueOf(adoption));
    return p;
  }

  @Test
  void theAccountRoleIsXaccountOperatorTrustingTheBaseIdentityWithOrWithoutAnExternalId() {
    for (boolean externalId : List.of(false, true)) {
      var stack =
          new CloudFormation(ACCOUNT_ROLE, accountParameters("Both", false, externalId, false));
      JsonNode role = stack.resource("OperatorRole").orElseThrow();
      assertThat(role.path("RoleName").asText()).isEqualTo("xaccount-operator");
      assertThat(role.path("AssumeRolePolicyDocument"))
          .as("externalId=%s", externalId)
          .isEqualTo(
              iam(
                  externalId
                      ? "operator-role-trust-policy-external-id.json"
                      : "operator-role-trust-policy.json"));
    }
  }

  @Test
  void theAccountPoliciesAreDeployIamsUnderTheOperatorsOwnPath() {
    Map<String, String> trusting =
        Map.of(
            "", "trusting-account-policy.json",
            "boundary", "trusting-account-policy-boundary.json");
    for (boolean boundary : List.of(false, true)) {
      for (String holds : List.of("Both", "CrossAccountRoles", "AssumeRoleGrants")) {
        var stack =
            new CloudFormation(ACCOUNT_ROLE, accountParameters(holds, boundary, false, false));
        String context = holds + (boundary ? " with boundary" : "");
        assertPolicy(
            stack,
            "TrustingPolicy",
            "xaccount-operator-trusting",
            holds.equals("AssumeRoleGrants") ? null : trusting.get(boundary ? "boundary" : ""),
            context);
        assertPolicy(
            stack,
            "TrustedPolicy",
            "xaccount-operator-trusted",
            holds.equals("CrossAccountRoles") ? null : "trusted-account-policy.json",
            context);
        assertThat(stack.resource("TrustingAdoptionPolicy")).as(context).isEmpty();
        assertThat(stack.resource("TrustedAdoptionPolicy")).as(context).isEmpty();
      }
    }
  }

  @Test
  void adoptionIsOptInAndFollowsWhatTheAccountHolds() {
    var both = new CloudFormation(ACCOUNT_ROLE, accountParameters("Both", false, false, true));
    assertPolicy(
        both,
        "TrustingAdoptionPolicy",
        "xaccount-operator-trusting-adoption",
        "trusting-account-adoption-policy.json",
        "Both");
    assertPolicy(
        both,
        "TrustedAdoptionPolicy",
        "xaccount-operator-trusted-adoption",
        "trusted-account-adoption-policy.json",
        "Both");
    var grants =
        new CloudFormation(ACCOUNT_ROLE, accountParameters("AssumeRoleGrants", false, false, true));
    assertThat(grants.resource("TrustingAdoptionPolicy")).isEmpty();
    assertThat(grants.resource("TrustedAdoptionPolicy")).isPresent();
  }

  @Test
  void theBaseRoleTrustsTheReleasesServiceAccountThroughIrsaOrPodIdentity() {
    Map<String, String> irsa = new HashMap<>(baseParameters("Irsa"));
    var irsaStack = new CloudFormation(BASE_ROLE, irsa);
    JsonNode role = irsaStack.resource("BaseRole").orElseThrow();
    // IRSA's condition keys carry the OIDC provider, so that document is a substituted string.
    assertThat(CloudFormation.document(role.path("AssumeRolePolicyDocument")))
        .isEqualTo(iam("operator-base-identity-trust-irsa.json"));
    assertThat(role.at("/Policies/0/PolicyName").asText()).isEqualTo("xaccount-operator-base");
    assertThat(role.at("/Policies/0/PolicyDocument"))
        .isEqualTo(iam("operator-base-identity-policy.json"));
    assertThat(role.path("Policies")).hasSize(1);
    assertThat(irsaStack.resource("PodIdentityAssociation")).isEmpty();

    Map<String, String> pods = new HashMap<>(baseParameters("PodIdentity"));
    assertThat(
            new CloudFormation(BASE_ROLE, pods)
                .resource("BaseRole")
                .orElseThrow()
                .path("AssumeRolePolicyDocument"))
        .isEqualTo(iam("operator-base-identity-trust-pod-identity.json"));
    assertThat(new CloudFormation(BASE_ROLE, pods).resource("PodIdentityAssociation")).isEmpty();
    pods.put("ClusterName", "prod-eu-1");
    JsonNode association =
        new CloudFormation(BASE_ROLE, pods).resource("PodIdentityAssociation").orElseThrow();
    assertThat(association.path("Namespace").asText()).isEqualTo("<NAMESPACE>");
    assertThat(association.path("ServiceAccount").asText()).isEqualTo("<SERVICE_ACCOUNT>");
    assertThat(association.path("ClusterName").asText()).isEqualTo("prod-eu-1");
  }

  @Test
  void theTemplatesDefaultToTheChartsNamesAndNameEachOther() {
    var base = new CloudFormation(BASE_ROLE, Map.of("AWS::AccountId", "111111111111"));
    assertThat(base.template().at("/Parameters/Namespace/Default").asText())
        .isEqualTo("xaccount-system");
    assertThat(base.template().at("/Parameters/ServiceAccountName/Default").asText())
        .isEqualTo("xaccount-operator");
    var account = new CloudFormation(ACCOUNT_ROLE, Map.of("OperatorAccountId", "111111111111"));
    assertThat(account.template().at("/Parameters/OperatorBaseRoleName/Default"))
        .isEqualTo(base.template().at("/Parameters/RoleName/Default"));
  }

  @Test
  void everyDocumentOfDeployIamIsInATemplate() throws IOException {
    Set<String> files = new TreeSet<>();
    try (Stream<Path> listed = Files.list(IAM)) {
      listed
          .map(p -> p.getFileName().toString())
          .filter(f -> f.endsWith(".json"))
          .forEach(files::add);
    }
    // Each file is asserted above; this list is what those tests cover.
    assertThat(files)
        .containsExactlyInAnyOrder(
            "operator-base-identity-policy.json",
            "operator-base-identity-trust-irsa.json",
            "operator-base-identity-trust-pod-identity.json",
            "operator-role-trust-policy.json",
            "operator-role-trust-policy-external-id.json",
            "trusting-account-policy.json",
            "trusting-account-policy-boundary.json",
            "trusted-account-policy.json",
            "trusting-account-adoption-policy.json",
            "trusted-account-adoption-policy.json");
  }

  @Test
  void cfnLintFindsNothing() throws Exception {
    String lint = onPath("cfn-lint");
    assumeTrue(lint != null, "cfn-lint is not installed: the templates' own lint is skipped");
    Process process =
        new ProcessBuilder(
                lint,
                CloudFormation.DIR.resolve(ACCOUNT_ROLE).toString(),
                CloudFormation.DIR.resolve(BASE_ROLE).toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }

  private static Map<String, String> baseParameters(String mechanism) {
    return Map.of(
        "Mechanism", mechanism,
        "OidcProvider", "<OIDC_PROVIDER>",
        "Namespace", "<NAMESPACE>",
        "ServiceAccountName", "<SERVICE_ACCOUNT>",
        "AWS::AccountId", "<OPERATOR_ACCOUNT_ID>");
  }

  /** The policy exists exactly when {@code file} is not null, and then carries that document. */
  private static void assertPolicy(
      CloudFormation stack, String logicalId, String name, String file, String context) {
    var policy = stack.resource(logicalId);
    if (file == null) {
      assertThat(policy).as("%s in %s", logicalId, context).isEmpty();
      return;
    }
    JsonNode properties = policy.orElseThrow(() -> new AssertionError(logicalId + " " + context));
    assertThat(properties.path("ManagedPolicyName").asText()).isEqualTo(name);
    assertThat(properties.path("Path").asText()).isEqualTo("/xaccount-operator/");
    assertThat(properties.path("Roles").toString()).isEqualTo("[\"<OperatorRole>\"]");
    assertThat(properties.path("PolicyDocument"))
        .as("%s in %s", file, context)
        .isEqualTo(iam(file));
  }

  private static JsonNode iam(String file) {
    try {
      return JSON.readTree(IAM.resolve(file).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String onPath(String binary) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, binary))) {
        return Path.of(dir, binary).toString();
      }
    }
    return null;
  }
}
