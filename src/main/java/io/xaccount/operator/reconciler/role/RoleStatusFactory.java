package io.xaccount.operator.reconciler.role;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.xaccount.operator.api.v1alpha1.ConsoleSettings;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.CrossAccountRoleStatus;
import io.xaccount.operator.api.v1alpha1.InlinePolicy;
import io.xaccount.operator.iam.CliProfile;
import io.xaccount.operator.iam.DesiredRole;
import io.xaccount.operator.iam.IdentityPolicyWarnings;
import io.xaccount.operator.iam.RoleIdentity;
import io.xaccount.operator.iam.SessionRevocation;
import io.xaccount.operator.iam.SwitchRoleUrl;
import io.xaccount.operator.iam.TrustSpec;
import io.xaccount.operator.iam.TrustWarnings;
import java.util.ArrayList;
import java.util.List;

/** Builds what the status says about a converged role: its ARN, the console link, a profile. */
final class RoleStatusFactory {
  static final String REDACTED = "(from spec.trust.externalIdSecretRef)";
  static final int MAX_WARNINGS = 20;
  static final int MAX_WARNING_CHARS = 300;

  private RoleStatusFactory() {}

  /**
   * @param identity the role as IAM reported it: ARN and links name its real path and spelling
   * @param readWarnings fields of the stored spec that were ignored
   */
  static CrossAccountRoleStatus converged(
      CrossAccountRole resource,
      String partition,
      String accountId,
      DesiredRole role,
      TrustSpec trust,
      RoleIdentity identity,
      List<String> readWarnings) {
    CrossAccountRoleStatus status = new CrossAccountRoleStatus();
    String arn = identity.arn();
    status.setAccountId(accountId);
    status.setRoleArn(arn);
    status.setRoleId(identity.roleId());
    status.setTrustPolicy(redacted(role.trust().toJsonNode(), trust.externalId()));
    List<String> warnings = specWarnings(resource, readWarnings, trust);
    status.setWarnings(warnings.isEmpty() ? null : capped(warnings));
    ConsoleSettings console = resource.getSpec().getConsole();
    SwitchRoleUrl.Result link =
        SwitchRoleUrl.build(
            partition,
            accountId,
            identity.path(),
            identity.name(),
            console == null ? null : console.getDisplayName(),
            console == null ? null : console.getColor(),
            trust);
    if (link instanceof SwitchRoleUrl.Link l) {
      status.setSwitchRoleUrl(l.url());
    } else if (link instanceof SwitchRoleUrl.NotUsable n) {
      status.setConsoleNote(n.reason());
    }
    status.setCliProfile(
        CliProfile.render(
            resource.getMetadata().getName(),
            arn,
            "default",
            trust.requireMfa(),
            trust.externalId() != null));
    return status;
  }

  /**
   * Actions and condition keys of the inline policies that no AWS service has: IAM took them, and
   * they silently do nothing. From the spec as written, so each warning quotes the user's entry.
   */
  /**
   * At most {@value #MAX_WARNINGS} warnings of at most {@value #MAX_WARNING_CHARS} characters, and
   * a count of the rest: a policy full of typos (IAM takes 10,240 characters of them) must not grow
   * the status towards the object size limit.
   */
  static List<String> capped(List<String> warnings) {
    List<String> out = new ArrayList<>();
    for (String warning : warnings.subList(0, Math.min(warnings.size(), MAX_WARNINGS))) {
      // A warning quotes the tenant's own text (an action name can be as long as the policy).
      out.add(
          warning.length() <= MAX_WARNING_CHARS
              ? warning
              : warning.substring(0, MAX_WARNING_CHARS) + "...");
    }
    if (warnings.size() > MAX_WARNINGS) {
      out.add("... and %d more warnings".formatted(warnings.size() - MAX_WARNINGS));
    }
    return out;
  }

  /**
   * What the spec earns as warnings, however the reconcile ends: fields that were ignored, trust
   * that narrows nothing, inline policies naming what no AWS service has, sessions being revoked.
   *
   * @param trust the rendered trust's spec, null when the reconcile failed before it
   */
  static List<String> specWarnings(
      CrossAccountRole resource, List<String> readWarnings, TrustSpec trust) {
    List<String> warnings = new ArrayList<>(readWarnings);
    if (trust != null) {
      warnings.addAll(TrustWarnings.of(trust));
    }
    warnings.addAll(inlinePolicyWarnings(resource));
    DesiredRoleFactory.revokedBefore(resource.getSpec(), new ArrayList<>())
        .ifPresent(at -> warnings.add(SessionRevocation.warning(at)));
    return warnings;
  }

  private static List<String> inlinePolicyWarnings(CrossAccountRole resource) {
    List<String> warnings = new ArrayList<>();
    List<InlinePolicy> policies = resource.getSpec().getInlinePolicies();
    for (InlinePolicy policy : policies == null ? List.<InlinePolicy>of() : policies) {
      warnings.addAll(
          IdentityPolicyWarnings.of("inline policy " + policy.getName(), policy.getDocument()));
    }
    return warnings;
  }

  /** The document with the ExternalId replaced: a secret never goes into a status. */
  static JsonNode redacted(JsonNode document, String externalId) {
    if (externalId == null) {
      return document;
    }
    JsonNode copy = document.deepCopy();
    replace(copy, externalId);
    return copy;
  }

  private static void replace(JsonNode node, String secret) {
    if (node instanceof ObjectNode object) {
      object
          .fields()
          .forEachRemaining(
              e -> {
                if (e.getValue().isTextual() && e.getValue().asText().equals(secret)) {
                  e.setValue(TextNode.valueOf(REDACTED));
                } else {
                  replace(e.getValue(), secret);
                }
              });
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        if (array.get(i).isTextual() && array.get(i).asText().equals(secret)) {
          array.set(i, TextNode.valueOf(REDACTED));
        } else {
          replace(array.get(i), secret);
        }
      }
    }
  }
}
