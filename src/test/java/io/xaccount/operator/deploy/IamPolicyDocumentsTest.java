package io.xaccount.operator.deploy;

import static io.xaccount.operator.deploy.PolicyActions.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xaccount.operator.deploy.PolicyActions.Decision;
import io.xaccount.operator.iam.PolicyDocument;
import io.xaccount.operator.iam.Wildcards;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The IAM documents under {@code deploy/iam/} are valid policies, and allow every IAM and STS call
 * the operator's gateways make, so that they never fall behind the code: the calls are found by
 * scanning {@code aws/*.java} for the action names handed to the error translator, so a new call
 * (or a new gateway) fails this test until the matching document allows it.
 */
class IamPolicyDocumentsTest {

  static final Path DIR = Path.of("deploy/iam");
  static final Path GATEWAYS = Path.of("src/main/java/io/xaccount/operator/aws");
  static final Pattern ACTION = Pattern.compile("\"((?:iam|sts):[A-Z][A-Za-z]+)\"");

  static final List<String> TRUSTING =
      List.of("trusting-account-policy.json", "trusting-account-policy-boundary.json");
  static final String TRUSTED = "trusted-account-policy.json";

  /** Opt-in: adoption of entities nobody owns, withheld by the documents above on purpose. */
  static final List<String> ADOPTION =
      List.of("trusting-account-adoption-policy.json", "trusted-account-adoption-policy.json");

  static final String BASE = "operator-base-identity-policy.json";
  static final List<String> TRUST_POLICIES =
      List.of("operator-role-trust-policy.json", "operator-role-trust-policy-external-id.json");

  /** Trust policies of the base identity: IRSA (web identity) or EKS Pod Identity. */
  static final List<String> BASE_TRUST_POLICIES =
      List.of(
          "operator-base-identity-trust-irsa.json",
          "operator-base-identity-trust-pod-identity.json");

  /** Deliberate, unconditional refusals: the operator never makes these calls there. */
  static final Map<String, Set<String>> REFUSED =
      Map.of("trusting-account-policy-boundary.json", Set.of("iam:DeleteRolePermissionsBoundary"));

  /** Allowed without a call in the gateways yet: tag reads. */
  static final Set<String> EXTRAS = Set.of("iam:ListRoleTags", "iam:ListPolicyTags");

  /**
   * The grant gateway's calls ({@code aws/IamPolicies.java}), allowed ahead of it while it is being
   * written; once the file exists its scanned calls take over and these stop counting.
   */
  static final Set<String> GRANT_GATEWAY_CALLS =
      Set.of(
          "iam:GetPolicy",
          "iam:CreatePolicy",
          "iam:TagPolicy",
          "iam:UntagPolicy",
          "iam:GetPolicyVersion",
          "iam:ListPolicyVersions",
          "iam:CreatePolicyVersion",
          "iam:DeletePolicyVersion",
          "iam:DeletePolicy",
          "iam:ListEntitiesForPolicy",
          "iam:AttachUserPolicy",
          "iam:DetachUserPolicy",
          "iam:AttachGroupPolicy",
          "iam:DetachGroupPolicy",
          "iam:AttachRolePolicy",
          "iam:DetachRolePolicy");

  /**
   * IAM actions allowed on {@code "*"}. The bulk read of roles: IAM authorises
   * GetAccountAuthorizationDetails on no resource type, so only {@code "*"} allows it; ListRoles
   * shows nothing it does not, so scoping it would gain nothing. ListPolicies lists policy metadata
   * (names, paths, versions), never documents; the operator asks it only for the path of a grant
   * pack.
   */
  static final Set<String> UNSCOPED =
      Set.of("iam:GetAccountAuthorizationDetails", "iam:ListRoles", "iam:ListPolicies");

  static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Which documents must allow a call found in a gateway. sts:AssumeRole is made by the base
   * identity (the per-account role is assumed from it); the role gateways (one role at a time, and
   * in bulk) work in trusting accounts, the policy gateway in trusted accounts; any other gateway
   * is called in every account.
   */
  static List<String> documentsFor(String gateway, String action) {
    if (action.equals("sts:AssumeRole")) {
      return List.of(BASE);
    }
    if (action.equals("iam:GetPolicy") || action.equals("iam:GetPolicyVersion")) {
      // Also read by the role reconciler: to leave grant policies attached to a role alone, and
      // to judge the customer managed policies a spec names by their documents.
      return Stream.concat(TRUSTING.stream(), Stream.of(TRUSTED)).toList();
    }
    if (action.equals("iam:ListAttachedUserPolicies")
        || action.equals("iam:ListAttachedRolePolicies")) {
      // The role reconciler asks which policies hold the operator's own identity; the grant
      // reconciler which grant policies a principal holds (its slot budget).
      return Stream.concat(TRUSTING.stream(), Stream.of(TRUSTED)).toList();
    }
    if (gateway.startsWith("IamRoles") || gateway.startsWith("IamAccountRoles")) {
      return TRUSTING;
    }
    if (gateway.startsWith("IamPolicies")) {
      return List.of(TRUSTED);
    }
    return Stream.concat(TRUSTING.stream(), Stream.of(TRUSTED)).toList();
  }

  /**
   * Gateway file name -> the actions it names (the grant gateway's expected calls until it exists).
   */
  static Map<String, Set<String>> gatewayCalls() {
    Map<String, Set<String>> calls = new TreeMap<>();
    try (Stream<Path> files = Files.list(GATEWAYS)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Matcher m = ACTION.matcher(Files.readString(file));
        while (m.find()) {
          calls
              .computeIfAbsent(file.getFileName().toString(), f -> new TreeSet<>())
              .add(m.group(1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    calls.putIfAbsent("IamPolicies.java", new TreeSet<>(GRANT_GATEWAY_CALLS));
    return calls;
  }

  static Set<String> allCalls() {
    Set<String> all = new TreeSet<>();
    gatewayCalls().values().forEach(all::addAll);
    return all;
  }

  static JsonNode read(String file) {
    try {
      return JSON.readTree(DIR.resolve(file).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Stream<String> files() {
    try (Stream<Path> files = Files.list(DIR)) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(f -> f.endsWith(".json"))
          .sorted()
          .toList()
          .stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Stream<Arguments> calls() {
    return gatewayCalls().entrySet().stream()
        .flatMap(
            e ->
                e.getValue().stream()
                    .flatMap(
                        action ->
                            documentsFor(e.getKey(), action).stream()
                                .map(doc -> arguments(e.getKey(), action, doc))));
  }

  @Test
  void everyDocumentIsKnown() {
    Set<String> known = new HashSet<>(TRUSTING);
    known.addAll(List.of(TRUSTED, BASE));
    known.addAll(TRUST_POLICIES);
    known.addAll(BASE_TRUST_POLICIES);
    known.addAll(ADOPTION);
    assertThat(files()).containsExactlyInAnyOrderElementsOf(known);
    assertThat(DIR.resolve("README.md")).exists();
  }

  @Test
  void theScanFindsTheOperatorsCalls() {
    assertThat(allCalls())
        .contains(
            "iam:CreateRole",
            "iam:DeleteRole",
            "iam:GetRole",
            "iam:TagRole",
            "sts:GetCallerIdentity",
            "sts:AssumeRole");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void isAValidPolicyWithinIamLimits(String file) {
    JsonNode doc = read(file);
    boolean trust = TRUST_POLICIES.contains(file) || BASE_TRUST_POLICIES.contains(file);

    assertThat(doc.path("Version").asText()).isEqualTo("2012-10-17");
    assertThat(doc.path("Statement").isArray() && doc.path("Statement").size() > 0).isTrue();
    Set<String> sids = new HashSet<>();
    for (JsonNode s : doc.path("Statement")) {
      assertThat(s.path("Sid").asText()).matches("[A-Za-z0-9]+");
      assertThat(sids.add(s.path("Sid").asText())).as("unique Sid").isTrue();
      assertThat(s.path("Effect").asText()).isIn("Allow", "Deny");
      assertThat(s.has("Action") ^ s.has("NotAction")).as("Action or NotAction").isTrue();
      for (String action : strings(s.has("Action") ? s.path("Action") : s.path("NotAction"))) {
        assertThat(action).matches("(iam|sts):[A-Za-z*]+");
      }
      assertThat(s.has("Principal")).isEqualTo(trust);
      assertThat(s.has("Resource")).isEqualTo(!trust);
      if (!trust && s.path("Effect").asText().equals("Allow")) {
        // Least privilege: no blanket grants; IAM actions are always scoped to a resource type.
        assertThat(s.has("NotAction")).isFalse();
        for (String action : strings(s.path("Action"))) {
          assertThat(action).doesNotContain("*");
          if (action.startsWith("iam:") && !UNSCOPED.contains(action)) {
            assertThat(strings(s.path("Resource"))).doesNotContain("*");
          }
        }
      }
    }
    int length = PolicyDocument.parse(doc.toString()).minifiedLength();
    assertThat(length).isLessThanOrEqualTo(trust ? 2048 : 6144);
  }

  @ParameterizedTest(name = "{1} ({0}) in {2}")
  @MethodSource("calls")
  void everyCallIsAllowedByItsDocument(String gateway, String action, String document) {
    Decision expected =
        REFUSED.getOrDefault(document, Set.of()).contains(action)
            ? Decision.DENIED
            : Decision.ALLOWED;
    assertThat(PolicyActions.decide(read(document), action)).isEqualTo(expected);
  }

  @Test
  void documentsAllowNothingTheOperatorDoesNotCall() {
    Set<String> calls = allCalls();
    for (String document :
        Stream.of(TRUSTING, List.of(TRUSTED, BASE), ADOPTION).flatMap(List::stream).toList()) {
      for (String pattern : PolicyActions.allowedPatterns(read(document))) {
        assertThat(
                EXTRAS.contains(pattern)
                    || calls.stream().anyMatch(c -> Wildcards.matches(pattern, c, true)))
            .as("%s allows %s, which no gateway calls (or add it to EXTRAS)", document, pattern)
            .isTrue();
      }
    }
  }

  /**
   * The operator's first write of an adoption is a TagRole/TagPolicy carrying {@code
   * xaccount.io/adopted}. The default documents allow tagging only without that key (tagging on
   * create), or on entities already carrying our tag; the opt-in documents allow exactly that write
   * and nothing else.
   */
  @Test
  void adoptionIsWithheldByDefaultAndGrantedOnlyByTheOptInDocuments() {
    for (String document : Stream.concat(TRUSTING.stream(), Stream.of(TRUSTED)).toList()) {
      for (JsonNode s : read(document).path("Statement")) {
        boolean tags =
            strings(s.path("Action")).stream()
                .anyMatch(a -> a.equals("iam:TagRole") || a.equals("iam:TagPolicy"));
        boolean onOwned =
            s.at("/Condition/StringEquals").has("aws:ResourceTag/xaccount.io/managed-by");
        if (s.path("Effect").asText().equals("Allow") && tags && !onOwned) {
          assertThat(s.at("/Condition/ForAllValues:StringNotEquals/aws:TagKeys").asText())
              .as("%s %s must refuse the adoption mark", document, s.path("Sid").asText())
              .isEqualTo("xaccount.io/adopted");
        }
      }
    }
    for (String document : ADOPTION) {
      JsonNode statements = read(document).path("Statement");
      assertThat(statements).hasSize(1);
      JsonNode s = statements.get(0);
      assertThat(s.path("Effect").asText()).isEqualTo("Allow");
      assertThat(strings(s.path("Action")))
          .containsAnyOf("iam:TagRole", "iam:TagPolicy")
          .hasSize(1);
      assertThat(s.at("/Condition/ForAnyValue:StringEquals/aws:TagKeys").asText())
          .isEqualTo("xaccount.io/adopted");
      assertThat(s.at("/Condition/StringEquals/aws:RequestTag~1xaccount.io~1managed-by").asText())
          .isEqualTo("xaccount-operator");
    }
  }

  @Test
  void refusalsAreUnconditional() {
    REFUSED.forEach(
        (document, actions) ->
            actions.forEach(
                a ->
                    assertThat(PolicyActions.decide(read(document), a))
                        .isEqualTo(Decision.DENIED)));
  }

  @Test
  void theBaseIdentityIsAssumableOnlyByTheOperatorsServiceAccountOrPods() {
    JsonNode irsa = read("operator-base-identity-trust-irsa.json").path("Statement").get(0);
    assertThat(strings(irsa.path("Action"))).containsExactly("sts:AssumeRoleWithWebIdentity");
    assertThat(irsa.at("/Condition/StringEquals/<OIDC_PROVIDER>:sub").asText())
        .isEqualTo("system:serviceaccount:<NAMESPACE>:<SERVICE_ACCOUNT>");
    assertThat(irsa.at("/Condition/StringEquals/<OIDC_PROVIDER>:aud").asText())
        .isEqualTo("sts.amazonaws.com");
    JsonNode pods = read("operator-base-identity-trust-pod-identity.json").path("Statement").get(0);
    assertThat(pods.at("/Principal/Service").asText()).isEqualTo("pods.eks.amazonaws.com");
    assertThat(strings(pods.path("Action"))).containsExactly("sts:AssumeRole", "sts:TagSession");
  }

  @Test
  void trustPoliciesLetOnlyTheBaseIdentityAssumeTheRole() {
    for (String file : TRUST_POLICIES) {
      JsonNode statement = read(file).path("Statement").get(0);
      assertThat(read(file).path("Statement").size()).isEqualTo(1);
      assertThat(statement.path("Principal").path("AWS").asText())
          .isEqualTo("arn:aws:iam::<OPERATOR_ACCOUNT_ID>:role/<OPERATOR_BASE_ROLE>");
      assertThat(strings(statement.path("Action"))).containsExactly("sts:AssumeRole");
    }
    assertThat(
            read("operator-role-trust-policy-external-id.json")
                .at("/Statement/0/Condition/StringEquals/sts:ExternalId")
                .asText())
        .isEqualTo("<EXTERNAL_ID>");
  }
}
