package io.xaccount.operator.aws;

import io.xaccount.operator.iam.PolicyDocument;
import io.xaccount.operator.iam.PolicyVersionChange.PolicyVersion;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.ListEntitiesForPolicyResponse;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Policy;
import software.amazon.awssdk.services.iam.model.PolicyGroup;
import software.amazon.awssdk.services.iam.model.PolicyRole;
import software.amazon.awssdk.services.iam.model.PolicyScopeType;
import software.amazon.awssdk.services.iam.model.PolicyUsageType;
import software.amazon.awssdk.services.iam.model.PolicyUser;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * The IAM calls the operator makes on customer managed policies and their attachments: one method
 * per call, plus reading a whole policy.
 */
@ApplicationScoped
public class IamPolicies {

  /** The kinds of IAM entity a managed policy can be attached to. */
  public enum EntityKind {
    USER,
    GROUP,
    ROLE
  }

  /**
   * Who a policy is attached to as a permissions policy, by kind, names sorted.
   *
   * @param users user names
   * @param groups group names
   * @param roles role names
   */
  public record Entities(Set<String> users, Set<String> groups, Set<String> roles) {
    /** The names of one kind. */
    public Set<String> of(EntityKind kind) {
      return switch (kind) {
        case USER -> users;
        case GROUP -> groups;
        case ROLE -> roles;
      };
    }
  }

  /**
   * A customer managed policy as IAM holds it.
   *
   * @param arn its ARN
   * @param defaultVersionId the version in force
   * @param defaultDocument the document of that version, decoded
   * @param tags its tags
   * @param entities who it is attached to
   */
  public record ObservedPolicy(
      String arn,
      String defaultVersionId,
      PolicyDocument defaultDocument,
      Map<String, String> tags,
      Entities entities) {}

  /**
   * What GetPolicy tells about a policy.
   *
   * @param arn its ARN
   * @param defaultVersionId the version in force
   * @param tags its tags
   * @param policyId its unique id (a policy deleted and created again under the same ARN has
   *     another)
   */
  public record PolicyHead(
      String arn, String defaultVersionId, Map<String, String> tags, String policyId) {}

  /**
   * What ListPolicies tells about a policy (no tags: IAM does not list them).
   *
   * @param arn its ARN
   * @param name its name
   * @param defaultVersionId the version in force
   * @param policyId its unique id
   */
  public record PolicyListing(String arn, String name, String defaultVersionId, String policyId) {}

  /**
   * Reads the policy: GetPolicy (default version, tags), GetPolicyVersion of the default version
   * and ListEntitiesForPolicy. Empty when the policy does not exist.
   */
  public Optional<ObservedPolicy> observe(AccountClients clients, String policyArn) {
    Optional<PolicyHead> found = getPolicy(clients, policyArn);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    PolicyHead policy = found.get();
    return Optional.of(
        new ObservedPolicy(
            policy.arn(),
            policy.defaultVersionId(),
            document(clients, policyArn, policy.defaultVersionId()),
            policy.tags(),
            entitiesFor(clients, policyArn)));
  }

  /** GetPolicyVersion: the document of one version, decoded. */
  public PolicyDocument document(AccountClients clients, String policyArn, String versionId) {
    return PolicyDocument.parse(
        IamRoles.call(
            "iam:GetPolicyVersion",
            () ->
                clients
                    .iam()
                    .getPolicyVersion(r -> r.policyArn(policyArn).versionId(versionId))
                    .policyVersion()
                    .document()));
  }

  /** ListPolicies of this account (Scope Local) under a path prefix, all pages. */
  public List<PolicyListing> listPolicies(AccountClients clients, String pathPrefix) {
    return IamRoles.call(
        "iam:ListPolicies",
        () ->
            clients
                .iam()
                .listPoliciesPaginator(r -> r.scope(PolicyScopeType.LOCAL).pathPrefix(pathPrefix))
                .policies()
                .stream()
                .map(
                    p ->
                        new PolicyListing(
                            p.arn(), p.policyName(), p.defaultVersionId(), p.policyId()))
                .toList());
  }

  /** GetPolicy; empty when the policy does not exist. */
  public Optional<PolicyHead> getPolicy(AccountClients clients, String policyArn) {
    try {
      Policy policy = clients.iam().getPolicy(r -> r.policyArn(policyArn)).policy();
      Map<String, String> tags = new LinkedHashMap<>();
      policy.tags().forEach(t -> tags.put(t.key(), t.value()));
      return Optional.of(
          new PolicyHead(policy.arn(), policy.defaultVersionId(), tags, policy.policyId()));
    } catch (NoSuchEntityException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw AwsErrors.translate("iam:GetPolicy", e);
    }
  }

  /** ListEntitiesForPolicy (as a permissions policy, all pages). */
  public Entities entitiesFor(AccountClients clients, String policyArn) {
    Set<String> users = new TreeSet<>();
    Set<String> groups = new TreeSet<>();
    Set<String> roles = new TreeSet<>();
    IamRoles.call(
        "iam:ListEntitiesForPolicy",
        () -> {
          for (ListEntitiesForPolicyResponse page :
              clients
                  .iam()
                  .listEntitiesForPolicyPaginator(
                      r ->
                          r.policyArn(policyArn)
                              .policyUsageFilter(PolicyUsageType.PERMISSIONS_POLICY))) {
            page.policyUsers().stream().map(PolicyUser::userName).forEach(users::add);
            page.policyGroups().stream().map(PolicyGroup::groupName).forEach(groups::add);
            page.policyRoles().stream().map(PolicyRole::roleName).forEach(roles::add);
          }
          return null;
        });
    return new Entities(users, groups, roles);
  }

  /** CreatePolicy with tags; returns the new policy as IAM describes it. */
  public PolicyHead createPolicy(
      AccountClients clients,
      String path,
      String name,
      String description,
      PolicyDocument document,
      Map<String, String> tags) {
    Policy policy =
        IamRoles.call(
            "iam:CreatePolicy",
            () ->
                clients
                    .iam()
                    .createPolicy(
                        r ->
                            r.path(path)
                                .policyName(name)
                                .description(description)
                                .policyDocument(document.toJson())
                                .tags(tags(tags)))
                    .policy());
    return new PolicyHead(policy.arn(), policy.defaultVersionId(), tags, policy.policyId());
  }

  /** ListPolicyVersions (all pages). */
  public List<PolicyVersion> versions(AccountClients clients, String policyArn) {
    return IamRoles.call(
        "iam:ListPolicyVersions",
        () ->
            clients
                .iam()
                .listPolicyVersionsPaginator(r -> r.policyArn(policyArn))
                .versions()
                .stream()
                .map(v -> new PolicyVersion(v.versionId(), v.isDefaultVersion(), v.createDate()))
                .toList());
  }

  /** CreatePolicyVersion; returns the new version's id. */
  public String createPolicyVersion(
      AccountClients clients, String policyArn, PolicyDocument document, boolean setAsDefault) {
    return IamRoles.call(
        "iam:CreatePolicyVersion",
        () ->
            clients
                .iam()
                .createPolicyVersion(
                    r ->
                        r.policyArn(policyArn)
                            .policyDocument(document.toJson())
                            .setAsDefault(setAsDefault))
                .policyVersion()
                .versionId());
  }

  /** DeletePolicyVersion. */
  public void deletePolicyVersion(AccountClients clients, String policyArn, String versionId) {
    IamRoles.call(
        "iam:DeletePolicyVersion",
        () -> clients.iam().deletePolicyVersion(r -> r.policyArn(policyArn).versionId(versionId)));
  }

  /** DeletePolicy. */
  public void deletePolicy(AccountClients clients, String policyArn) {
    IamRoles.call(
        "iam:DeletePolicy", () -> clients.iam().deletePolicy(r -> r.policyArn(policyArn)));
  }

  /** TagPolicy: adds or replaces the given tags. */
  public void tagPolicy(AccountClients clients, String policyArn, Map<String, String> tags) {
    IamRoles.call(
        "iam:TagPolicy",
        () -> clients.iam().tagPolicy(r -> r.policyArn(policyArn).tags(tags(tags))));
  }

  /** UntagPolicy. */
  public void untagPolicy(
      AccountClients clients, String policyArn, java.util.Collection<String> keys) {
    IamRoles.call(
        "iam:UntagPolicy",
        () -> clients.iam().untagPolicy(r -> r.policyArn(policyArn).tagKeys(keys)));
  }

  /** AttachUserPolicy, AttachGroupPolicy or AttachRolePolicy. */
  public void attach(AccountClients clients, EntityKind kind, String name, String policyArn) {
    IamClient iam = clients.iam();
    switch (kind) {
      case USER ->
          IamRoles.call(
              "iam:AttachUserPolicy",
              () -> iam.attachUserPolicy(r -> r.userName(name).policyArn(policyArn)));
      case GROUP ->
          IamRoles.call(
              "iam:AttachGroupPolicy",
              () -> iam.attachGroupPolicy(r -> r.groupName(name).policyArn(policyArn)));
      case ROLE ->
          IamRoles.call(
              "iam:AttachRolePolicy",
              () -> iam.attachRolePolicy(r -> r.roleName(name).policyArn(policyArn)));
    }
  }

  /**
   * GetUser, GetGroup or GetRole: whether the principal exists (false on NoSuchEntity). Asked only
   * before a policy is attached to someone new, never at steady state.
   */
  public boolean principalExists(AccountClients clients, EntityKind kind, String name) {
    IamClient iam = clients.iam();
    try {
      switch (kind) {
        case USER -> IamRoles.call("iam:GetUser", () -> iam.getUser(r -> r.userName(name)));
        case GROUP ->
            IamRoles.call("iam:GetGroup", () -> iam.getGroup(r -> r.groupName(name).maxItems(1)));
        case ROLE -> IamRoles.call("iam:GetRole", () -> iam.getRole(r -> r.roleName(name)));
      }
      return true;
    } catch (AwsFailure f) {
      if (f.is(AwsFailure.Kind.NOT_FOUND)) {
        return false;
      }
      throw f;
    }
  }

  /**
   * ListAttachedUserPolicies, ListAttachedGroupPolicies or ListAttachedRolePolicies under a path
   * prefix, all pages: the ARNs of the managed policies attached to the principal; none when it
   * does not exist.
   */
  public List<String> attachedPolicyArns(
      AccountClients clients, EntityKind kind, String name, String pathPrefix) {
    IamClient iam = clients.iam();
    try {
      return switch (kind) {
        case USER ->
            IamRoles.call(
                "iam:ListAttachedUserPolicies",
                () ->
                    iam
                        .listAttachedUserPoliciesPaginator(
                            r -> r.userName(name).pathPrefix(pathPrefix))
                        .attachedPolicies()
                        .stream()
                        .map(AttachedPolicy::policyArn)
                        .toList());
        case GROUP ->
            IamRoles.call(
                "iam:ListAttachedGroupPolicies",
                () ->
                    iam
                        .listAttachedGroupPoliciesPaginator(
                            r -> r.groupName(name).pathPrefix(pathPrefix))
                        .attachedPolicies()
                        .stream()
                        .map(AttachedPolicy::policyArn)
                        .toList());
        case ROLE ->
            IamRoles.call(
                "iam:ListAttachedRolePolicies",
                () ->
                    iam
                        .listAttachedRolePoliciesPaginator(
                            r -> r.roleName(name).pathPrefix(pathPrefix))
                        .attachedPolicies()
                        .stream()
                        .map(AttachedPolicy::policyArn)
                        .toList());
      };
    } catch (AwsFailure f) {
      if (f.is(AwsFailure.Kind.NOT_FOUND)) {
        return List.of();
      }
      throw f;
    }
  }

  /** DetachUserPolicy, DetachGroupPolicy or DetachRolePolicy. */
  public void detach(AccountClients clients, EntityKind kind, String name, String policyArn) {
    IamClient iam = clients.iam();
    switch (kind) {
      case USER ->
          IamRoles.call(
              "iam:DetachUserPolicy",
              () -> iam.detachUserPolicy(r -> r.userName(name).policyArn(policyArn)));
      case GROUP ->
          IamRoles.call(
              "iam:DetachGroupPolicy",
              () -> iam.detachGroupPolicy(r -> r.groupName(name).policyArn(policyArn)));
      case ROLE ->
          IamRoles.call(
              "iam:DetachRolePolicy",
              () -> iam.detachRolePolicy(r -> r.roleName(name).policyArn(policyArn)));
    }
  }

  private static List<Tag> tags(Map<String, String> tags) {
    return tags.entrySet().stream()
        .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
        .toList();
  }
}
