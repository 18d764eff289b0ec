package io.xaccount.sandbox.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xaccount.sandbox.OperatorPermissions;
import io.xaccount.sandbox.chaos.ChaosWorkload.Planned;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Generated manifests a hostile or careless tenant might apply: oversized documents, unicode
 * look-alikes, other partitions' and malformed ARNs, unknown condition operators, 10,000-entry
 * lists, dangling references, references to the operator's own identity. Each names the reasons it
 * may truthfully be refused with: a Ready reason of the operator, or {@value #ADMISSION} when the
 * API itself must refuse it (the CRD schema). None may cost one IAM write.
 *
 * <p>Our kinds cannot form reference cycles (a grant names a role, a role names an account, nothing
 * points back), so "cyclic" inputs are the self-references that matter: a grant whose target or
 * principal is the operator's own role.
 */
final class BadInputCorpus {
  static final String NAMESPACE = "chaos-bad";
  static final String DENIED_NAMESPACE = "chaos-denied";
  static final String ADMISSION = "RefusedByApi";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TRUSTING = ChaosWorkload.ACCOUNTS.get(0);
  private static final String TRUSTED = ChaosWorkload.ACCOUNTS.get(1);
  private static final Set<String> INVALID = Set.of("InvalidSpec");

  private final List<Planned> items = new ArrayList<>();

  static List<Planned> generate() {
    return new BadInputCorpus().build();
  }

  /** A valid role the corpus's grants refer to, applied (and converged) before the corpus. */
  static Planned target() {
    ObjectNode object = object("CrossAccountRole", "corpus-target");
    ObjectNode spec = object.putObject("spec");
    spec.put("accountRef", ChaosWorkload.accountName(0));
    spec.put("roleName", "ChaosCorpusTarget");
    spec.putObject("trust").putArray("accountIds").add(TRUSTED);
    return new Planned("CrossAccountRole", NAMESPACE, "corpus-target", object, Set.of("Converged"));
  }

  private List<Planned> build() {
    role("oversized-inline", Set.of("InvalidSpec", "LimitExceeded"), s -> inline(s, actions(400)));
    role(
        "ten-thousand-actions",
        Set.of("InvalidSpec", "LimitExceeded"),
        s -> inline(s, actions(10_000)));
    role(
        "ten-thousand-account-ids",
        Set.of(ADMISSION),
        s -> {
          ArrayNode ids = s.with("trust").putArray("accountIds");
          for (int i = 0; i < 10_000; i++) {
            ids.add("%012d".formatted(100_000_000_000L + i));
          }
        });
    grant(
        "ten-thousand-groups",
        Set.of(ADMISSION),
        s -> {
          ArrayNode groups = s.with("principals").putArray("groups");
          for (int i = 0; i < 10_000; i++) {
            groups.add("g" + i);
          }
        });
    role("lookalike-role-name", Set.of(ADMISSION), s -> s.put("roleName", "BadR\u043ele"));
    grant(
        "lookalike-group",
        Set.of(ADMISSION),
        s -> s.with("principals").putArray("groups").add("chaos-g\u041e"));
    role(
        "lookalike-account-in-arn",
        INVALID,
        s ->
            s.with("trust")
                .putArray("principalArns")
                .add("arn:aws:iam::\uff11\uff12\uff13456789012:root"));
    role(
        "lookalike-action",
        INVALID,
        s -> inline(s, JSON.createArrayNode().add("\u0455" + "3:GetObject")));
    role(
        "other-partition-policy",
        INVALID,
        s -> s.putArray("managedPolicyArns").add("arn:aws-cn:iam::aws:policy/ReadOnlyAccess"));
    role(
        "other-partition-principal",
        INVALID,
        s ->
            s.with("trust")
                .putArray("principalArns")
                .add("arn:aws-us-gov:iam::" + TRUSTED + ":user/alice"));
    role(
        "malformed-principal",
        INVALID,
        s -> s.with("trust").putArray("principalArns").add("arn:aws:iam::12345:user/alice"));
    grant(
        "malformed-target-arn",
        Set.of(ADMISSION),
        s -> s.putObject("target").put("roleArn", "arn:aws:iam::" + TRUSTING + ":role/a role"));
    role("unknown-condition-operator", INVALID, s -> conditioned(s, "StringEqualsMaybe"));
    role("null-if-exists", INVALID, s -> conditioned(s, "NullIfExists"));
    role("malformed-document", INVALID, s -> statements(s, JSON.getNodeFactory().textNode("no")));
    role("description-emoji", INVALID, s -> s.put("description", "rocket \uD83D\uDE80 role"));
    role("inline-iam-star", Set.of("Forbidden"), s -> allowInline(s, "iam:*"));
    role(
        "star-principal-pattern",
        Set.of("Forbidden", "InvalidSpec"),
        s -> {
          s.with("trust").remove("accountIds");
          s.with("trust").putArray("principalArnPatterns").add("*");
        });
    role("dangling-account", Set.of("AccountNotReady"), s -> s.put("accountRef", "no-such"));
    role(
        "missing-secret",
        Set.of("SecretNotFound"),
        s -> s.with("trust").putObject("externalIdSecretRef").put("name", "nope").put("key", "x"));
    grant(
        "dangling-role-ref",
        Set.of("TargetNotReady"),
        s -> s.putObject("target").putObject("roleRef").put("name", "no-such-role"));
    grant(
        "target-is-operator",
        Set.of("Forbidden"),
        s ->
            s.putObject("target")
                .put(
                    "roleArn",
                    "arn:aws:iam::" + TRUSTING + ":role/" + OperatorPermissions.OPERATOR_ROLE));
    grant(
        "principal-is-operator",
        Set.of("Forbidden"),
        s -> s.with("principals").putArray("roles").add(OperatorPermissions.OPERATOR_ROLE));
    grant(
        "foreign-namespace-ref",
        Set.of("Forbidden"),
        s ->
            s.putObject("target")
                .putObject("roleRef")
                .put("name", "role-0")
                .put("namespace", ChaosWorkload.NAMESPACE));
    Planned denied = role("namespace-not-allowed", Set.of("Forbidden"), s -> {});
    denied.object().with("metadata").put("namespace", DENIED_NAMESPACE);
    items.set(
        items.size() - 1,
        new Planned(
            denied.kind(), DENIED_NAMESPACE, denied.name(), denied.object(), denied.ends()));
    return List.copyOf(items);
  }

  /** A role in the trusting account that is valid but for {@code spoil}. */
  private Planned role(String name, Set<String> ends, Consumer<ObjectNode> spoil) {
    ObjectNode object = object("CrossAccountRole", name);
    ObjectNode spec = object.putObject("spec");
    spec.put("accountRef", ChaosWorkload.accountName(0));
    spec.put("roleName", "Bad-" + name);
    spec.putObject("trust").putArray("accountIds").add(TRUSTED);
    spoil.accept(spec);
    return add(new Planned("CrossAccountRole", NAMESPACE, name, object, ends));
  }

  /** A grant in the trusted account that is valid but for {@code spoil}. */
  private Planned grant(String name, Set<String> ends, Consumer<ObjectNode> spoil) {
    ObjectNode object = object("AssumeRoleGrant", name);
    ObjectNode spec = object.putObject("spec");
    spec.put("accountRef", ChaosWorkload.accountName(1));
    spec.putObject("target").putObject("roleRef").put("name", "corpus-target");
    spec.putObject("principals").putArray("groups").add("chaos-g0");
    spoil.accept(spec);
    return add(new Planned("AssumeRoleGrant", NAMESPACE, name, object, ends));
  }

  private Planned add(Planned planned) {
    items.add(planned);
    return planned;
  }

  private static ArrayNode actions(int n) {
    ArrayNode actions = JSON.createArrayNode();
    for (int i = 0; i < n; i++) {
      actions.add("ec2:DescribeSomethingQuiteLongNumber" + i);
    }
    return actions;
  }

  private static void inline(ObjectNode spec, ArrayNode denied) {
    ObjectNode statement = JSON.createObjectNode().put("Effect", "Deny").put("Resource", "*");
    statement.set("Action", denied);
    statements(spec, JSON.createArrayNode().add(statement));
  }

  private static void allowInline(ObjectNode spec, String action) {
    statements(
        spec,
        JSON.createArrayNode()
            .add(
                JSON.createObjectNode()
                    .put("Effect", "Allow")
                    .put("Action", action)
                    .put("Resource", "*")));
  }

  private static void conditioned(ObjectNode spec, String operator) {
    ObjectNode statement =
        JSON.createObjectNode().put("Effect", "Deny").put("Action", "s3:*").put("Resource", "*");
    statement.putObject("Condition").putObject(operator).put("aws:RequestedRegion", "us-east-1");
    statements(spec, JSON.createArrayNode().add(statement));
  }

  private static void statements(ObjectNode spec, com.fasterxml.jackson.databind.JsonNode list) {
    ObjectNode policy = spec.putArray("inlinePolicies").addObject().put("name", "bad");
    policy.putObject("document").put("Version", "2012-10-17").set("Statement", list);
  }

  private static ObjectNode object(String kind, String name) {
    ObjectNode object = JSON.createObjectNode();
    object.put("apiVersion", "xaccount.io/v1alpha1").put("kind", kind);
    object.putObject("metadata").put("name", name).put("namespace", NAMESPACE);
    return object;
  }
}
