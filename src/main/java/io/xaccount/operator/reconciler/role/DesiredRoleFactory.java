package io.xaccount.operator.reconciler.role;

import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.CrossAccountRoleSpec;
import io.xaccount.operator.api.v1alpha1.InlinePolicy;
import io.xaccount.operator.api.v1alpha1.SecretKeyRef;
import io.xaccount.operator.api.v1alpha1.Trust;
import io.xaccount.operator.iam.DesiredRole;
import io.xaccount.operator.iam.GrantWindow;
import io.xaccount.operator.iam.IdentityPolicyValidator;
import io.xaccount.operator.iam.InvalidPolicyException;
import io.xaccount.operator.iam.PolicyDocument;
import io.xaccount.operator.iam.RoleLimits;
import io.xaccount.operator.iam.RoleValidator;
import io.xaccount.operator.iam.SessionRevocation;
import io.xaccount.operator.iam.TrustPolicy;
import io.xaccount.operator.iam.TrustSpec;
import io.xaccount.operator.iam.Validated;
import io.xaccount.operator.reconciler.OperatorSettings;
import io.xaccount.operator.reconciler.Ownership;
import io.xaccount.operator.reconciler.Reason;
import io.xaccount.operator.reconciler.ReconcileFailure;
import io.xaccount.operator.reconciler.SecretValues;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a CrossAccountRole spec into the role IAM should hold: the rendered trust policy, the
 * parsed inline policies and the tags including ours. Everything invalid is reported at once,
 * naming the field, before any IAM call.
 */
@ApplicationScoped
public class DesiredRoleFactory {
  private final SecretValues secrets;
  private final Ownership ownership;
  private final RoleLimits limits;

  public DesiredRoleFactory(SecretValues secrets, Ownership ownership, OperatorSettings settings) {
    this.secrets = secrets;
    this.ownership = ownership;
    this.limits =
        new RoleLimits(
            settings.maxManagedPoliciesPerRole(),
            settings.maxInlinePolicyChars(),
            settings.maxTrustPolicyChars());
  }

  /** The desired role with the trust spec it was rendered from (the status needs both). */
  public record Desired(DesiredRole role, TrustSpec trust) {}

  /**
   * The desired role of {@code resource}.
   *
   * @param secretCache where the ExternalId Secret its trust names is read
   */
  public Desired build(
      CrossAccountRole resource, String partition, SecretValues.Cache secretCache) {
    CrossAccountRoleSpec spec = resource.getSpec();
    List<String> errors = new ArrayList<>();
    TrustSpec trust = trustSpec(resource, partition, secretCache);
    Validated<PolicyDocument> rendered = TrustPolicy.render(trust, limits.maxTrustPolicyChars());
    errors.addAll(rendered.errors());
    Map<String, PolicyDocument> inline = new LinkedHashMap<>();
    List<InlinePolicy> policies =
        spec.getInlinePolicies() == null ? List.of() : spec.getInlinePolicies();
    for (int i = 0; i < policies.size(); i++) {
      InlinePolicy policy = policies.get(i);
      String field =
          "spec.inlinePolicies[%s].document"
              .formatted(policy.getName() == null ? String.valueOf(i) : policy.getName());
      List<String> invalid = IdentityPolicyValidator.validate(field, policy.getDocument());
      if (!invalid.isEmpty()) {
        errors.addAll(invalid);
        continue;
      }
      if (SessionRevocation.isReserved(policy.getName())) {
        errors.add(
            "spec.inlinePolicies[%s].name: reserved for spec.revokeSessionsIssuedBefore"
                .formatted(policy.getName()));
        continue;
      }
      try {
        inline.put(policy.getName(), PolicyDocument.of(policy.getDocument()));
      } catch (InvalidPolicyException | NullPointerException e) {
        errors.add("%s: %s".formatted(field, e.getMessage()));
      }
    }
    revokedBefore(spec, errors)
        .ifPresent(at -> inline.put(SessionRevocation.POLICY_NAME, SessionRevocation.policy(at)));
    Map<String, String> tags = new LinkedHashMap<>();
    if (spec.getTags() != null) {
      spec.getTags()
          .forEach(
              (key, value) -> {
                if (key.toLowerCase().startsWith(Ownership.PREFIX)) {
                  errors.add(
                      "spec.tags: the key %s is reserved for the operator's ownership tags"
                          .formatted(key));
                }
                tags.put(key, value);
              });
    }
    tags.putAll(ownership.tagsFor(resource));
    if (!errors.isEmpty()) {
      throw new ReconcileFailure(Reason.InvalidSpec, String.join("; ", errors));
    }
    DesiredRole role =
        new DesiredRole(
            roleName(resource),
            spec.getPath(),
            spec.getDescription(),
            spec.getMaxSessionDuration(),
            rendered.get(),
            new LinkedHashSet<>(
                spec.getManagedPolicyArns() == null ? List.of() : spec.getManagedPolicyArns()),
            inline,
            spec.getPermissionsBoundaryArn(),
            tags);
    List<String> invalid = RoleValidator.validate(role, limits, partition);
    if (!invalid.isEmpty()) {
      throw new ReconcileFailure(Reason.InvalidSpec, String.join("; ", invalid));
    }
    return new Desired(role, trust);
  }

  /** The instant of spec.revokeSessionsIssuedBefore, if set (an error when unreadable). */
  static Optional<Instant> revokedBefore(CrossAccountRoleSpec spec, List<String> errors) {
    String value = spec.getRevokeSessionsIssuedBefore();
    Optional<Instant> at = GrantWindow.parseInstant(value);
    if (value != null && at.isEmpty()) {
      errors.add(
          "spec.revokeSessionsIssuedBefore: \"%s\" is not an RFC 3339 time".formatted(value));
    }
    return at;
  }

  /** The IAM role name: spec.roleName, or the resource's name. */
  public static String roleName(CrossAccountRole resource) {
    String name = resource.getSpec().getRoleName();
    return name == null || name.isEmpty() ? resource.getMetadata().getName() : name;
  }

  private TrustSpec trustSpec(
      CrossAccountRole resource, String partition, SecretValues.Cache secretCache) {
    Trust trust = resource.getSpec().getTrust();
    SecretKeyRef ref = trust.getExternalIdSecretRef();
    String namespace = resource.getMetadata().getNamespace();
    if (ref != null && ref.getNamespace() != null && !ref.getNamespace().equals(namespace)) {
      throw new ReconcileFailure(
          Reason.InvalidSpec,
          ("spec.trust.externalIdSecretRef.namespace is %s: a CrossAccountRole reads Secrets only"
                  + " in its own namespace (%s); remove the field or move the Secret")
              .formatted(ref.getNamespace(), namespace));
    }
    String externalId =
        trust.getExternalIdSecretRef() == null
            ? null
            : secrets.read(
                secretCache,
                resource.getMetadata().getNamespace(),
                trust.getExternalIdSecretRef(),
                "spec.trust.externalIdSecretRef");
    return new TrustSpec(
        orEmpty(trust.getAccountIds()),
        orEmpty(trust.getPrincipalArns()),
        orEmpty(trust.getPrincipalArnPatterns()),
        trust.isRequireMfa(),
        trust.getMfaMaxAgeSeconds(),
        externalId,
        trust.isRequireSourceIdentity(),
        trust.isAllowSessionTags(),
        partition);
  }

  private static List<String> orEmpty(List<String> values) {
    return values == null ? List.of() : values;
  }
}
