package io.xaccount.operator.aws;

import io.xaccount.operator.iam.ObservedRole;
import io.xaccount.operator.iam.PolicyDocument;
import io.xaccount.operator.iam.RoleChange;
import io.xaccount.operator.iam.RoleIdentity;
import io.xaccount.operator.iam.RoleUse;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.RoleLastUsed;
import software.amazon.awssdk.services.iam.model.Tag;

/** The IAM calls the operator makes on roles: one method per call, plus reading a whole role. */
@ApplicationScoped
public class IamRoles {

  /**
   * Reads the role as it is: GetRole (trust, boundary, tags, creation and last use),
   * ListAttachedRolePolicies, ListRolePolicies and one GetRolePolicy per inline policy. Empty when
   * the role does not exist.
   */
  public Optional<ObservedRole> observe(AccountClients clients, String roleName) {
    IamClient iam = clients.iam();
    Optional<Role> found = getRole(iam, roleName);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Role role = found.get();
    Set<String> attached = new LinkedHashSet<>();
    call(
        "iam:ListAttachedRolePolicies",
        () ->
            iam
                .listAttachedRolePoliciesPaginator(r -> r.roleName(roleName))
                .attachedPolicies()
                .stream()
                .map(AttachedPolicy::policyArn)
                .forEach(attached::add));
    Map<String, PolicyDocument> inline = new LinkedHashMap<>();
    List<String> names =
        call(
            "iam:ListRolePolicies",
            () ->
                iam.listRolePoliciesPaginator(r -> r.roleName(roleName)).policyNames().stream()
                    .toList());
    for (String name : names) {
      String document =
          call(
              "iam:GetRolePolicy",
              () -> iam.getRolePolicy(r -> r.roleName(roleName).policyName(name)).policyDocument());
      inline.put(name, PolicyDocument.parse(document));
    }
    Map<String, String> tags = new LinkedHashMap<>();
    role.tags().forEach(t -> tags.put(t.key(), t.value()));
    return Optional.of(
        new ObservedRole(
            role.roleName(),
            role.path(),
            role.description(),
            role.maxSessionDuration(),
            PolicyDocument.parse(role.assumeRolePolicyDocument()),
            attached,
            inline,
            role.permissionsBoundary() == null
                ? null
                : role.permissionsBoundary().permissionsBoundaryArn(),
            tags,
            role.arn(),
            role.roleId(),
            use(role.createDate(), role.roleLastUsed())));
  }

  /**
   * When the role was created and last used: GetRole (and GetAccountAuthorizationDetails) carry
   * both, so knowing them costs no call of its own.
   */
  static RoleUse use(Instant created, RoleLastUsed lastUsed) {
    return lastUsed == null
        ? RoleUse.created(created)
        : new RoleUse(created, lastUsed.lastUsedDate(), lastUsed.region());
  }

  private Optional<Role> getRole(IamClient iam, String roleName) {
    try {
      return Optional.of(iam.getRole(r -> r.roleName(roleName)).role());
    } catch (NoSuchEntityException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw AwsErrors.translate("iam:GetRole", e);
    }
  }

  /**
   * Makes the one IAM call a planned change stands for.
   *
   * @return the new role's identity for CreateRole, otherwise empty
   */
  public Optional<RoleIdentity> apply(AccountClients clients, String roleName, RoleChange change) {
    IamClient iam = clients.iam();
    if (change instanceof RoleChange.CreateRole c) {
      Role created =
          call(
              "iam:CreateRole",
              () ->
                  iam.createRole(
                          r -> {
                            r.roleName(c.name())
                                .path(c.path())
                                .assumeRolePolicyDocument(c.trust().toJson())
                                .maxSessionDuration(c.maxSessionDuration())
                                .tags(tags(c.tags()));
                            if (!c.description().isEmpty()) {
                              r.description(c.description());
                            }
                            if (c.permissionsBoundaryArn() != null) {
                              r.permissionsBoundary(c.permissionsBoundaryArn());
                            }
                          })
                      .role());
      return Optional.of(
          new RoleIdentity(
              created.arn(),
              created.roleId(),
              created.path(),
              created.roleName(),
              created.createDate()));
    } else if (change instanceof RoleChange.UpdateAssumeRolePolicy c) {
      call(
          "iam:UpdateAssumeRolePolicy",
          () ->
              iam.updateAssumeRolePolicy(
                  r -> r.roleName(roleName).policyDocument(c.trust().toJson())));
    } else if (change instanceof RoleChange.UpdateRole c) {
      call(
          "iam:UpdateRole",
          () ->
              iam.updateRole(
                  r ->
                      r.roleName(roleName)
                          .description(c.description())
                          .maxSessionDuration(c.maxSessionDuration())));
    } else if (change instanceof RoleChange.PutRolePermissionsBoundary c) {
      call(
          "iam:PutRolePermissionsBoundary",
          () ->
              iam.putRolePermissionsBoundary(
                  r -> r.roleName(roleName).permissionsBoundary(c.policyArn())));
    } else if (change instanceof RoleChange.DeleteRolePermissionsBoundary c) {
      call(
          "iam:DeleteRolePermissionsBoundary",
          () -> iam.deleteRolePermissionsBoundary(r -> r.roleName(roleName)));
    } else if (change instanceof RoleChange.AttachRolePolicy c) {
      call(
          "iam:AttachRolePolicy",
          () -> iam.attachRolePolicy(r -> r.roleName(roleName).policyArn(c.policyArn())));
    } else if (change instanceof RoleChange.DetachRolePolicy c) {
      detachRolePolicy(clients, roleName, c.policyArn());
    } else if (change instanceof RoleChange.PutRolePolicy c) {
      call(
          "iam:PutRolePolicy",
          () ->
              iam.putRolePolicy(
                  r ->
                      r.roleName(roleName)
                          .policyName(c.policyName())
                          .policyDocument(c.document().toJson())));
    } else if (change instanceof RoleChange.DeleteRolePolicy c) {
      deleteRolePolicy(clients, roleName, c.policyName());
    } else if (change instanceof RoleChange.TagRole c) {
      tagRole(clients, roleName, c.tags());
    } else if (change instanceof RoleChange.UntagRole c) {
      call("iam:UntagRole", () -> iam.untagRole(r -> r.roleName(roleName).tagKeys(c.keys())));
    } else {
      throw new IllegalArgumentException("unknown change " + change);
    }
    return Optional.empty();
  }

  /** TagRole: adds or replaces the given tags. */
  public void tagRole(AccountClients clients, String roleName, Map<String, String> tags) {
    call("iam:TagRole", () -> clients.iam().tagRole(r -> r.roleName(roleName).tags(tags(tags))));
  }

  /** DetachRolePolicy. */
  public void detachRolePolicy(AccountClients clients, String roleName, String policyArn) {
    call(
        "iam:DetachRolePolicy",
        () -> clients.iam().detachRolePolicy(r -> r.roleName(roleName).policyArn(policyArn)));
  }

  /** DeleteRolePolicy. */
  public void deleteRolePolicy(AccountClients clients, String roleName, String policyName) {
    call(
        "iam:DeleteRolePolicy",
        () -> clients.iam().deleteRolePolicy(r -> r.roleName(roleName).policyName(policyName)));
  }

  /** ListInstanceProfilesForRole: the names of the instance profiles holding the role. */
  public List<String> instanceProfilesOf(AccountClients clients, String roleName) {
    return call(
        "iam:ListInstanceProfilesForRole",
        () ->
            clients
                .iam()
                .listInstanceProfilesForRolePaginator(r -> r.roleName(roleName))
                .instanceProfiles()
                .stream()
                .map(InstanceProfile::instanceProfileName)
                .toList());
  }

  /** RemoveRoleFromInstanceProfile. */
  public void removeFromInstanceProfile(AccountClients clients, String roleName, String profile) {
    call(
        "iam:RemoveRoleFromInstanceProfile",
        () ->
            clients
                .iam()
                .removeRoleFromInstanceProfile(
                    r -> r.roleName(roleName).instanceProfileName(profile)));
  }

  /** DeleteRole. */
  public void deleteRole(AccountClients clients, String roleName) {
    call("iam:DeleteRole", () -> clients.iam().deleteRole(r -> r.roleName(roleName)));
  }

  private static List<Tag> tags(Map<String, String> tags) {
    return tags.entrySet().stream()
        .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
        .toList();
  }

  private static void call(String action, Runnable call) {
    call(
        action,
        () -> {
          call.run();
          return null;
        });
  }

  static <T> T call(String action, Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      throw AwsErrors.translate(action, e);
    }
  }
}
